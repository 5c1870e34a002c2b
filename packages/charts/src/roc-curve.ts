import type { EvaluationReport } from '@aedetect/metrics'
import * as Plot from '@observablehq/plot'
import type { ReportChartOptions } from './chart-options'
import { formatNumber } from './format-number'
import { operatingPoint } from './_operating-point'
import { BLUE, GREY, INK } from './_palette'
import { renderSvg } from './_render'
import { chartSize } from './_size'

/**
 * The ROC curve of the test scores (anomaly positive), the chance diagonal dashed, and the operating point
 * at the threshold as a ringed dot. Returns one `<svg>` element as a string (300 × 300 by default).
 * @throws `E_OPTION` without a document (pass `options.document` in Node).
 */
export function rocCurveSvg(report: EvaluationReport, options: ReportChartOptions = {}): string {
  const points = report.roc.fpr.map((fpr, i) => ({ fpr, tpr: report.roc.tpr[i] }))
  const at = operatingPoint(report, options)
  const unit = { domain: [0, 1], ticks: [0, 0.25, 0.5, 0.75, 1], tickFormat: formatNumber }
  return renderSvg('rocCurveSvg()', options, {
    ...chartSize('rocCurveSvg()', options, { width: 300, height: 300 }),
    ariaLabel: 'ROC curve',
    ariaDescription: `ROC curve, AUC ${report.rocAuc.toFixed(3)}; at threshold ${formatNumber(at.threshold)} the false-positive rate is ${at.fpr.toFixed(3)} and the true-positive rate ${at.tpr.toFixed(3)}.`,
    x: { label: 'false-positive rate', ...unit },
    y: { label: 'true-positive rate', grid: true, ...unit },
    marks: [
      Plot.line([{ fpr: 0, tpr: 0 }, { fpr: 1, tpr: 1 }], { x: 'fpr', y: 'tpr', stroke: GREY, strokeDasharray: '4,3' }),
      Plot.line(points, { x: 'fpr', y: 'tpr', stroke: BLUE, strokeWidth: 2 }),
      Plot.dot([at], { x: 'fpr', y: 'tpr', r: 5, stroke: INK, strokeWidth: 2, fill: 'white', title: () => `threshold ${formatNumber(at.threshold)}: FPR ${at.fpr.toFixed(3)}, TPR ${at.tpr.toFixed(3)}` }),
      Plot.text([`AUC ${report.rocAuc.toFixed(3)}`], { frameAnchor: 'bottom-right', dx: -6, dy: -6 }),
    ],
  })
}
