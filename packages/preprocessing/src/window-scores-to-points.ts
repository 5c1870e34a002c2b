import { expectFiniteValues } from './_checks'
import { checkGeometry, nearestWindow } from './_window-geometry'
import type { WindowGeometry } from './_window-geometry'

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
  const points = new Float64Array(g.seriesLength)
  if (g.reduce === 'mean') fillMean(windowScores, g, points)
  else if (g.reduce === 'max') fillMax(windowScores, g, points)
  else fillLast(windowScores, g, points)
  return points
}

// Each fill walks the points once; windows first … next − 1 cover point i, and both only move forward.

function fillMean(scores: ArrayLike<number>, g: WindowGeometry, points: Float64Array): void {
  const { seriesLength, size, stride, count } = g
  let first = 0
  let next = 0
  // Neumaier-compensated running sum of the covering windows' scores: additions and removals over 10^6
  // windows would otherwise drift; compensated, a point's mean stays within ~1e-15 of its direct sum.
  let sum = 0
  let compensation = 0
  for (let i = 0; i < seriesLength; i++) {
    while (next < count && next * stride <= i) {
      const v = scores[next++]
      const t = sum + v
      compensation += Math.abs(sum) >= Math.abs(v) ? sum - t + v : v - t + sum
      sum = t
    }
    while (first < next && first * stride + size - 1 < i) {
      const v = -scores[first++]
      const t = sum + v
      compensation += Math.abs(sum) >= Math.abs(v) ? sum - t + v : v - t + sum
      sum = t
    }
    if (first === next) {
      // Restart from zero after a gap so rounding does not carry over.
      sum = 0
      compensation = 0
      points[i] = uncoveredValue(scores, i, next, g)
    } else {
      points[i] = (sum + compensation) / (next - first)
    }
  }
}

function fillMax(scores: ArrayLike<number>, g: WindowGeometry, points: Float64Array): void {
  const { seriesLength, size, stride, count } = g
  // Monotonic deque of window indices with decreasing scores: the front is the max of the covering windows.
  const deque = new Int32Array(count)
  let head = 0
  let tail = 0
  let first = 0
  let next = 0
  for (let i = 0; i < seriesLength; i++) {
    while (next < count && next * stride <= i) {
      const v = scores[next]
      while (tail > head && scores[deque[tail - 1]] <= v) tail--
      deque[tail++] = next++
    }
    while (first < next && first * stride + size - 1 < i) {
      if (deque[head] === first) head++
      first++
    }
    points[i] = first === next ? uncoveredValue(scores, i, next, g) : scores[deque[head]]
  }
}

function fillLast(scores: ArrayLike<number>, g: WindowGeometry, points: Float64Array): void {
  const { seriesLength, size, stride, count } = g
  let next = 0
  for (let i = 0; i < seriesLength; i++) {
    while (next < count && next * stride <= i) next++
    // The latest-starting window that started at or before i covers i unless it already ended.
    const covered = next > 0 && (next - 1) * stride + size - 1 >= i
    points[i] = covered ? scores[next - 1] : uncoveredValue(scores, i, next, g)
  }
}

function uncoveredValue(scores: ArrayLike<number>, i: number, next: number, g: WindowGeometry): number {
  return g.uncovered === 'nan' ? Number.NaN : scores[nearestWindow(i, next, g)]
}
