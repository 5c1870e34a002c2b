import type { EvaluationReport } from '@aedetect/metrics'
import type { TrainingHistory } from '@aedetect/models'
import * as Plot from '@observablehq/plot'
import { parseHTML } from 'linkedom'

// Plot draws into a DOM; in Node linkedom supplies one, and its serializer escapes every text and
// attribute (feature names from the data included).
function svgOf(options: Plot.PlotOptions): string {
  const { document } = parseHTML('<!doctype html><html><body></body></html>')
  return (Plot.plot({ ...options, document }) as unknown as { outerHTML: string }).outerHTML
}

const WIDTH = 560
const COLORS = { domain: ['normal', 'anomalous'], range: ['#4477aa', '#ee6677'] }

/** Training and validation loss per epoch, with the best (restored) epoch marked. */
export function lossChart(history: TrainingHistory): string {
  const rows: Array<{ epoch: number; loss: number; series: string }> = []
  history.loss.forEach((loss, i) => rows.push({ epoch: i + 1, loss, series: 'training' }))
  history.valLoss.forEach((loss, i) => rows.push({ epoch: i + 1, loss, series: 'validation' }))
  return svgOf({
    width: WIDTH,
    height: 260,
    y: { type: 'log', label: 'loss (log)', grid: true },
    x: { label: 'epoch' },
    color: { legend: true, domain: ['training', 'validation'], range: ['#4477aa', '#228833'] },
    marks: [Plot.line(rows, { x: 'epoch', y: 'loss', stroke: 'series', z: 'series' }), Plot.ruleX([history.bestEpoch], { stroke: '#999', strokeDasharray: '4,3' })],
  })
}

/** Scores of normal and anomalous test samples in the report's bins, with the threshold as a vertical line. */
export function histogramChart(report: EvaluationReport): string {
  const { edges, normal, anomalous } = report.histogram
  const bins: Array<{ x1: number; x2: number; count: number; class: string }> = []
  for (let i = 0; i < normal.length; i++) {
    bins.push({ x1: edges[i], x2: edges[i + 1], count: normal[i], class: 'normal' })
    bins.push({ x1: edges[i], x2: edges[i + 1], count: anomalous[i], class: 'anomalous' })
  }
  const threshold = report.threshold.value
  return svgOf({
    width: WIDTH,
    height: 260,
    x: { label: 'anomaly score (reconstruction error)' },
    y: { label: 'test samples', grid: true },
    color: { legend: true, ...COLORS },
    marks: [
      Plot.rectY(bins, { x1: 'x1', x2: 'x2', y: 'count', fill: 'class', fillOpacity: 0.6, mixBlendMode: 'multiply' }),
      ...(Number.isFinite(threshold) ? [Plot.ruleX([threshold], { stroke: 'black', strokeWidth: 1.5 }), Plot.text([threshold], { x: (d: number) => d, frameAnchor: 'top', dx: 4, textAnchor: 'start', text: () => `threshold ${threshold.toPrecision(3)}` })] : []),
      Plot.ruleY([0]),
    ],
  })
}

/** The ROC curve of the test scores with the chance diagonal. */
export function rocChart(report: EvaluationReport): string {
  const points = report.roc.fpr.map((fpr, i) => ({ fpr, tpr: report.roc.tpr[i] }))
  return svgOf({
    width: 300,
    height: 300,
    x: { label: 'false-positive rate', domain: [0, 1] },
    y: { label: 'true-positive rate', domain: [0, 1], grid: true },
    marks: [Plot.line([{ fpr: 0, tpr: 0 }, { fpr: 1, tpr: 1 }], { x: 'fpr', y: 'tpr', stroke: '#bbb', strokeDasharray: '4,3' }), Plot.line(points, { x: 'fpr', y: 'tpr', stroke: '#4477aa', strokeWidth: 2 }), Plot.text([`AUC ${report.rocAuc.toFixed(3)}`], { frameAnchor: 'bottom-right', dx: -6, dy: -6 })],
  })
}

/** The precision-recall curve of the test scores, anomaly positive, with the base rate. */
export function prChart(report: EvaluationReport): string {
  const points = report.pr.recall.map((recall, i) => ({ recall, precision: report.pr.precision[i] }))
  return svgOf({
    width: 300,
    height: 300,
    x: { label: 'recall', domain: [0, 1] },
    y: { label: 'precision', domain: [0, 1], grid: true },
    marks: [Plot.ruleY([report.anomalies / report.n], { stroke: '#bbb', strokeDasharray: '4,3' }), Plot.line(points, { x: 'recall', y: 'precision', stroke: '#ee6677', strokeWidth: 2 }), Plot.text([`AP ${report.averagePrecision.toFixed(3)}`], { frameAnchor: 'bottom-left', dx: 6, dy: -6 })],
  })
}

