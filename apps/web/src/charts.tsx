import type { EvaluationReport } from '@aedetect/metrics'
import type { ExampleSample } from './run-demo'

// Hand-drawn SVG from the report record: three small charts do not need a plotting library.
const W = 320
const H = 220
const M = { left: 46, right: 20, top: 10, bottom: 30 }
const COLORS = { normal: '#4477aa', anomalous: '#ee6677', reconstruction: '#228833', threshold: '#333' }

interface Scale { (v: number): number }

function linear(domain: [number, number], range: [number, number]): Scale {
  const span = domain[1] - domain[0] || 1
  return (v) => range[0] + ((v - domain[0]) / span) * (range[1] - range[0])
}

function path(xs: ArrayLike<number>, ys: ArrayLike<number>, x: Scale, y: Scale): string {
  let d = ''
  for (let i = 0; i < xs.length; i++) d += `${i === 0 ? 'M' : 'L'}${x(xs[i]).toFixed(1)},${y(ys[i]).toFixed(1)}`
  return d
}

function format(v: number): string {
  if (Math.abs(v) < 1e-9) return '0'
  return Math.abs(v) >= 1000 || Math.abs(v) < 0.001 ? v.toExponential(1) : String(Number(v.toPrecision(3)))
}

function Axes(props: { x: Scale; y: Scale; xTicks: number[]; yTicks: number[]; xLabel: string; yLabel: string }) {
  const { x, y } = props
  return (
    <g class="axes">
      <line x1={M.left} x2={W - M.right} y1={H - M.bottom} y2={H - M.bottom} />
      <line x1={M.left} x2={M.left} y1={M.top} y2={H - M.bottom} />
      {props.xTicks.map((t) => <text x={x(t)} y={H - M.bottom + 13} text-anchor="middle">{format(t)}</text>)}
      {props.yTicks.map((t) => <text x={M.left - 4} y={y(t) + 3} text-anchor="end">{format(t)}</text>)}
      <text x={(M.left + W - M.right) / 2} y={H - 3} text-anchor="middle">{props.xLabel}</text>
      <text transform={`translate(9,${(M.top + H - M.bottom) / 2}) rotate(-90)`} text-anchor="middle">{props.yLabel}</text>
    </g>
  )
}

function ticks(min: number, max: number, count = 4): number[] {
  return Array.from({ length: count + 1 }, (_, i) => min + ((max - min) * i) / count)
}

/** The ROC curve of the test scores, with the chance diagonal. */
export function RocChart({ report }: { report: EvaluationReport }) {
  const x = linear([0, 1], [M.left, W - M.right])
  const y = linear([0, 1], [H - M.bottom, M.top])
  return (
    <figure>
      <figcaption>ROC curve · AUC {report.rocAuc.toFixed(3)}</figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} width={W} height={H} role="img" aria-label="ROC curve" data-chart="roc">
        <Axes x={x} y={y} xTicks={ticks(0, 1)} yTicks={ticks(0, 1)} xLabel="false positive rate" yLabel="true positive rate" />
        <line x1={x(0)} y1={y(0)} x2={x(1)} y2={y(1)} stroke="#bbb" stroke-dasharray="4,3" />
        <path d={path(report.roc.fpr, report.roc.tpr, x, y)} fill="none" stroke={COLORS.anomalous} stroke-width="2" />
      </svg>
    </figure>
  )
}

/** Test scores of each class in the report's bins, with the threshold. */
export function HistogramChart({ report }: { report: EvaluationReport }) {
  const { edges, normal, anomalous } = report.histogram
  const lo = edges[0]
  const hi = edges[edges.length - 1]
  const top = Math.max(1, ...normal, ...anomalous)
  const x = linear([lo, hi], [M.left, W - M.right])
  const y = linear([0, top], [H - M.bottom, M.top])
  const t = Math.min(Math.max(report.threshold.value, lo), hi)
  const bars = (counts: number[], color: string) =>
    counts.map((c, i) => (c > 0 ? <rect x={x(edges[i])} width={Math.max(0.5, x(edges[i + 1]) - x(edges[i]) - 0.5)} y={y(c)} height={y(0) - y(c)} fill={color} fill-opacity="0.55" /> : null))
  return (
    <figure>
      <figcaption>
        Test scores · threshold {format(report.threshold.value)} ({report.threshold.strategy}) · <span style={{ color: COLORS.normal }}>normal</span> / <span style={{ color: COLORS.anomalous }}>anomalous</span>
      </figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} width={W} height={H} role="img" aria-label="score histogram" data-chart="histogram">
        <Axes x={x} y={y} xTicks={ticks(lo, hi)} yTicks={ticks(0, top)} xLabel="reconstruction error (score)" yLabel="test samples" />
        {bars(normal, COLORS.normal)}
        {bars(anomalous, COLORS.anomalous)}
        <line x1={x(t)} x2={x(t)} y1={M.top} y2={H - M.bottom} stroke={COLORS.threshold} stroke-width="1.5" stroke-dasharray="5,3" />
      </svg>
    </figure>
  )
}

/** One sample (a beat for ECG5000) and its reconstruction, in original units. */
export function SampleChart({ sample, kind }: { sample: ExampleSample; kind: 'normal' | 'anomalous' }) {
  const values = [...sample.input, ...sample.reconstruction]
  const lo = Math.min(...values)
  const hi = Math.max(...values)
  const steps = Array.from(sample.input.keys())
  const x = linear([0, steps.length - 1], [M.left, W - M.right])
  const y = linear([lo, hi], [H - M.bottom, M.top])
  return (
    <figure>
      <figcaption>
        A {kind} test sample (row {sample.row}, score {format(sample.score)}) · <span style={{ color: COLORS[kind] }}>input</span> / <span style={{ color: COLORS.reconstruction }}>reconstruction</span>
      </figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} width={W} height={H} role="img" aria-label={`${kind} sample and reconstruction`} data-chart={`sample-${kind}`}>
        <Axes x={x} y={y} xTicks={ticks(0, steps.length - 1).map(Math.round)} yTicks={ticks(lo, hi)} xLabel="time step / feature" yLabel="value" />
        <path d={path(steps, sample.input, x, y)} fill="none" stroke={COLORS[kind]} stroke-width="1.8" />
        <path d={path(steps, sample.reconstruction, x, y)} fill="none" stroke={COLORS.reconstruction} stroke-width="1.5" stroke-dasharray="4,2" />
      </svg>
    </figure>
  )
}
