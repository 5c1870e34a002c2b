// The one chart every bench plot is: one dot per figure on a shared relative axis (value ÷ what it is compared
// with), a tick at the figure's own bound when it has one, and a rule at 1. Figures of a suite have different
// units (ROC-AUC, rows/s, ms), so only a ratio puts them on one axis.
import { loadPlot, newDocument } from './_plot'

/** One figure, already relative to what it is compared with. */
export interface FigurePoint {
  /** The figure's name (drawn as text, escaped by the DOM serializer). */
  label: string
  /** value ÷ comparator; > 1 means above it. */
  relative: number
  /** The figure's bound on the same axis (a target, or the allowed regression), when it has one. */
  bound?: number
  /** 'met' (green), 'missed' (red) or 'none' (no target: grey). */
  status: 'met' | 'missed' | 'none'
  /** Tooltip: the absolute numbers. */
  title: string
}

const COLORS = { met: '#2a9d48', missed: '#d62728', none: '#7f7f7f' }
// Names longer than this are cut on the axis (the whole name stays in the tooltip).
const NAME_CHARS = 60

/**
 * Draws the points as one `<svg>` string: a dot per point (one `<circle>` each), its bound as a tick, a rule at 1.
 * The axis is logarithmic when the relatives span more than ten times. `caption` goes under the title.
 * Points whose relative value is not a positive number are left out (the caller says so in `caption`).
 */
export async function figureDotsSvg(points: FigurePoint[], { title, caption, xLabel }: { title: string; caption: string; xLabel: string }): Promise<string> {
  const Plot = await loadPlot()
  const finite = points.filter((p) => Number.isFinite(p.relative) && p.relative > 0)
  const values = [1, ...finite.map((p) => p.relative), ...finite.flatMap((p) => (p.bound === undefined ? [] : [p.bound]))]
  const spread = Math.max(...values) / Math.min(...values)
  const short = (name: string): string => (name.length > NAME_CHARS ? `${name.slice(0, NAME_CHARS - 1)}…` : name)
  const labels = finite.map((p) => p.label)
  const longest = Math.max(1, ...labels.map((l) => short(l).length))
  const element = Plot.plot({
    document: newDocument(),
    ariaLabel: title,
    ariaDescription: caption,
    marginTop: 46,
    // Wide enough for the caption's one line too (about 6 px per character at 11 px).
    width: Math.max(720 + 6 * longest, 24 + 6 * caption.length),
    height: 96 + 20 * Math.max(1, finite.length),
    marginLeft: 12 + 6.2 * longest,
    marginRight: 30,
    // '~g': 0.7 and 20, not Plot's SI '700m' on a log axis.
    x: { type: spread > 10 ? 'log' : 'linear', label: xLabel, grid: true, tickFormat: '~g' },
    y: { domain: labels, label: null, tickFormat: short },
    marks: [
      // Title and caption inside the SVG (Plot's own title wraps it in a <figure>, which is no .svg file).
      Plot.text([title], { frameAnchor: 'top-left', dy: -40, dx: -(6.2 * longest), text: (d) => d, fontSize: 14, textAnchor: 'start' }),
      Plot.text([caption], { frameAnchor: 'top-left', dy: -22, dx: -(6.2 * longest), text: (d) => d, fontSize: 11, textAnchor: 'start' }),
      Plot.ruleX([1], { stroke: '#444', strokeDasharray: '3,3' }),
      Plot.tickX(finite.filter((p) => p.bound !== undefined), { x: (p) => p.bound, y: (p) => p.label, stroke: '#444', strokeWidth: 2 }),
      Plot.dot(finite, { x: (p) => p.relative, y: (p) => p.label, fill: (p) => COLORS[p.status], r: 4, title: (p) => p.title }),
    ],
  })
  // A standalone .svg file needs its namespace (inside HTML, Plot's element does not).
  element.setAttribute('xmlns', 'http://www.w3.org/2000/svg')
  return element.outerHTML
}
