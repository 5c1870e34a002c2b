import { expectFiniteValues } from './_checks'
import { checkGeometry, nearestWindow } from './_window-geometry'

/** How a point's value is taken from the windows covering it; see {@link WindowToPointOptions}. */
export type WindowReduce = 'mean' | 'max' | 'last'
/** What a point covered by no window gets; see {@link WindowToPointOptions}. */
export type UncoveredPoints = 'nearest' | 'nan'

/** Options of {@link windowScoresToPoints} and {@link windowFeatureScoresToPoints}. */
export interface WindowToPointOptions {
  /** Length t of the series the windows were cut from. */
  seriesLength: number
  /** Time steps per window, as given to {@link slidingWindows}. */
  size: number
  /** Time steps between window starts, as given to {@link slidingWindows}. Default 1. */
  stride?: number
  /**
   * How a point's value is taken from the windows covering it: `'mean'` (default), `'max'`, or `'last'` (the
   * covering window that starts latest).
   */
  reduce?: WindowReduce
  /**
   * What a point covered by no window gets (the trailing steps when `(t − size)` is not a multiple of
   * `stride`, and gaps when `stride > size`): `'nearest'` (default) — the value of the nearest window (the
   * earlier one on a tie), so downstream metrics never see NaN — or `'nan'`.
   */
  uncovered?: UncoveredPoints
}

/**
 * Turns one score per window into one score per time step: each point gets the mean, max or last of the scores
 * of the windows covering it (window k covers `k·stride … k·stride + size − 1`). Higher = more anomalous; a point
 * is anomalous when `score >= threshold`. O(t + windows) whatever the size: a running compensated sum for
 * `'mean'` (within ~1e-15 relative of summing each point's windows directly) and a monotonic deque for `'max'`.
 * @returns a `Float64Array` of `seriesLength` point scores.
 * Throws `E_LENGTH_MISMATCH` when the number of scores is not the window count of `seriesLength`, `size`,
 * `stride`; `E_NOT_FINITE` naming the first NaN/±Infinity score; `E_OPTION` for a bad option.
 */
export function windowScoresToPoints(windowScores: ArrayLike<number>, options: WindowToPointOptions): Float64Array {
  const where = 'windowScoresToPoints()'
  const g = checkGeometry(windowScores?.length, options, where)
  expectFiniteValues(windowScores, 'windowScores', where)
  const { seriesLength, size, stride, count, reduce, uncovered } = g
  const points = new Float64Array(seriesLength)
  // Windows first … next − 1 cover point i; both only move forward as i grows.
  let first = 0
  let next = 0
  // Neumaier-compensated running sum of the covered windows' scores.
  let sum = 0
  let compensation = 0
  const add = (v: number): void => {
    const t = sum + v
    compensation += Math.abs(sum) >= Math.abs(v) ? sum - t + v : v - t + sum
    sum = t
  }
  // Monotonic deque of window indices with decreasing scores: the front is the max of the covered windows.
  const deque = new Int32Array(count)
  let head = 0
  let tail = 0
  for (let i = 0; i < seriesLength; i++) {
    while (next < count && next * stride <= i) {
      const v = windowScores[next]
      if (reduce === 'mean') add(v)
      if (reduce === 'max') {
        while (tail > head && windowScores[deque[tail - 1]] <= v) tail--
        deque[tail++] = next
      }
      next++
    }
    while (first < next && first * stride + size - 1 < i) {
      if (reduce === 'mean') add(-windowScores[first])
      if (reduce === 'max' && deque[head] === first) head++
      first++
    }
    if (first === next) {
      // Restart the sum from zero after a gap so rounding does not carry over.
      sum = 0
      compensation = 0
      points[i] = uncovered === 'nan' ? Number.NaN : windowScores[nearestWindow(i, next, g)]
    } else if (reduce === 'mean') {
      points[i] = (sum + compensation) / (next - first)
    } else if (reduce === 'max') {
      points[i] = windowScores[deque[head]]
    } else {
      points[i] = windowScores[next - 1]
    }
  }
  return points
}
