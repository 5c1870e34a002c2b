/**
 * numpy's `linspace(start, stop, num)` for num >= 2: `start + k * ((stop - start) / (num - 1))`, with the
 * last value set to `stop` exactly — the same operations in the same order, so the values are bit-equal.
 */
export function linspace(start: number, stop: number, num: number): Float64Array {
  const out = new Float64Array(num)
  const step = (stop - start) / (num - 1)
  for (let k = 0; k < num; k++) out[k] = k * step + start
  out[num - 1] = stop
  return out
}

/**
 * TSB-AD's oracle thresholds for PA-F1, Event-based-F1, R-based-F1 and Affiliation-F:
 * `linspace(min(score), max(score), 100)`; a point is predicted anomalous when `score > t` (strict).
 */
export function oracleThresholds(scores: Float64Array, count = 100): Float64Array {
  let min = Infinity
  let max = -Infinity
  for (let i = 0; i < scores.length; i++) {
    const v = scores[i]
    if (v < min) min = v
    if (v > max) max = v
  }
  return linspace(min, max, count)
}
