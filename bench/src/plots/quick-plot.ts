// The quick profile's plot (bench/results/quick.svg): each figure of the run against the baseline, as now ÷
// baseline turned so that right is better (baseline ÷ now for figures where lower is better), with the allowed
// regression as a tick.
import type { BenchRecord, Figure } from '../baseline'
import { figureDotsSvg, type FigurePoint } from './figure-dots'

/** The figure against its baseline figure, or undefined when the baseline lacks it (or it is zero). */
export function quickPoint(now: Figure, base: Figure | undefined): FigurePoint | undefined {
  if (base === undefined || base.value === 0 || !Number.isFinite(now.value)) return undefined
  const higher = base.direction === 'higher'
  const relative = higher ? now.value / base.value : base.value / now.value
  // The same bound compareWithBaseline applies, on this axis.
  const allowed = base.kind === 'quality' ? base.tolerance : base.tolerance * Math.abs(base.value)
  const boundValue = higher ? base.value - allowed : base.value + allowed
  const bound = higher ? boundValue / base.value : base.value / boundValue
  const status: FigurePoint['status'] = relative >= bound - 1e-12 ? 'met' : 'missed'
  const unit = now.unit === '' ? '' : ` ${now.unit}`
  return { label: now.id, relative, bound, status, title: `${now.id}: now ${now.value}${unit}, baseline ${base.value}${unit} (${base.direction} is better, ${base.kind} tolerance ${base.tolerance})` }
}

/** The SVG of a quick run against a baseline; figures new since the baseline are counted in the caption. */
export async function quickPlotSvg(baseline: BenchRecord, now: BenchRecord): Promise<string> {
  const byId = new Map(baseline.figures.map((f) => [f.id, f]))
  const points = now.figures.map((f) => quickPoint(f, byId.get(f.id))).filter((p): p is FigurePoint => p !== undefined)
  const left = now.figures.length - points.length
  const caption = `now (${now.commit}, ${now.backend}) against the baseline (${baseline.commit}, ${baseline.date.slice(0, 10)}, ${baseline.backend}); right is better. Tick: the allowed regression; green ok, red REGRESSION.${left > 0 ? ` ${left} figure${left === 1 ? '' : 's'} not in the baseline.` : ''}`
  return figureDotsSvg(points, { title: 'bench quick profile against the baseline', caption, xLabel: 'now ÷ baseline, turned so that right is better' })
}
