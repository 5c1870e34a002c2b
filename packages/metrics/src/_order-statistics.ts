/**
 * numpy's default ('linear') quantile of an ascending array, bit for bit:
 * h = (n − 1) · q, i = floor(h), g = h − i, a = x[i], b = x[min(i + 1, n − 1)];
 * a + (b − a) · g when g < 0.5, else b − (b − a) · (1 − g) (numpy's `_lerp`).
 */
export function quantileSorted(sorted: Float64Array, q: number): number {
  const n = sorted.length
  const h = (n - 1) * q
  const i = Math.floor(h)
  const g = h - i
  const a = sorted[i]
  const b = sorted[Math.min(i + 1, n - 1)]
  const d = b - a
  return g < 0.5 ? a + d * g : b - d * (1 - g)
}

/** numpy's median of an ascending array: the middle value, or the mean of the two middle values. */
export function medianSorted(sorted: Float64Array): number {
  const n = sorted.length
  const m = n >>> 1
  return n % 2 === 1 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2
}

/** Population mean and standard deviation (ddof 0), two passes in float64. */
export function meanStd(values: Float64Array): { mean: number; std: number } {
  let sum = 0
  for (let i = 0; i < values.length; i++) sum += values[i]
  const mean = sum / values.length
  let ss = 0
  for (let i = 0; i < values.length; i++) {
    const d = values[i] - mean
    ss += d * d
  }
  return { mean, std: Math.sqrt(ss / values.length) }
}

/** An ascending copy. */
export function sortedCopy(values: Float64Array): Float64Array {
  return values.slice().sort()
}
