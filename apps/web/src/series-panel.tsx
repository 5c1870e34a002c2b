import type { EpochProgress } from '@aedetect/models'
import { useEffect, useMemo, useRef, useState } from 'preact/hooks'
import { ChartFigure } from './chart-figure'
import { loadCharts, type Charts } from './charts-loader'
import { LiveLoss } from './live-loss'
import { SERIES_ANOMALIES, SERIES_HISTORY_POINTS, SERIES_TEST_POINTS, type SeriesDemoResult } from './run-series'
import type { FromWorker, ToWorker } from './worker-protocol'

/** Props of {@link SeriesPanel}. */
export interface SeriesPanelProps {
  seed: number
}

const fixed = (v: number | null): string => (v === null || Number.isNaN(v) ? '–' : v.toFixed(3))

/**
 * A synthetic series with injected anomalies: a window detector trained in the training worker through the series
 * pipeline of @aedetect/evaluation (`runSeriesExperiment`, `seriesDefaultsFor(1)`), its point scores drawn over the
 * series with the injected events shaded, and TSB-AD's VUS-PR, AUC-ROC and the F1 at the detector's threshold.
 */
export function SeriesPanel({ seed }: SeriesPanelProps) {
  const [result, setResult] = useState<SeriesDemoResult | null>(null)
  const [progress, setProgress] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [epochs, setEpochs] = useState<EpochProgress[]>([])
  const [training, setTraining] = useState(false)
  const [lib, setLib] = useState<Charts | null>(null)
  const worker = useRef<Worker | null>(null)
  const panel = useRef<HTMLElement>(null)
  useEffect(() => void loadCharts().then(setLib, () => undefined), [])
  useEffect(() => () => worker.current?.terminate(), [])
  // Draw at the panel's width (a phone's 390 px or a desktop's), and again when it changes.
  const [panelWidth, setPanelWidth] = useState(600)
  useEffect(() => {
    if (!panel.current || typeof ResizeObserver === 'undefined') return
    const observer = new ResizeObserver(([entry]) => setPanelWidth(Math.round(entry.contentRect.width)))
    observer.observe(panel.current)
    return () => observer.disconnect()
  }, [])

  const train = (): void => {
    // Its own worker (the same script as the page's other training), so both can train at once.
    worker.current ??= new Worker(new URL('./train-worker.ts', import.meta.url), { type: 'module' })
    const w = worker.current
    setResult(null)
    setError(null)
    setEpochs([])
    setTraining(true)
    setProgress('making the series and training…')
    w.onmessage = (event: MessageEvent<FromWorker>) => {
      const m = event.data
      if (m.type === 'epoch') {
        setEpochs((old) => [...old, m.progress])
        setProgress(`epoch ${m.progress.epoch}/${m.progress.epochs} · loss ${m.progress.loss.toPrecision(4)}${m.progress.valLoss === undefined ? '' : `, validation ${m.progress.valLoss.toPrecision(4)}`}`)
      } else if (m.type === 'series-done') {
        setTraining(false)
        const h = m.result.history
        setProgress(`${h?.aborted ? `stopped after epoch ${h.epochsRun}; kept the weights of epoch ${h.bestEpoch}` : `trained ${h?.epochsRun ?? 0} epochs`} in ${(m.result.fitMs / 1000).toFixed(1)} s; windows of ${m.result.windowSize} points`)
        setResult(m.result)
        panel.current?.querySelector<HTMLButtonElement>('button[data-action="train-series"]')?.focus()
      } else if (m.type === 'error') {
        setTraining(false)
        setProgress('')
        setError(`${m.code === null ? '' : `${m.code}: `}${m.message}`)
      }
    }
    w.postMessage({ type: 'train-series', seed } satisfies ToWorker)
  }

  const width = Math.min(900, panelWidth)
  const svg = useMemo(
    () => (lib === null || result === null ? '' : lib.seriesScoresSvg({ values: result.values, scores: result.scores, labels: result.labels, threshold: result.threshold }, { width: Math.max(200, width) })),
    [lib, result, width],
  )
  return (
    <section class="panel" ref={panel} data-testid="series-panel">
      <h2>4 · A synthetic series</h2>
      <p class="muted">
        A sine with noise: {SERIES_HISTORY_POINTS.toLocaleString('en')} normal points to fit on, then {SERIES_TEST_POINTS.toLocaleString('en')} test points with {SERIES_ANOMALIES} injected anomalies (spikes,
        level shifts, frequency changes, noise bursts, flat lines), seed {seed} — the series of <code>aedetect train --data synthetic:series</code>. A window detector
        (windows of the series' period, the dense default, 30 epochs) scores every test point; the point threshold is the mean + 3 std of the training part's scores.
      </p>
      <div class="row">
        <button type="button" data-action="train-series" onClick={train} disabled={training}>train on the series</button>
        <button type="button" onClick={() => worker.current?.postMessage({ type: 'stop' } satisfies ToWorker)} disabled={!training}>stop series training</button>
      </div>
      <p class="progress" data-testid="series-progress" aria-live="polite">{progress}</p>
      {error ? <p class="error" role="alert" data-testid="series-error">{error}</p> : null}
      {training && epochs.length > 0 ? <LiveLoss epochs={epochs} width={Math.min(560, width)} /> : null}
      {result ? (
        <div data-testid="series-report">
          <div class="figures">
            <div class="figure-card"><div class="big" data-testid="series-vus-pr">{fixed(result.vusPr)}</div>VUS-PR</div>
            <div class="figure-card"><div class="big" data-testid="series-f1">{fixed(result.f1)}</div>F1 at the threshold</div>
            <div class="figure-card"><div class="big" data-testid="series-auc-roc">{fixed(result.aucRoc)}</div>AUC-ROC</div>
            <div class="figure-card"><div class="big" data-testid="series-baseline-vus-pr">{fixed(result.baselineVusPr)}</div>PCA baseline VUS-PR</div>
            <div class="figure-card"><div class="big" data-testid="series-events">{result.detectedEvents}</div>events detected ({SERIES_ANOMALIES} injected)</div>
          </div>
          <ChartFigure name="series-scores" caption={`The test series (top) and its point scores (bottom) with the threshold ${result.threshold.toPrecision(3)} (dashed); injected anomalies shaded`} svg={svg} />
        </div>
      ) : null}
    </section>
  )
}
