import type { LossHistory } from '@aedetect/charts'
import type { ClassificationMetrics } from '@aedetect/metrics'
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks'
import { ChartFigure } from './chart-figure'
import type { DemoResult, ExampleSample } from './run-demo'

const f3 = (v: number): string => v.toFixed(3)

type Charts = typeof import('@aedetect/charts')
// Observable Plot brings d3 (about 270 kB, 90 kB gzip): load the chart module with the first report, in its own
// chunk, not with the page.
let chartsModule: Promise<Charts> | null = null
const loadCharts = (): Promise<Charts> => (chartsModule ??= import('@aedetect/charts'))

function MetricsRow({ label, m }: { label: string; m: ClassificationMetrics }) {
  return (
    <tr data-testid={`metrics-${m.positive}`}>
      <th>{label}</th>
      <td>{f3(m.precision)}</td>
      <td>{f3(m.recall)}</td>
      <td>{f3(m.f1)}</td>
      <td>{m.support}</td>
    </tr>
  )
}

function sampleCaption(sample: ExampleSample, kind: 'normal' | 'anomalous'): string {
  return `${kind === 'anomalous' ? 'An' : 'A'} ${kind} test sample (row ${sample.row}, score ${sample.score.toPrecision(3)}, the median of its class) and its reconstruction`
}

/** Props of {@link ReportView}. */
export interface ReportViewProps {
  result: DemoResult
  /** The detector's training history (loss per epoch), or null when it has none. */
  history: LossHistory | null
}

