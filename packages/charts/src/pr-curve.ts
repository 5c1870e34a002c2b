import type { EvaluationReport } from '@aedetect/metrics'
import * as Plot from '@observablehq/plot'
import type { ReportChartOptions } from './chart-options'
import { formatNumber } from './format-number'
import { operatingPoint } from './_operating-point'
import { GREY, INK, RED } from './_palette'
import { renderSvg } from './_render'
import { chartSize } from './_size'

/**
 * The precision-recall curve of the test scores (anomaly positive), the anomaly rate (a random detector's
 * precision) dashed, and the operating point at the threshold as a ringed dot (left out when nothing is
 * flagged: precision is undefined there). Returns one `<svg>` element as a string (300 × 300 by default).
 * @throws `E_OPTION` without a document (pass `options.document` in Node).
 */
export function prCurveSvg(report: EvaluationReport, options: ReportChartOptions = {}): string {
  const points = report.pr.recall.map((recall, i) => ({ recall, precision: report.pr.precision[i] }))
  const at = operatingPoint(report, options)
  const unit = { domain: [0, 1], ticks: [0, 0.25, 0.5, 0.75, 1], tickFormat: formatNumber }
  const point = at.precision === null ? [] : [{ recall: at.tpr, precision: at.precision }]
  return renderSvg('prCurveSvg()', options, {
    ...chartSize('prCurveSvg()', options, { width: 300, height: 300 }),
    ariaLabel: 'precision-recall curve',
    ariaDescription: `Precision-recall curve, average precision ${report.averagePrecision.toFixed(3)}; at threshold ${formatNumber(at.threshold)} the recall is ${at.tpr.toFixed(3)} and the precision ${at.precision === null ? 'undefined (nothing flagged)' : at.precision.toFixed(3)}.`,
    x: { label: 'recall', ...unit },
    y: { label: 'precision', grid: true, ...unit },
    marks: [
      Plot.ruleY([report.anomalies / report.n], { stroke: GREY, strokeDasharray: '4,3' }),
      Plot.line(points, { x: 'recall', y: 'precision', stroke: RED, strokeWidth: 2 }),
      Plot.dot(point, { x: 'recall', y: 'precision', r: 5, stroke: INK, strokeWidth: 2, fill: 'white', title: (d: { recall: number; precision: number }) => `threshold ${formatNumber(at.threshold)}: recall ${d.recall.toFixed(3)}, precision ${d.precision.toFixed(3)}` }),
      Plot.text([`AP ${report.averagePrecision.toFixed(3)}`], { frameAnchor: 'bottom-left', dx: 6, dy: -6 }),
    ],
  })
}
