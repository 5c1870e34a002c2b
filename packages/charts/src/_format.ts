/**
 * A tick or value label a reader can take in at a glance: 3 significant digits, no SI prefixes
 * ('0.002', not '2m'), exponent form only outside [1e-4, 1e5).
 */
export function formatNumber(v: number): string {
  if (!Number.isFinite(v)) return String(v)
  if (v === 0) return '0'
  const a = Math.abs(v)
  if (a < 1e-4 || a >= 1e5) return v.toExponential(1).replace('e+', 'e')
  return String(Number(v.toPrecision(3)))
}

/** Integer ticks for a count axis from 0 to `max`: at most about `count` of them, steps 1, 2, 5, 10, 20, … */
export function countTicks(max: number, count = 5): number[] {
  const top = Math.max(1, Math.ceil(max))
  const raw = top / count
  const power = 10 ** Math.floor(Math.log10(raw))
  const step = Math.max(1, [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power)
  const ticks: number[] = []
  for (let t = 0; t <= top; t += step) ticks.push(t)
  return ticks
}