/** The confusion matrix at the detector's threshold: true class by predicted class, with counts. */
export function confusionChart(report: EvaluationReport): string {
  const { tp, fp, tn, fn } = report.confusionMatrix
  const cells = [
    { actual: 'normal', predicted: 'normal', count: tn },
    { actual: 'normal', predicted: 'anomalous', count: fp },
    { actual: 'anomalous', predicted: 'normal', count: fn },
    { actual: 'anomalous', predicted: 'anomalous', count: tp },
  ]
  const max = Math.max(tp, fp, tn, fn)
  return svgOf({
    width: 300,
    height: 240,
    marginLeft: 80,
    x: { label: 'predicted', domain: ['normal', 'anomalous'] },
    y: { label: 'actual', domain: ['normal', 'anomalous'] },
    color: { scheme: 'blues', type: 'sqrt' },
    marks: [Plot.cell(cells, { x: 'predicted', y: 'actual', fill: 'count', inset: 1 }), Plot.text(cells, { x: 'predicted', y: 'actual', text: (d: { count: number }) => String(d.count), fill: (d: { count: number }) => (d.count > max / 2 ? 'white' : 'black'), fontSize: 14 })],
  })
}

/** One sample and its reconstruction (original units). */
export interface ReconstructionExample {
  title: string
  input: ArrayLike<number>
  reconstruction: ArrayLike<number>
}

/** A sample against its reconstruction: two lines over the feature index (rows and series). */
export function reconstructionLineChart(example: ReconstructionExample): string {
  const rows: Array<{ i: number; value: number; series: string }> = []
  for (let i = 0; i < example.input.length; i++) {
    rows.push({ i, value: example.input[i], series: 'input' })
    rows.push({ i, value: example.reconstruction[i], series: 'reconstruction' })
  }
  return svgOf({
    width: 420,
    height: 220,
    x: { label: 'feature / time step' },
    y: { grid: true },
    color: { legend: true, domain: ['input', 'reconstruction'], range: ['#222', '#ee6677'] },
    marks: [Plot.line(rows, { x: 'i', y: 'value', stroke: 'series', z: 'series', strokeWidth: 1.5 })],
  })
}

/** A `[height, width]` image and its reconstruction side by side as grey pixels. */
export function reconstructionImageChart(example: ReconstructionExample, height: number, width: number): string {
  const cells: Array<{ x: number; y: number; value: number; panel: string }> = []
  for (const [panel, values] of [['input', example.input], ['reconstruction', example.reconstruction]] as const) {
    for (let i = 0; i < height * width; i++) cells.push({ x: i % width, y: Math.floor(i / width), value: values[i], panel })
  }
  return svgOf({
    width: 420,
    height: 240,
    axis: null,
    fx: { label: null, domain: ['input', 'reconstruction'] },
    color: { type: 'linear', domain: [0, 1], range: ['black', 'white'] },
    marks: [Plot.cell(cells, { x: 'x', y: 'y', fx: 'panel', fill: 'value' }), Plot.axisFx({ label: null })],
  })
}

/** Mean per-feature error of normal and anomalous test samples (scaled units), for the features that matter most. */
export function featureErrorChart(features: Array<{ feature: string; normal: number; anomalous: number }>): string {
  const rows = features.flatMap((f) => [
    { feature: f.feature, error: f.normal, class: 'normal' },
    { feature: f.feature, error: f.anomalous, class: 'anomalous' },
  ])
  const names = features.map((f) => f.feature)
  return svgOf({
    width: WIDTH,
    height: 40 + 22 * features.length,
    marginLeft: Math.min(200, 12 + 7 * Math.max(...names.map((n) => n.length))),
    x: { label: 'mean error per feature (scaled units)', grid: true },
    y: { axis: null, domain: COLORS.domain },
    fy: { domain: names, label: null, padding: 0.15 },
    color: { legend: true, ...COLORS },
    marks: [Plot.barX(rows, { x: 'error', y: 'class', fy: 'feature', fill: 'class', fillOpacity: 0.8, title: (d: { feature: string; error: number }) => `${d.feature}: ${d.error.toPrecision(3)}` }), Plot.ruleX([0])],
  })
}
