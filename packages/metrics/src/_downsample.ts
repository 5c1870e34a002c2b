/**
 * Picks at most `maxPoints` points of a curve for plotting, evenly spaced along its path length
 * (|dx| + |dy|), always keeping the first and last point. A ROC curve of 10^6 points keeps its shape in
 * 200 because flat and steep stretches get points in proportion to how far they travel on the plot.
 */
export function downsampleCurve(xs: Float64Array, ys: Float64Array, maxPoints: number): { x: number[]; y: number[] } {
  const n = xs.length
  if (n <= maxPoints) return { x: Array.from(xs), y: Array.from(ys) }
  let total = 0
  for (let i = 1; i < n; i++) total += Math.abs(xs[i] - xs[i - 1]) + Math.abs(ys[i] - ys[i - 1])
  if (total === 0) return { x: [xs[0], xs[n - 1]], y: [ys[0], ys[n - 1]] }
  const keep: number[] = [0]
  let travelled = 0
  let next = total / (maxPoints - 1)
  for (let i = 1; i < n - 1 && keep.length < maxPoints - 1; i++) {
    travelled += Math.abs(xs[i] - xs[i - 1]) + Math.abs(ys[i] - ys[i - 1])
    if (travelled >= next) {
      keep.push(i)
      while (next <= travelled) next += total / (maxPoints - 1)
    }
  }
  keep.push(n - 1)
  return { x: keep.map((i) => xs[i]), y: keep.map((i) => ys[i]) }
}
