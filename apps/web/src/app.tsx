import {
  deleteDetectorFromIndexedDb,
  detectorFromFile,
  detectorToFile,
  listDetectorsInIndexedDb,
  loadDetectorFromIndexedDb,
  saveDetectorToIndexedDb,
  type Detector,
  type SavedDetectorInfo,
} from '@aedetect/detector'
import { defaultsFor } from '@aedetect/evaluation'
import type { EpochProgress } from '@aedetect/models'
import { useEffect, useRef, useState } from 'preact/hooks'
import { warmCharts } from './charts-loader'
import { LiveLoss } from './live-loss'
import { loadCsv } from './load-csv'
import { loadEcg5000 } from './load-data'
import { loadFolder, type LoadedFolder } from './load-folder'
import { ReportView } from './report-view'
import { SavedDetectors } from './saved-detectors'
import { evaluateLoaded, type DemoResult, type LabelledData } from './run-demo'
import { startWasmBackend, type BackendInfo } from './wasm-backend'
import type { FromWorker, ToWorker } from './worker-protocol'
import { SeriesPanel } from './series-panel'
import { loadFashionSubset } from './load-images'

const DEFAULTS = defaultsFor('tabular')

// ?epochs=3&seed=7 preset the form (the end-to-end test trains briefly this way).
function numberParam(name: string, fallback: number): number {
  const value = Number(new URLSearchParams(location.search).get(name) ?? Number.NaN)
  return Number.isInteger(value) && value > 0 ? value : fallback
}

function describe(error: unknown): string {
  if (error instanceof Error) return 'code' in error ? `${String(error.code)}: ${error.message}` : error.message
  return String(error)
}

function progressLine(p: EpochProgress): string {
  const val = p.valLoss === undefined ? '' : `, validation loss ${p.valLoss.toFixed(5)}`
  return `epoch ${p.epoch}/${p.epochs} · loss ${p.loss.toFixed(5)}${val} · ${Math.round(p.samplesPerSecond)} samples/s · ${(p.etaMs / 1000).toFixed(1)} s left`
}

