import { AedetectError } from '@aedetect/core'
import * as Plot from '@observablehq/plot'
import type { ChartOptions } from './chart-options'
import { formatNumber } from './format-number'
import { BLUE, GREY, INK, RED } from './_palette'
import { LEGEND_MARGIN, legendMarks, renderSvg } from './_render'
import { chartSize } from './_size'

/** A scored series: one value, one point score and one label per time point. */
export interface SeriesScores {
  /** The series (first channel for a multivariate one), one value per point. */
  values: ArrayLike<number>
  /** One score per point, higher = more anomalous; a point is anomalous when `score >= threshold`. */
  scores: ArrayLike<number>
  /** One label per point, 1 = anomaly: each run of 1s is shaded as one event. */
  labels: ArrayLike<number>
  /** The point threshold, in score units. */
  threshold: number
}

function maxOf(values: ArrayLike<number>): number {
  let max = 0
  for (let i = 0; i < values.length; i++) if (values[i] > max) max = values[i]
  return max
}

/** Runs of labelled points `[start, end)`, in order. */
function events(labels: ArrayLike<number>): Array<{ start: number; end: number }> {
  const runs: Array<{ start: number; end: number }> = []
  for (let t = 0; t < labels.length; t++) {
    if (labels[t] !== 1) continue
    const start = t
    while (t + 1 < labels.length && labels[t + 1] === 1) t++
    runs.push({ start, end: t + 1 })
  }
  return runs
}

/**
 * The series over time (top panel) and its point scores with the threshold (bottom panel), the labelled anomalous
 * events shaded in both. Returns one `<svg>` element as a string (560 × 320 by default, scales down to its
 * container).
 * @throws `E_OPTION` when values, scores and labels differ in length or are empty, or without a document (pass
 *   `options.document` in Node).
 */
export function seriesScoresSvg(series: SeriesScores, options: ChartOptions = {}): string {
  const n = series.values.length
  if (n === 0 || series.scores.length !== n || series.labels.length !== n) {
    throw new AedetectError('E_OPTION', `seriesScoresSvg(): values has ${n} points, scores ${series.scores.length} and labels ${series.labels.length}; expected the same number (at least one) in each, one per time point.`)
  }
  const shaded = events(series.labels)
  const { width, height } = chartSize('seriesScoresSvg()', options, { width: 560, height: 320, minHeight: 240 })
  // The two panels have their own y scales (a series in its units, scores in squared scaled units), which one
  // faceted Plot cannot give: two plots, one above the other, inside one <svg>.
  const top = Math.round(height * 0.5)
  const values: Array<{ t: number; y: number }> = new Array(n)
  const scores: Array<{ t: number; y: number }> = new Array(n)
  for (let t = 0; t < n; t++) {
    values[t] = { t, y: series.values[t] }
    scores[t] = { t, y: series.scores[t] }
  }
  const x = { domain: [0, n - 1], label: null, tickFormat: formatNumber }
  const bands = Plot.rect(shaded, { x1: 'start', x2: 'end', fill: RED, fillOpacity: 0.18 })
  const upper = renderSvg('seriesScoresSvg()', options, {
    width,
    height: top,
    // The same side margins in both panels, so their time axes line up.
    marginLeft: 48,
    marginRight: 20,
    marginTop: LEGEND_MARGIN,
    marginBottom: 20,
    x: { ...x, axis: null },
    y: { grid: true, tickFormat: formatNumber, ticks: 4, label: 'value' },
    marks: [bands, Plot.line(values, { x: 't', y: 'y', stroke: INK, strokeWidth: 1 }), Plot.frame({ stroke: GREY }), ...legendMarks([{ label: 'labelled event', color: RED }, { label: 'point score', color: BLUE }, { label: 'threshold', color: RED }])],
  })
  const lower = renderSvg('seriesScoresSvg()', options, {
    width,
    height: height - top,
    marginLeft: 48,
    marginRight: 20,
    marginTop: 16,
    x: { ...x, label: 'time point' },
    y: { grid: true, tickFormat: formatNumber, ticks: 4, label: 'point score', domain: [0, Math.max(series.threshold, maxOf(series.scores)) * 1.05 || 1] },
    marks: [bands, Plot.line(scores, { x: 't', y: 'y', stroke: BLUE, strokeWidth: 1.2 }), Plot.ruleY([series.threshold], { stroke: RED, strokeDasharray: '4,3' }), Plot.frame({ stroke: GREY })],
  })
  const description = `A series of ${n} points and its point scores, threshold ${formatNumber(series.threshold)}; ${shaded.length} labelled anomalous event${shaded.length === 1 ? '' : 's'} shaded.`
  // One outer <svg>; each plot becomes a <g> (a nested <svg> would take a page's `svg { height: auto }` rule and
  // fill the whole chart), the lower one moved down. The texts inside were escaped by the DOM serializer when each
  // plot was rendered; the description here is escaped below.
  const escape = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
  const asGroup = (svg: string, dy: number): string =>
    svg.replace(/^<svg\b([^>]*)>/, (_, attributes: string) => `<g${attributes.replace(/\s(width|height|viewBox|xmlns(:\w+)?)="[^"]*"/g, '')}${dy > 0 ? ` transform="translate(0,${dy})"` : ''}>`).replace(/<\/svg>$/, '</g>')
  return `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="series and point scores" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}"><desc>${escape(description)}</desc>${asGroup(upper, 0)}${asGroup(lower, top)}</svg>`
}
