import { AedetectError } from '@aedetect/core'

/** Options of {@link findSlidingWindow}. */
export interface FindSlidingWindowOptions {
  /**
   * Which autocorrelation peak to use: 1 = the strongest (default); 2 = the strongest at a longer lag than
   * the strongest one; 3 = TSB-AD's third rule, followed as its code is written (see TIMESERIES.md).
   */
  rank?: 1 | 2 | 3
  /** The window returned when no usable peak exists, in points. Default 125, TSB-AD's. A positive integer. */
  fallback?: number
}

// TSB-AD's find_length_rank: the autocorrelation up to 400 lags over the first 20000 points; lags 0–2 are
// dropped, and a peak at index i of the rest (lag i + 3) is used only when 3 <= i <= 300.
const MAX_POINTS = 20000
const MAX_LAGS = 400
const BASE = 3
const MIN_INDEX = 3
const MAX_INDEX = 300

/**
 * A sliding-window length (in points) for VUS and for windowed models, from the dominant period of a
 * univariate series, as TSB-AD's `find_length_rank` chooses it. The rule: take the first 20000 points,
 * compute their autocorrelation (mean removed, biased estimator, as statsmodels' `acf`) for lags 0…400
 * (fewer for a shorter series), drop lags 0–2, and find the strict local maxima of the rest; rank them by
 * height and take the one of `rank`. Its lag is the window when it lies between 6 and 303 (index 3…300
 * after dropping three lags); otherwise — also for a constant series or one without a peak — `fallback`.
 * O(min(n, 20000) · 400) in float64.
 * @throws `E_EMPTY` (no point), `E_NOT_FINITE` (by index), `E_OPTION` (a bad `rank` or `fallback`).
 */
export function findSlidingWindow(series: Float32Array | Float64Array, options: FindSlidingWindowOptions = {}): number {
  const where = 'findSlidingWindow()'
  const rank = options.rank ?? 1
  const fallback = options.fallback ?? 125
  if (rank !== 1 && rank !== 2 && rank !== 3) {
    throw new AedetectError('E_OPTION', `${where}: rank is ${String(rank)}; expected one of 1 | 2 | 3 (1 = the strongest period).`)
  }
  if (!Number.isInteger(fallback) || fallback < 1) {
    throw new AedetectError('E_OPTION', `${where}: fallback is ${String(fallback)}; expected a positive integer number of points (TSB-AD uses 125).`)
  }
  if (series.length === 0) {
    throw new AedetectError('E_EMPTY', `${where}: the series is empty. Pass at least one value (a few periods for a meaningful window).`)
  }
  const m = Math.min(series.length, MAX_POINTS)
  let sum = 0
  for (let i = 0; i < m; i++) {
    const v = series[i]
    if (!Number.isFinite(v)) {
      throw new AedetectError('E_NOT_FINITE', `${where}: value ${i} is ${v}; every value must be a finite number. Drop or impute missing values first.`)
    }
    sum += v
  }
  const mean = sum / m
  const x = new Float64Array(m)
  for (let i = 0; i < m; i++) x[i] = series[i] - mean
  const lags = Math.min(MAX_LAGS, m - 1)
  let c0 = 0
  for (let i = 0; i < m; i++) c0 += x[i] * x[i]
  if (c0 === 0 || lags < BASE + 2) return fallback
  // corr[j] = autocorrelation at lag j + BASE.
  const corr = new Float64Array(lags + 1 - BASE)
  for (let lag = BASE; lag <= lags; lag++) {
    let c = 0
    for (let i = 0; i + lag < m; i++) c += x[i] * x[i + lag]
    corr[lag - BASE] = c / c0
  }
  const peaks: number[] = []
  for (let j = 1; j < corr.length - 1; j++) if (corr[j] > corr[j - 1] && corr[j] > corr[j + 1]) peaks.push(j)
  if (peaks.length === 0) return fallback
  // Positions into `peaks`, by height descending (equal heights: the longer lag first, as numpy's
  // ascending argsort reversed).
  const order = peaks.map((_, p) => p).sort((p, q) => corr[peaks[q]] - corr[peaks[p]] || q - p)
  const chosen = pickRank(order, rank)
  if (chosen === undefined) return fallback
  const index = peaks[chosen]
  return index < MIN_INDEX || index > MAX_INDEX ? fallback : index + BASE
}

/** TSB-AD's rank rules over `order` (positions into the peak list, strongest first); undefined → fallback. */
function pickRank(order: number[], rank: 1 | 2 | 3): number | undefined {
  let chosen = order[0]
  if (rank === 2) {
    const later = order.slice(1).find((p) => p > order[0])
    if (later !== undefined) chosen = later
  }
  if (rank === 3) {
    // As written in TSB-AD: the position found by the rank-2 rule is then used as an index into `order`.
    const second = order.slice(1).find((p) => p > order[0])
    if (second === undefined) return undefined
    const third = second < order.length ? order.slice(second).find((p) => p > order[second]) : undefined
    if (third !== undefined) chosen = third
  }
  return chosen
}