/** The demo page: data, training in a worker, report with a threshold by hand, and the detector as a file, a folder or kept in this browser. */
export function App() {
  const [source, setSource] = useState<'ecg' | 'images' | 'csv'>('ecg')
  const [csvLabel, setCsvLabel] = useState('label')
  const [csvNormal, setCsvNormal] = useState('')
  const [data, setData] = useState<LabelledData | null>(null)
  const [epochs, setEpochs] = useState(() => numberParam('epochs', 20))
  const [seed, setSeed] = useState(() => numberParam('seed', DEFAULTS.seed))
  const [backend, setBackend] = useState<BackendInfo | null>(null)
  const [busy, setBusy] = useState<string | null>(null)
  const [progress, setProgress] = useState('')
  // Epochs the worker had ended when it got stop (its `stop-seen`), shown as data-stop-seen-after.
  const [stopSeenAfter, setStopSeenAfter] = useState<number | null>(null)
  const [trained, setTrained] = useState<EpochProgress[]>([])
  const [result, setResult] = useState<DemoResult | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [keepKey, setKeepKey] = useState('ecg5000')
  const [saved, setSaved] = useState<SavedDetectorInfo[] | null>(null)
  const [dragging, setDragging] = useState<'csv' | 'folder' | null>(null)
  const detector = useRef<Detector | null>(null)
  // The detector as the single-file artifact (detectorToFile): what the worker sends back and what download saves.
  const detectorFile = useRef<string | null>(null)
  const worker = useRef<Worker | null>(null)
  const stopWorker = useRef<(() => void) | null>(null)
  const trainPanel = useRef<HTMLElement>(null)

  async function run(label: string, job: () => Promise<void>): Promise<void> {
    setBusy(label)
    setError(null)
    try {
      await job()
    } catch (e) {
      setError(describe(e))
    } finally {
      setBusy(null)
    }
  }

  const readCsv = (file: File): void => void run('reading CSV…', async () => {
    setData(null)
    setData(await loadCsv(file, { label: csvLabel, normal: csvNormal }))
  })
  const loadBundled = () => run('loading ECG5000…', async () => setData(await loadEcg5000()))
  const loadImages = () => run('loading images…', async () => {
    setData(null)
    setData(await loadFashionSubset())
  })
  // Parse the chart chunk (Observable Plot, d3) and draw once, before any training: parsed and first drawn during training, it cost a 133 ms frame.
  useEffect(() => void warmCharts().catch(() => undefined), [])
  useEffect(() => void loadBundled(), [])
  // A browser without IndexedDB (or with storage blocked) shows the error and no list.
  useEffect(() => {
    listDetectorsInIndexedDb().then(setSaved, (e: unknown) => setError(describe(e)))
  }, [])
  useEffect(() => () => worker.current?.terminate(), [])

  function replaceDetector(next: Detector | null, file: string | null): void {
    detector.current?.dispose()
    detector.current = next
    detectorFile.current = file
  }

  // Training runs in a Web Worker (wasm backend and fast kernels inside it); the page only draws its messages.
  function trainInWorker(input: LabelledData, runEpochs: number, onEpoch: (p: EpochProgress) => void): Promise<{ result: DemoResult; file: string }> {
    worker.current ??= new Worker(new URL('./train-worker.ts', import.meta.url), { type: 'module' })
    const w = worker.current
    return new Promise((resolve, reject) => {
      const finish = (): void => {
        w.onmessage = null
        w.onerror = null
        stopWorker.current = null
      }
      // Stop asks the worker: training yields between epochs, so the message lands at the end of the epoch under
      // way, and the fit keeps the best finished epoch's weights (onAbort: 'keepBest'), then answers 'done'.
      let stopping = false
      stopWorker.current = () => {
        stopping = true
        setProgress(`stopping at the end of the epoch under way…`)
        w.postMessage({ type: 'stop' } satisfies ToWorker)
      }
      w.onerror = (event) => {
        finish()
        reject(new Error(`The training worker failed: ${event.message || 'it could not be started'}.`))
      }
      w.onmessage = (event: MessageEvent<FromWorker>) => {
        const m = event.data
        if (m.type === 'backend') setBackend(m.backend)
        else if (m.type === 'stop-seen') setStopSeenAfter(m.afterEpoch)
        else if (m.type === 'epoch') {
          onEpoch(m.progress)
          // The epoch under way when stop was clicked may still end and be reported: say it is the last.
          if (stopping) setProgress(`stopping at the end of the epoch under way… (${progressLine(m.progress)})`)
        }
        else if (m.type === 'done') {
          finish()
          resolve({ result: m.result, file: m.file })
        } else if (m.type === 'error') {
          finish()
          reject(Object.assign(new Error(m.message), m.code === null ? {} : { code: m.code }))
        }
      }
      w.postMessage({ type: 'train', data: input, epochs: runEpochs, seed } satisfies ToWorker)
    })
  }

  const train = () =>
    run('training…', async () => {
      if (!data) throw new Error('Load a data set first.')
      setResult(null)
      setTrained([])
      setStopSeenAfter(null)
      setProgress(`epoch 0/${epochs}`)
      let done: { result: DemoResult; file: string }
      try {
        done = await trainInWorker(data, epochs, (p) => {
          setProgress(progressLine(p))
          setTrained((old) => [...old, p])
        })
      } catch (e) {
        if (e instanceof Error && 'code' in e && e.code === 'E_ABORTED') {
          setProgress(`stopped before the first epoch ended: no detector kept`)
          return
        }
        throw e
      }
      const history = done.result.history
      const note = history?.aborted ? `stopped after epoch ${history.epochsRun}/${epochs}; kept the weights of epoch ${history.bestEpoch}, the best of those ${history.epochsRun}` : ''
      trainPanel.current?.querySelector<HTMLButtonElement>('button[data-action="train"]')?.focus()
      // The page's own copy of the detector (for keep in this browser), from the artifact the worker sent.
      await startWasmBackend()
      replaceDetector(await detectorFromFile(done.file), done.file)
      if (note) setProgress(note)
      setResult(done.result)
    })

  const download = () =>
    run('saving…', async () => {
      if (!detector.current) return
      const file = detectorFile.current ?? (await detectorToFile(detector.current))
      const url = URL.createObjectURL(new Blob([file], { type: 'application/json' }))
      const link = Object.assign(document.createElement('a'), { href: url, download: 'aedetect-detector.json' })
      link.click()
      setTimeout(() => URL.revokeObjectURL(url), 1000)
    })

  // Load, then evaluate on the split recorded beside it, or on the package's seeded split with its own seed.
  const showLoaded = (what: string, read: () => Promise<Pick<LoadedFolder, 'detector' | 'recorded'> & { name?: string }>) =>
    run('loading detector…', async () => {
      if (!data) throw new Error('Load the data set the detector was trained on first.')
      setBackend(await startWasmBackend())
      const { detector: loaded, recorded, name } = await read()
      try {
        setResult(await evaluateLoaded(loaded, data, recorded))
      } catch (e) {
        loaded.dispose()
        throw e
      }
      replaceDetector(loaded, null)
      setTrained([])
      setProgress(`loaded ${name ?? what} (trained on ${loaded.state.backend}, seed ${loaded.state.seed}${recorded ? ', split from experiment.json' : ''})`)
    })

  const load = (file: File) => showLoaded(file.name, async () => ({ detector: await detectorFromFile(file), recorded: null }))
  const loadKept = (key: string) => showLoaded(`'${key}' from this browser`, async () => ({ detector: await loadDetectorFromIndexedDb(key), recorded: null }))
  const openFolder = (files: ArrayLike<File>) => showLoaded('folder', async () => {
    const folder = await loadFolder(files)
    return { ...folder, name: `folder ${folder.name}` }
  })

  const keep = () =>
    run('keeping in this browser…', async () => {
      if (!detector.current) return
      const info = await saveDetectorToIndexedDb(detector.current, keepKey.trim())
      setProgress(`kept '${info.key}' in this browser (${Math.round(info.byteLength / 1024)} kB)`)
      setSaved(await listDetectorsInIndexedDb())
    })

  const forget = (key: string) =>
    run('deleting…', async () => {
      await deleteDetectorFromIndexedDb(key)
      setSaved(await listDetectorsInIndexedDb())
    })

  const training = busy === 'training…'
  return (
    <main>
      <header>
        <h1>aedetect</h1>
        <p>Train an autoencoder anomaly detector in your browser, on TensorFlow.js's wasm backend, and read its report.</p>
      </header>

      <section class="panel">
        <h2>1 · Data</h2>
        <label><input type="radio" name="source" checked={source === 'ecg'} onChange={() => { setSource('ecg'); void loadBundled() }} /> ECG5000 (bundled)</label>
        <label><input type="radio" name="source" data-testid="source-images" checked={source === 'images'} onChange={() => { setSource('images'); void loadImages() }} /> Fashion-MNIST images (bundled subset)</label>
        <label><input type="radio" name="source" checked={source === 'csv'} onChange={() => { setSource('csv'); setData(null) }} /> my CSV</label>
        {source === 'csv' ? (
          <div class="row">
            <label>label column <input value={csvLabel} onInput={(e) => setCsvLabel(e.currentTarget.value)} size={8} /></label>
            <label>normal value <input value={csvNormal} placeholder="0/1 labels" onInput={(e) => setCsvNormal(e.currentTarget.value)} size={8} /></label>
            <input type="file" accept=".csv,.txt,text/csv" data-testid="csv-file" onChange={(e) => {
              const file = e.currentTarget.files?.[0]
              if (file) readCsv(file)
            }} />
          </div>
        ) : null}
        {source === 'csv' ? (
          <div
            class={dragging === 'csv' ? 'drop dragging' : 'drop'}
            data-testid="csv-drop"
            onDragOver={(e) => { e.preventDefault(); setDragging('csv') }}
            onDragLeave={() => setDragging(null)}
            onDrop={(e) => {
              e.preventDefault()
              setDragging(null)
              const file = e.dataTransfer?.files[0]
              if (file && busy === null) readCsv(file)
            }}
          >
            <p class="muted">or drop a CSV file here (parsed in a worker, with the label column and normal value above)</p>
          </div>
        ) : null}
        {data ? <p class="muted" data-testid="columns">columns: {data.featureNames.slice(0, 6).join(', ')}{data.featureNames.length > 6 ? `, … (${data.featureNames.length})` : ''}</p> : null}
        <p class="muted" data-testid="data">{data ? `${data.name}: ${data.labels.reduce((a, b) => a + b, 0)} anomalies` : 'no data loaded'}</p>
      </section>

      <section class="panel" ref={trainPanel}>
        <h2>2 · Train</h2>
        <div class="row">
          <label>epochs <input type="number" min={1} max={500} value={epochs} data-testid="epochs" onInput={(e) => setEpochs(Math.max(1, Number(e.currentTarget.value) || 1))} /></label>
          <label>seed <input type="number" min={0} value={seed} onInput={(e) => setSeed(Math.max(0, Math.floor(Number(e.currentTarget.value) || 0)))} /></label>
          <button type="button" data-action="train" onClick={train} disabled={busy !== null || !data}>train</button>
          <button type="button" onClick={() => stopWorker.current?.()} disabled={!training}>stop</button>
        </div>
        <p class="muted">
          The experiment of <code>aedetect train</code> (@aedetect/evaluation's tabular defaults): dense autoencoder 64-32-16-32-64, min-max scaled, trained on normal
          rows only, {DEFAULTS.validationFraction * 100} % of them held out for early stopping, {DEFAULTS.testFraction * 100} % of all rows tested; the page trains {epochs} epochs
          (the CLI up to {DEFAULTS.training.epochs}). Training runs in a Web Worker, so the page stays responsive.
        </p>
        <p class="progress" data-testid="progress" aria-live="polite" data-stop-seen-after={stopSeenAfter ?? undefined}>{progress}</p>
        {backend ? <p class="muted" data-testid="backend">backend: <b data-testid="backend-name">{backend.name}</b>{backend.simd ? ' (SIMD)' : ''}</p> : null}
        {training || (result === null && trained.length > 0) ? <LiveLoss epochs={trained} width={Math.min(560, (trainPanel.current?.clientWidth ?? 560) - 32)} /> : null}
      </section>

      <section class="panel">
        <h2>3 · Keep or open a detector</h2>
        <div class="row">
          <button type="button" onClick={download} disabled={busy !== null || !result || !detector.current}>download detector</button>
          <label class="file">load detector <input type="file" accept=".json,application/json" data-testid="detector-file" disabled={busy !== null} onChange={(e) => {
            const file = e.currentTarget.files?.[0]
            e.currentTarget.value = ''
            if (file) void load(file)
          }} /></label>
        </div>
        <div
          class={dragging === 'folder' ? 'drop dragging' : 'drop'}
          data-testid="folder-drop"
          onDragOver={(e) => { e.preventDefault(); setDragging('folder') }}
          onDragLeave={() => setDragging(null)}
          onDrop={(e) => {
            e.preventDefault()
            setDragging(null)
            const files = e.dataTransfer?.files
            if (files && files.length > 0 && busy === null) void openFolder(files)
          }}
        >
          <label class="file">
            open a folder from <code>aedetect train --out DIR</code>{' '}
            <input type="file" aria-label="model folder" data-testid="folder-input" disabled={busy !== null} {...{ webkitdirectory: true }} multiple onChange={(e) => {
              const files = e.currentTarget.files
              if (files && files.length > 0) void openFolder(Array.from(files))
              e.currentTarget.value = ''
            }} />
          </label>
          <p class="muted">or drop its detector.json, model.json, weights.bin and experiment.json here together; the split recorded in experiment.json is used.</p>
        </div>
        <div class="row">
          <label>name <input value={keepKey} size={14} data-testid="keep-key" onInput={(e) => setKeepKey(e.currentTarget.value)} /></label>
          <button type="button" onClick={keep} disabled={busy !== null || !result || !detector.current || keepKey.trim() === ''}>keep in this browser</button>
        </div>
        <SavedDetectors saved={saved} busy={busy !== null} onLoad={(key) => void loadKept(key)} onDelete={(key) => void forget(key)} />
      </section>

      {busy ? <p class="busy">{busy}</p> : null}
      {error ? <p class="error" role="alert" data-testid="error">{error}</p> : null}
      {result ? <ReportView result={result} /> : null}
      <SeriesPanel seed={seed} />
    </main>
  )
}
