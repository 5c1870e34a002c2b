// The plot of one suite run (bench/results/<suite>.svg): every row with something to compare it with — a
// reference (raw tfjs or PyTorch measured in the same run, a peer's published figure), else a numeric target —
// as value ÷ that comparator; unitless quality figures without either as they are (against a perfect 1).
import type { BenchRow } from '../harness'
import { figureDotsSvg, type FigurePoint } from './figure-dots'

/** A row's target as a number: `relative` when it is already a multiple of the reference. */
interface TargetValue {
  value: number
  relative: boolean
}

/**
 * Reads the targets the suites write: '>= 0.98', '< 60000', '>= 12,000 samples/s' (absolute, in the row's unit);
 * 'ratio >= 0.95', '>= 0.95 x raw tfjs', '≥ 0.6 × PyTorch' (multiples of the reference); '<= raw tfjs + 10 %',
 * 'flat (≤ 10^4 figure + 5 %)' (the reference plus a percentage). Undefined for a target without a number.
 */
export function readTarget(target: string | undefined): TargetValue | undefined {
  if (target === undefined) return undefined
  const t = target.replace(/(\d),(?=\d{3})/g, '$1')
  const percent = /\+\s*([\d.]+)\s*%/.exec(t)
  if (percent !== null) return { value: 1 + Number(percent[1]) / 100, relative: true }
  const bound = /(>=|<=|≥|≤|>|<)\s*(-?[\d.]+(?:e[-+]?\d+)?)(\s*[x×](?!\w))?/i.exec(t)
  if (bound === null) return undefined
  return { value: Number(bound[2]), relative: bound[3] !== undefined || /ratio/i.test(t) }
}

/** The row as a point, or undefined when it has nothing to be compared with. */
export function suitePoint(row: BenchRow): FigurePoint | undefined {
  const target = readTarget(row.target)
  const status: FigurePoint['status'] = row.met === undefined ? 'none' : row.met ? 'met' : 'missed'
  const unit = row.unit === '' ? '' : ` ${row.unit}`
  const facts = [`${row.name}: ${row.value}${unit}`]
  if (row.reference !== undefined) facts.push(`reference ${row.reference}${unit}`)
  if (row.target !== undefined) facts.push(`target ${row.target}`)
  if (row.note !== undefined) facts.push(row.note)
  const title = facts.join('; ')
  if (row.reference !== undefined && row.reference !== 0) {
    const relative = row.ratio ?? row.value / row.reference
    // A target in the row's own unit is divided by the reference too, so it sits on the same axis.
    const bound = target === undefined ? undefined : target.relative ? target.value : target.value / row.reference
    return { label: row.name, relative, bound, status, title }
  }
  if (target !== undefined && !target.relative && target.value !== 0) return { label: row.name, relative: row.value / target.value, bound: 1, status, title }
  if (row.unit === '' && row.value >= 0 && row.value <= 1) return { label: row.name, relative: row.value, bound: undefined, status, title }
  return undefined
}

/** The SVG of a suite's rows; rows with nothing to compare with are counted in the caption. */
export async function suitePlotSvg(suite: string, rows: BenchRow[]): Promise<string> {
  const points = rows.map(suitePoint).filter((p): p is FigurePoint => p !== undefined)
  const left = rows.length - points.length
  const caption = `value ÷ reference (same-run raw tfjs or PyTorch, or a peer's figure), else ÷ target; unitless scores as they are. Tick: target (green met, red missed).${left > 0 ? ` ${left} row${left === 1 ? '' : 's'} with neither: see ${suite}.json.` : ''}`
  return figureDotsSvg(points, { title: `bench ${suite}`, caption, xLabel: 'value ÷ reference (1 = equal)' })
}
