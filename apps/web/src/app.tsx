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
import type { EpochProgress } from '@aedetect/models'
import { useEffect, useRef, useState } from 'preact/hooks'
import { loadCsv, loadEcg5000 } from './load-data'
import { ReportView } from './report-view'
import { SavedDetectors } from './saved-detectors'
import { evaluateDemo, trainDetector, type DemoResult, type LabelledData } from './run-demo'
import { startWasmBackend, type BackendInfo } from './wasm-backend'

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

/** The demo page: data, training, report, and the detector as a file or kept in this browser. */
export function App() {
  const [source, setSource] = useState<'ecg' | 'csv'>('ecg')
  const [csvLabel, setCsvLabel] = useState('label')
  const [csvNormal, setCsvNormal] = useState('')
  const [data, setData] = useState<LabelledData | null>(null)
  const [epochs, setEpochs] = useState(() => numberParam('epochs', 20))
  const [seed, setSeed] = useState(() => numberParam('seed', 42))
  const [backend, setBackend] = useState<BackendInfo | null>(null)
  const [busy, setBusy] = useState<string | null>(null)
  const [progress, setProgress] = useState('')
  const [result, setResult] = useState<DemoResult | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [keepKey, setKeepKey] = useState('ecg5000')
  const [saved, setSaved] = useState<SavedDetectorInfo[] | null>(null)
  const detector = useRef<Detector | null>(null)
  const abort = useRef<AbortController | null>(null)

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

  const loadBundled = () => run('loading ECG5000…', async () => setData(await loadEcg5000()))
  useEffect(() => void loadBundled(), [])
  // A browser without IndexedDB (or with storage blocked) shows the error and no list.
  useEffect(() => {
    listDetectorsInIndexedDb().then(setSaved, (e: unknown) => setError(describe(e)))
  }, [])

  function replaceDetector(next: Detector | null): void {
    detector.current?.dispose()
    detector.current = next
  }

  const train = () =>
    run('training…', async () => {
      if (!data) throw new Error('Load a data set first.')
      setResult(null)
      setBackend(await startWasmBackend())
      setProgress(`epoch 0/${epochs}`)
      abort.current = new AbortController()
      const { detector: fitted, fitMs } = await trainDetector(data, { epochs, seed, signal: abort.current.signal, onEpochEnd: (p) => setProgress(progressLine(p)) })
      replaceDetector(fitted)
      setResult(await evaluateDemo(fitted, data, fitMs))
    })

  const download = () =>
    run('saving…', async () => {
      if (!detector.current) return
      const url = URL.createObjectURL(new Blob([await detectorToFile(detector.current)], { type: 'application/json' }))
      const link = Object.assign(document.createElement('a'), { href: url, download: 'aedetect-detector.json' })
      link.click()
      setTimeout(() => URL.revokeObjectURL(url), 1000)
    })

  // Load, then report on the test split of the detector's own seed: the same detector gives the same figures.
  const showLoaded = (what: string, read: () => Promise<Detector>) =>
    run('loading detector…', async () => {
      if (!data) throw new Error('Load the data set the detector was trained on first.')
      setBackend(await startWasmBackend())
      const loaded = await read()
      replaceDetector(loaded)
      setProgress(`loaded ${what} (trained on ${loaded.state.backend}, seed ${loaded.state.seed})`)
      setResult(await evaluateDemo(loaded, data, 0))
    })

  const load = (file: File) => showLoaded(file.name, () => detectorFromFile(file))
  const loadKept = (key: string) => showLoaded(`'${key}' from this browser`, () => loadDetectorFromIndexedDb(key))

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

  return (
    <main>
      <header>
        <h1>aedetect</h1>
        <p>Train an autoencoder anomaly detector in your browser, on TensorFlow.js's wasm backend, and read its report.</p>
      </header>

      <section class="panel">
        <h2>1 · Data</h2>
        <label><input type="radio" name="source" checked={source === 'ecg'} onChange={() => { setSource('ecg'); void loadBundled() }} /> ECG5000 (bundled)</label>
        <label><input type="radio" name="source" checked={source === 'csv'} onChange={() => { setSource('csv'); setData(null) }} /> my CSV</label>
        {source === 'csv' ? (
          <div class="row">
            <label>label column <input value={csvLabel} onInput={(e) => setCsvLabel(e.currentTarget.value)} size={8} /></label>
            <label>normal value <input value={csvNormal} placeholder="0/1 labels" onInput={(e) => setCsvNormal(e.currentTarget.value)} size={8} /></label>
            <input type="file" accept=".csv,.txt,text/csv" data-testid="csv-file" onChange={(e) => {
              const file = e.currentTarget.files?.[0]
              if (file) void run('reading CSV…', async () => setData(await loadCsv(file, { label: csvLabel, normal: csvNormal })))
            }} />
          </div>
        ) : null}
        <p class="muted" data-testid="data">{data ? `${data.name}: ${data.labels.reduce((a, b) => a + b, 0)} anomalies` : 'no data loaded'}</p>
      </section>

      <section class="panel">
        <h2>2 · Train</h2>
        <div class="row">
          <label>epochs <input type="number" min={1} max={500} value={epochs} data-testid="epochs" onInput={(e) => setEpochs(Math.max(1, Number(e.currentTarget.value) || 1))} /></label>
          <label>seed <input type="number" min={0} value={seed} onInput={(e) => setSeed(Math.max(0, Math.floor(Number(e.currentTarget.value) || 0)))} /></label>
          <button type="button" onClick={train} disabled={busy !== null || !data}>train</button>
          {busy === 'training…' ? <button type="button" onClick={() => abort.current?.abort()}>stop</button> : null}
        </div>
        <p class="muted">Dense autoencoder 64-32-16-32-64, min-max scaled, trained on normal rows only, early stopping on the validation rows.</p>
        <p class="progress" data-testid="progress" aria-live="polite">{progress}</p>
        {backend ? <p class="muted" data-testid="backend">backend: <b data-testid="backend-name">{backend.name}</b>{backend.simd ? ' (SIMD)' : ''}</p> : null}
      </section>

      <section class="panel">
        <h2>3 · Keep the detector</h2>
        <div class="row">
          <button type="button" onClick={download} disabled={busy !== null || !result || !detector.current}>download detector</button>
          <label class="file">load detector <input type="file" accept=".json,application/json" data-testid="detector-file" disabled={busy !== null} onChange={(e) => {
            const file = e.currentTarget.files?.[0]
            e.currentTarget.value = ''
            if (file) void load(file)
          }} /></label>
        </div>
        <div class="row">
          <label>name <input value={keepKey} size={14} data-testid="keep-key" onInput={(e) => setKeepKey(e.currentTarget.value)} /></label>
          <button type="button" onClick={keep} disabled={busy !== null || !result || !detector.current || keepKey.trim() === ''}>keep in this browser</button>
        </div>
        <SavedDetectors saved={saved} busy={busy !== null} onLoad={(key) => void loadKept(key)} onDelete={(key) => void forget(key)} />
      </section>

      {busy ? <p class="busy">{busy}</p> : null}
      {error ? <p class="error" role="alert" data-testid="error">{error}</p> : null}
      {result ? <ReportView result={result} history={detector.current?.state.history ?? null} /> : null}
    </main>
  )
}
