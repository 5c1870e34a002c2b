import * as Plot from '@observablehq/plot'
import type { ChartOptions } from './chart-options'
import { formatNumber } from './format-number'
import { BLUE, GREEN, GREY } from './_palette'
import { LEGEND_MARGIN, legendMarks, renderSvg } from './_render'
import { chartSize } from './_size'

/** Loss per epoch of one training run (`TrainingHistory` of `@aedetect/models` has this shape). */
export interface LossHistory {
  /** Training loss per epoch. */
  loss: number[]
  /** Validation loss per epoch; empty without validation data. */
  valLoss: number[]
  /** 1-based epoch whose weights were kept (lowest monitored loss). */
  bestEpoch: number
}

/**
 * Training and validation loss per epoch on a log axis, with the best (kept) epoch as a dashed line.
 * Returns one `<svg>` element as a string (560 × 260 by default, scales down to its container).
 * @throws `E_OPTION` without a document (pass `options.document` in Node).
 */
export function lossCurvesSvg(history: LossHistory, options: ChartOptions = {}): string {
  const rows: Array<{ epoch: number; loss: number; series: string }> = []
  // A log axis cannot show 0 or negative losses (a perfect fit): leave those points out.
  history.loss.forEach((loss, i) => loss > 0 && rows.push({ epoch: i + 1, loss, series: 'training' }))
  history.valLoss.forEach((loss, i) => loss > 0 && rows.push({ epoch: i + 1, loss, series: 'validation' }))
  const legend = [{ label: 'training', color: BLUE }, ...(history.valLoss.length > 0 ? [{ label: 'validation', color: GREEN }] : [])]
  return renderSvg('lossCurvesSvg()', options, {
    ...chartSize('lossCurvesSvg()', options, { width: 560, height: 260, minHeight: 200 }),
    marginTop: LEGEND_MARGIN,
    ariaLabel: 'loss curves',
    ariaDescription: `Training${history.valLoss.length > 0 ? ' and validation' : ''} loss over ${history.loss.length} epochs; best epoch ${history.bestEpoch}.`,
    y: { type: 'log', label: 'loss (log scale)', grid: true, tickFormat: formatNumber },
    x: { label: 'epoch', tickFormat: (d: number) => (Number.isInteger(d) ? String(d) : '') },
    color: { domain: ['training', 'validation'], range: [BLUE, GREEN] },
    marks: [
      Plot.ruleX([history.bestEpoch], { stroke: GREY, strokeDasharray: '4,3' }),
      Plot.line(rows, { x: 'epoch', y: 'loss', stroke: 'series', z: 'series', strokeWidth: 1.8 }),
      Plot.dot(rows, { x: 'epoch', y: 'loss', fill: 'series', r: rows.length > 120 ? 0 : 2, title: (d: { epoch: number; loss: number; series: string }) => `epoch ${d.epoch}, ${d.series} loss ${formatNumber(d.loss)}` }),
      ...legendMarks(legend),
    ],
  })
}
