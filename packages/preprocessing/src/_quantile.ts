// numpy's default ('linear') percentile and its median, bit for bit (fixtures/README.md, Conventions).

/** numpy `percentile(x, 100·q)` of ascending `sorted` with the linear method; q in [0, 1]. */
export function quantileSorted(sorted: Float64Array, q: number): number {
  const n = sorted.length
  const h = (n - 1) * q
  const i = Math.floor(h)
  const g = h - i
  const a = sorted[i]
  const b = sorted[Math.min(i + 1, n - 1)]
  // numpy's _lerp: interpolate from the nearer end, so q = 1 gives exactly the maximum.
  return g < 0.5 ? a + (b - a) * g : b - (b - a) * (1 - g)
}

/** numpy `median`: the middle value, or the mean of the two middle values for even n. */
export function medianSorted(sorted: Float64Array): number {
  const n = sorted.length
  const m = n >> 1
  return n % 2 === 1 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2
}
