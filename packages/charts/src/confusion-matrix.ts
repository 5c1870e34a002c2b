import type { EvaluationReport } from '@aedetect/metrics'
import * as Plot from '@observablehq/plot'
import type { ReportChartOptions } from './chart-options'
import { operatingPoint } from './_operating-point'
import { renderSvg } from './_render'
import { chartSize } from './_size'

/**
 * The confusion matrix at the threshold: true class (rows) by predicted class (columns), each cell with its
 * count, shaded by count on a sequential blue scale (readable without colour: the numbers are printed).
 * Returns one `<svg>` element as a string (300 × 240 by default).
 * @throws `E_OPTION` without a document (pass `options.document` in Node).
 */
export function confusionMatrixSvg(report: EvaluationReport, options: ReportChartOptions = {}): string {
  const { tp, fp, tn, fn } = operatingPoint(report, options).confusionMatrix
  const cells = [
    { actual: 'normal', predicted: 'normal', count: tn },
    { actual: 'normal', predicted: 'anomalous', count: fp },
    { actual: 'anomalous', predicted: 'normal', count: fn },
    { actual: 'anomalous', predicted: 'anomalous', count: tp },
  ]
  const max = Math.max(tp, fp, tn, fn)
  return renderSvg('confusionMatrixSvg()', options, {
    ...chartSize('confusionMatrixSvg()', options, { width: 300, height: 240 }),
    marginLeft: 80,
    ariaLabel: 'confusion matrix',
    ariaDescription: `True negatives ${tn}, false positives ${fp}, false negatives ${fn}, true positives ${tp}.`,
    x: { label: 'predicted', domain: ['normal', 'anomalous'] },
    y: { label: 'actual', domain: ['normal', 'anomalous'] },
    color: { scheme: 'blues', type: 'sqrt', domain: [0, Math.max(1, max)] },
    marks: [
      Plot.cell(cells, { x: 'predicted', y: 'actual', fill: 'count', inset: 1 }),
      // White on the dark cells, black on the light ones: two marks with constant fills (a fill channel would go through the colour scale).
      Plot.text(cells.filter((d) => d.count > max / 2), { x: 'predicted', y: 'actual', text: (d: { count: number }) => String(d.count), fill: 'white', fontSize: 14 }),
      Plot.text(cells.filter((d) => d.count <= max / 2), { x: 'predicted', y: 'actual', text: (d: { count: number }) => String(d.count), fill: 'black', fontSize: 14 }),
    ],
  })
}
