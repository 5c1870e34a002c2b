import type { EvaluationReport } from '@aedetect/metrics'
import * as Plot from '@observablehq/plot'
import type { ReportChartOptions } from './chart-options'
import { countTicks } from './_count-ticks'
import { formatNumber } from './format-number'
import { operatingPoint } from './_operating-point'
import { BLUE, CLASS_COLORS, INK, RED } from './_palette'
import { LEGEND_MARGIN, legendMarks, renderSvg } from './_render'
import { chartSize } from './_size'

/**
 * The anomaly scores (reconstruction errors) of the normal and the anomalous test samples in the report's
 * bins, overlaid, with the threshold as a solid line (samples at or right of it are flagged).
 * Returns one `<svg>` element as a string (560 × 260 by default).
 * @throws `E_OPTION` without a document (pass `options.document` in Node).
 */
export function errorHistogramSvg(report: EvaluationReport, options: ReportChartOptions = {}): string {
  const { edges, normal, anomalous } = report.histogram
  const bins: Array<{ x1: number; x2: number; count: number; class: string }> = []
  let top = 0
  for (let i = 0; i < normal.length; i++) {
    bins.push({ x1: edges[i], x2: edges[i + 1], count: normal[i], class: 'normal' })
    bins.push({ x1: edges[i], x2: edges[i + 1], count: anomalous[i], class: 'anomalous' })
    top = Math.max(top, normal[i], anomalous[i])
  }
  const { threshold } = operatingPoint(report, options)
  const ticks = countTicks(top)
  return renderSvg('errorHistogramSvg()', options, {
    ...chartSize('errorHistogramSvg()', options, { width: 560, height: 260, minHeight: 200 }),
    marginTop: LEGEND_MARGIN,
    ariaLabel: 'error histogram',
    ariaDescription: `Scores of ${report.normals} normal and ${report.anomalies} anomalous test samples; threshold ${formatNumber(threshold)}.`,
    x: { label: 'anomaly score (reconstruction error)', tickFormat: formatNumber },
    y: { label: 'test samples', grid: true, ticks, tickFormat: (d: number) => String(d), domain: [0, Math.max(top, ticks[ticks.length - 1])] },
    color: CLASS_COLORS,
    marks: [
      Plot.rectY(bins, { x1: 'x1', x2: 'x2', y: 'count', fill: 'class', fillOpacity: 0.6, mixBlendMode: 'multiply', title: (d: { x1: number; x2: number; count: number; class: string }) => `${d.count} ${d.class} with score ${formatNumber(d.x1)}–${formatNumber(d.x2)}` }),
      ...(Number.isFinite(threshold)
        ? [Plot.ruleX([threshold], { stroke: INK, strokeWidth: 1.5 }), Plot.text([threshold], { x: (d: number) => d, frameAnchor: 'top', dx: 4, dy: 2, textAnchor: 'start', text: (d: number) => `threshold ${formatNumber(d)}` })]
        : []),
      Plot.ruleY([0]),
      ...legendMarks([{ label: 'normal', color: BLUE }, { label: 'anomalous', color: RED }]),
    ],
  })
}
