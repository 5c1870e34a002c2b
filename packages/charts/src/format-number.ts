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