/** The evaluation report of the test split, its charts, and the explanations of flagged samples. */
export function ReportView({ result, history }: ReportViewProps) {
  const { report, split } = result
  const cm = report.confusionMatrix
  // Draw each chart at the width of its grid column, so its 10 px labels stay 10 px on a phone (an SVG drawn at
  // 560 and shrunk to 340 has 6 px text). Square charts stop at 360 px.
  const grid = useRef<HTMLDivElement>(null)
  const [column, setColumn] = useState<number | null>(null)
  useLayoutEffect(() => {
    const element = grid.current
    if (element === null) return undefined
    const measure = (): void => {
      // In steps of 8 px: dragging a window's edge redraws the charts every 8 px, not on every pixel.
      const width = Math.floor((element.firstElementChild ?? element).getBoundingClientRect().width / 8) * 8
      setColumn((old) => (old === width ? old : width))
    }
    measure()
    const observer = new ResizeObserver(measure)
    observer.observe(element)
    return () => observer.disconnect()
  }, [])
  const [lib, setLib] = useState<Charts | null>(null)
  const [libError, setLibError] = useState<string | null>(null)
  useEffect(() => {
    loadCharts().then(setLib, (e: unknown) => setLibError(`The charts could not be loaded: ${e instanceof Error ? e.message : String(e)}`))
  }, [])
  // The same chart code as the CLI's HTML report, drawn into this page's document.
  const charts = useMemo(() => {
    if (column === null || lib === null) return null
    const { errorHistogramSvg, lossCurvesSvg, prCurveSvg, reconstructionLinesSvg, rocCurveSvg } = lib
    const wide = { width: Math.max(200, column) }
    const square = { width: Math.max(200, Math.min(column, 360)) }
    return {
      loss: history && history.loss.length > 0 ? lossCurvesSvg(history, wide) : null,
      histogram: errorHistogramSvg(report, wide),
      roc: rocCurveSvg(report, square),
      pr: prCurveSvg(report, square),
      normal: reconstructionLinesSvg({ title: '', input: result.examples.normal.input, reconstruction: result.examples.normal.reconstruction }, wide),
      anomalous: reconstructionLinesSvg({ title: '', input: result.examples.anomalous.input, reconstruction: result.examples.anomalous.reconstruction }, wide),
    }
  }, [result, history, column, lib])
  // Keep the keyboard where the new content is: after training or loading, focus the report's heading.
  const heading = useRef<HTMLHeadingElement>(null)
  useEffect(() => heading.current?.focus({ preventScroll: true }), [result])
  return (
    <section class="report" data-testid="report">
      <h2 tabIndex={-1} ref={heading}>Report on the test split</h2>
      <p class="muted">
        Split (seeded, stratified): {split.train} normal rows train, {split.validation} normal rows validate, {split.calibrationAnomalies} anomalies outside
        the test split choose the threshold, {split.test} rows test ({report.normals} normal, {report.anomalies} anomalous).
        {result.fitMs > 0 ? ` Fitted in ${(result.fitMs / 1000).toFixed(1)} s.` : ' Loaded detector.'}
      </p>
      <div class="figures">
        <div class="figure-card">
          <div class="big" data-testid="roc-auc">{f3(report.rocAuc)}</div>
          <div class="muted">ROC-AUC</div>
        </div>
        <div class="figure-card">
          <div class="big" data-testid="average-precision">{f3(report.averagePrecision)}</div>
          <div class="muted">average precision</div>
        </div>
        <div class="figure-card">
          <div class="big" data-testid="flagged">{report.flagged}</div>
          <div class="muted">flagged (score ≥ {report.threshold.value.toPrecision(4)})</div>
        </div>
      </div>
      <div class="tables">
        <div class="scroll">
        <table class="confusion" data-testid="confusion-matrix">
          <caption>Confusion matrix</caption>
          <thead>
            <tr><th /><th>predicted normal</th><th>predicted anomaly</th></tr>
          </thead>
          <tbody>
            <tr><th>normal</th><td data-testid="tn">{cm.tn}</td><td data-testid="fp">{cm.fp}</td></tr>
            <tr><th>anomaly</th><td data-testid="fn">{cm.fn}</td><td data-testid="tp">{cm.tp}</td></tr>
          </tbody>
        </table>
        </div>
        <div class="scroll">
        <table>
          <caption>At the threshold, per positive class</caption>
          <thead>
            <tr><th>positive class</th><th>precision</th><th>recall</th><th>F1</th><th>support</th></tr>
          </thead>
          <tbody>
            <MetricsRow label="anomaly" m={report.anomalyPositive} />
            <MetricsRow label="normal" m={report.normalPositive} />
          </tbody>
        </table>
        </div>
      </div>
      {libError ? <p class="error" role="alert">{libError}</p> : null}
      <div class="charts" ref={grid}>
        {history && history.loss.length > 0 ? <ChartFigure name="loss" caption={`Loss per epoch; dashed: the best epoch (${history?.bestEpoch}), whose weights were kept`} svg={charts?.loss ?? ''} /> : null}
        <ChartFigure name="histogram" caption={`Test scores of both classes; the line is the threshold ${report.threshold.value.toPrecision(3)} (${report.threshold.strategy})`} svg={charts?.histogram ?? ''} />
        <ChartFigure name="roc" caption={`ROC curve · AUC ${f3(report.rocAuc)}; the ring is the operating point at the threshold`} svg={charts?.roc ?? ''} />
        <ChartFigure name="pr" caption={`Precision-recall curve, anomaly positive · AP ${f3(report.averagePrecision)}; dashed: the anomaly rate`} svg={charts?.pr ?? ''} />
        <ChartFigure name="sample-normal" caption={sampleCaption(result.examples.normal, 'normal')} svg={charts?.normal ?? ''} />
        <ChartFigure name="sample-anomalous" caption={sampleCaption(result.examples.anomalous, 'anomalous')} svg={charts?.anomalous ?? ''} />
      </div>
      <h3>Why flagged: the largest contributions to the error</h3>
      {result.explanations.length === 0 ? (
        <p class="muted">No test sample is flagged.</p>
      ) : (
        <>
          <p class="muted" data-testid="frequent-features">
            Most often among the top 5 of the {report.flagged} flagged samples: {result.frequentFeatures.map((f) => `${f.name} (${f.flagged})`).join(', ')}.
          </p>
          <div class="scroll">
          <table data-testid="explanations">
            <thead>
              <tr><th>row</th><th>score</th><th>top 5 (share of the error, input → reconstruction)</th></tr>
            </thead>
            <tbody>
              {result.explanations.map((e) => (
                <tr>
                  <td>{e.row}</td>
                  <td title={String(e.score)} data-testid="explanation-score">{e.score.toPrecision(3)}</td>
                  <td>{e.top.map((c) => `${c.name} ${(c.share * 100).toFixed(0)} % (${c.input.toFixed(2)} → ${c.reconstruction.toFixed(2)})`).join(' · ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
          </div>
        </>
      )}
      {report.warnings.length > 0 ? <ul class="warnings">{report.warnings.map((w) => <li>{w}</li>)}</ul> : null}
    </section>
  )
}
