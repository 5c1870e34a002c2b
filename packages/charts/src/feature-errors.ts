import * as Plot from '@observablehq/plot'
import type { ChartOptions } from './chart-options'
import { formatNumber } from './format-number'
import { BLUE, CLASS_COLORS, RED } from './_palette'
import { LEGEND_MARGIN, legendMarks, renderSvg } from './_render'
import { chartSize } from './_size'

/** Mean error of one feature over the normal and over the anomalous test samples. */
export interface FeatureError {
  /** The feature's name, as in the data (drawn as text, escaped). */
  feature: string
  normal: number
  anomalous: number
}

// Axis labels longer than this are cut with an ellipsis (the full name stays in each bar's tooltip).
const NAME_CHARS = 26

/**
 * Mean per-feature error of normal and anomalous test samples as paired horizontal bars, one row per
 * feature in the order given (put the features that matter most first). Returns one `<svg>` element as a
 * string (560 wide by default, 22 px per feature).
 * @throws `E_OPTION` without a document (pass `options.document` in Node).
 */
export function featureErrorsSvg(features: FeatureError[], options: ChartOptions = {}): string {
  const rows = features.flatMap((f) => [
    { feature: f.feature, error: f.normal, class: 'normal' },
    { feature: f.feature, error: f.anomalous, class: 'anomalous' },
  ])
  const names = [...new Set(features.map((f) => f.feature))]
  const short = (name: string): string => (name.length > NAME_CHARS ? `${name.slice(0, NAME_CHARS - 1)}…` : name)
  const longest = Math.max(1, ...names.map((n) => short(n).length))
  return renderSvg('featureErrorsSvg()', options, {
    width: chartSize('featureErrorsSvg()', options, { width: 560, height: 300 }).width,
    height: 60 + 22 * names.length,
    marginTop: LEGEND_MARGIN,
    marginLeft: 12 + 6.5 * longest,
    ariaLabel: 'per-feature errors',
    ariaDescription: `Mean error of ${names.length} features over the normal and the anomalous test samples.`,
    x: { label: 'mean error per feature (scaled units)', grid: true, tickFormat: formatNumber },
    y: { axis: null, domain: CLASS_COLORS.domain },
    fy: { domain: names, label: null, padding: 0.15, tickFormat: short },
    color: CLASS_COLORS,
    marks: [
      Plot.barX(rows, { x: 'error', y: 'class', fy: 'feature', fill: 'class', fillOpacity: 0.8, title: (d: { feature: string; error: number; class: string }) => `${d.feature}, ${d.class}: ${formatNumber(d.error)}` }),
      Plot.ruleX([0]),
      ...legendMarks([{ label: 'normal', color: BLUE }, { label: 'anomalous', color: RED }], { faceted: true }),
    ],
  })
}
