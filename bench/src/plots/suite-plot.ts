// The plot of one suite run (bench/results/<suite>.svg): every row with something to compare it with — a
// reference (raw tfjs or PyTorch measured in the same run, a peer's published figure), else a numeric target —
// as value ÷ that comparator; unitless quality figures without either against a perfect 1.
import type { BenchRow } from '../harness'
import { figureDotsSvg, type FigurePoint } from './figure-dots'

// '>= 0.95', 'ratio >= 0.95', '< 60000', '≤ +10 %': the comparison and its number.
const TARGET = /(>=|<=|≥|≤|>|<)\s*\+?(-?[\d.]+(?:e[-+]?\d+)?)\s*(%?)/i

/** The row as a point, or undefined when it has nothing to be compared with. */
export function suitePoint(row: BenchRow): FigurePoint | undefined {
  const target = row.target === undefined ? null : TARGET.exec(row.target)
  const targetValue = target === null ? undefined : Number(target[2])
  const status: FigurePoint['status'] = row.met === undefined ? 'none' : row.met ? 'met' : 'missed'
  const unit = row.unit === '' ? '' : ` ${row.unit}`
  const facts = [`${row.name}: ${row.value}${unit}`]
  if (row.reference !== undefined) facts.push(`reference ${row.reference}${unit}`)
  if (row.target !== undefined) facts.push(`target ${row.target}`)
  if (row.note !== undefined) facts.push(row.note)
  const title = facts.join('; ')
  if (row.reference !== undefined && row.reference !== 0) {
    const relative = row.ratio ?? row.value / row.reference
    // A target on the ratio ('ratio >= 0.95', or '≤ +10 %' of the reference) is already relative; any other target
    // is in the row's own unit and is divided by the reference too.
    let bound: number | undefined
    if (target !== null && targetValue !== undefined) {
      if (target[3] === '%') bound = 1 + targetValue / 100
      else if (/ratio/i.test(row.target ?? '')) bound = targetValue
      else bound = targetValue / row.reference
    }
    return { label: row.name, relative, bound, status, title }
  }
  if (targetValue !== undefined && targetValue !== 0 && target?.[3] !== '%') return { label: row.name, relative: row.value / targetValue, bound: 1, status, title }
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
