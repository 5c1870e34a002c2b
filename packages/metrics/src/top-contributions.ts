import { AedetectError } from '@aedetect/core'
import { checkPair, expectRow, valueMetric } from './_reconstruction-pair'
import { differenceReader, expectSmoothing } from './_smoothed-differences'
import type { SamplesInput, ValueMetric } from './reconstruction-input'

/** One value of a sample and its part in the sample's reconstruction error. */
export interface Contribution {
  /** Flat index of the value within the sample (row-major). */
  index: number
  /** `featureNames[index]` when given; else `feature 3` for tabular samples, `[t, channel]` or `[row, col, c]` otherwise. */
  name: string
  /** Index within the sample shape, e.g. `[t, channel]` for windows or `[row, col, c]` for images. */
  position: number[]
  /** The input value. */
  input: number
  /** The reconstructed value. */
  reconstruction: number
  /** Its error, (x − r)² or |x − r| by `metric` (of the smoothed difference with `smoothing`). */
  error: number
  /** Its share of the sample's total error, in [0, 1] (0 when the sample has no error). */
  share: number
}

/** Options of {@link topContributions}. */
export interface TopContributionsOptions {
  /** How many values per sample, the largest errors first. Default 5 (at most the sample size). */
  k?: number
  /** Per-value error: `'squared'` (default) or `'absolute'`. */
  metric?: ValueMetric
  /** One name per value of a sample (e.g. column names, `t0…t139`). */
  featureNames?: readonly string[]
  /** The samples to explain (indices into `x`), e.g. the flagged ones. Default: every sample. */
  rows?: ArrayLike<number>
  /** Box radius over which differences are averaged along the spatial axes first, as the `smoothing` of `reconstructionErrors`. Default `0`. */
  smoothing?: number
}

/**
 * For each requested sample, the `k` values with the largest reconstruction error — the features, time
 * steps or pixels that make it anomalous — with input, reconstruction, error and share of the sample's
 * error. Ties keep the lower index first. One list per entry of `rows` (or per sample), in that order.
 * @throws `E_SHAPE` (shapes differ; both are named), `E_NOT_FINITE`, `E_EMPTY`, `E_OPTION` (bad `k`,
 * `rows` entry, metric, smoothing, or a `featureNames` of the wrong length).
 */
export function topContributions(x: SamplesInput, reconstruction: SamplesInput, options: TopContributionsOptions = {}): Contribution[][] {
  const where = 'topContributions()'
  const metric = valueMetric(options.metric, where)
  const { x: a, r: b, n, size, shape } = checkPair(x, reconstruction, where)
  const kOption = options.k ?? 5
  if (!Number.isInteger(kOption) || kOption < 1) {
    throw new AedetectError('E_OPTION', `${where}: k must be a positive integer (values per sample), got ${String(kOption)}.`)
  }
  const names = options.featureNames
  if (names !== undefined && names.length !== size) {
    throw new AedetectError('E_OPTION', `${where}: featureNames has ${names.length} names, but each sample has ${size} values (sample shape [${shape.slice(1).join(', ')}]). Pass one name per value.`)
  }
  const rows = options.rows ?? Array.from({ length: n }, (_, i) => i)
  for (let i = 0; i < rows.length; i++) expectRow(rows[i], n, where, `rows[${i}]`)
  const k = Math.min(kOption, size)
  const sampleShape = shape.slice(1)
  const reader = differenceReader(a, b, sampleShape, expectSmoothing(options.smoothing, sampleShape, where))
  const errors = new Float64Array(size)
  const top = new Int32Array(k)
  const result: Contribution[][] = new Array(rows.length)
  for (let q = 0; q < rows.length; q++) {
    const base = rows[q] * size
    reader.read(rows[q], errors)
    let total = 0
    for (let j = 0; j < size; j++) {
      errors[j] = metric === 'squared' ? errors[j] * errors[j] : Math.abs(errors[j])
      total += errors[j]
    }
    // Insertion into a sorted top-k list: O(size · k), and k is small.
    let count = 0
    for (let j = 0; j < size; j++) {
      const e = errors[j]
      if (count === k && e <= errors[top[k - 1]]) continue
      let p = count < k ? count++ : k - 1
      while (p > 0 && errors[top[p - 1]] < e) {
        top[p] = top[p - 1]
        p--
      }
      top[p] = j
    }
    const list: Contribution[] = new Array(count)
    for (let t = 0; t < count; t++) {
      const j = top[t]
      const position = unravel(j, sampleShape)
      list[t] = {
        index: j,
        name: names ? names[j] : defaultName(position),
        position,
        input: a[base + j],
        reconstruction: b[base + j],
        error: errors[j],
        share: total > 0 ? errors[j] / total : 0,
      }
    }
    result[q] = list
  }
  return result
}

/** Row-major flat index → position within the sample shape. */
function unravel(index: number, sampleShape: number[]): number[] {
  const position = new Array<number>(sampleShape.length)
  let rest = index
  for (let d = sampleShape.length - 1; d >= 0; d--) {
    position[d] = rest % sampleShape[d]
    rest = Math.floor(rest / sampleShape[d])
  }
  return position
}

function defaultName(position: number[]): string {
  return position.length === 1 ? `feature ${position[0]}` : `[${position.join(', ')}]`
}
