import { AedetectError } from '@aedetect/core'
import { toScores64 } from './_validate'

/** Options of {@link histogram}. */
export interface HistogramOptions {
  /** Number of equal-width bins. Default 40. */
  bins?: number
  /** Lower edge. Default: the smallest value. */
  min?: number
  /** Upper edge (included in the last bin). Default: the largest value. */
  max?: number
}

/** Equal-width bin counts, like numpy's `histogram`. */
export interface Histogram {
  /** `bins + 1` edges, ascending; bin i holds values in [edges[i], edges[i + 1]), the last bin includes its upper edge. */
  edges: Float64Array
  /** Values per bin; values outside [min, max] are not counted. */
  counts: Float64Array
}

/**
 * Counts values into equal-width bins over [min, max] (default: the range of the values), as
 * `numpy.histogram(values, bins, range=(min, max))`: edges are `min + i · (max − min) / bins`, the last
 * bin is closed, and when min equals max the range widens to [min − 0.5, max + 0.5].
 * @throws `E_EMPTY`, `E_NOT_FINITE` (by index), `E_OPTION` (bins not a positive integer, min > max).
 */
export function histogram(values: ArrayLike<number>, options: HistogramOptions = {}): Histogram {
  const where = 'histogram()'
  const v = toScores64(values, where, 'values')
  const bins = options.bins ?? 40
  if (!Number.isInteger(bins) || bins < 1) {
    throw new AedetectError('E_OPTION', `${where}: bins must be a positive integer, got ${String(bins)}.`)
  }
  let lo = options.min ?? Infinity
  let hi = options.max ?? -Infinity
  if (options.min === undefined || options.max === undefined) {
    for (let i = 0; i < v.length; i++) {
      if (options.min === undefined && v[i] < lo) lo = v[i]
      if (options.max === undefined && v[i] > hi) hi = v[i]
    }
  }
  if (!Number.isFinite(lo) || !Number.isFinite(hi) || lo > hi) {
    throw new AedetectError('E_OPTION', `${where}: the range [${lo}, ${hi}] is not a finite interval with min <= max. Pass finite min and max, or omit them.`)
  }
  if (lo === hi) {
    lo -= 0.5
    hi += 0.5
  }
  const edges = new Float64Array(bins + 1)
  const step = (hi - lo) / bins
  for (let i = 0; i < bins; i++) edges[i] = lo + i * step
  edges[bins] = hi
  const counts = new Float64Array(bins)
  const width = hi - lo
  for (let i = 0; i < v.length; i++) {
    const x = v[i]
    if (x < lo || x > hi) continue
    let b = Math.floor(((x - lo) / width) * bins)
    if (b >= bins) b = bins - 1
    // Correct the rounding of the multiplication against the edges themselves, as numpy does.
    if (x < edges[b]) b--
    else if (b < bins - 1 && x >= edges[b + 1]) b++
    counts[b]++
  }
  return { edges, counts }
}
