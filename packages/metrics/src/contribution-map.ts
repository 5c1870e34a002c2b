import { AedetectError } from '@aedetect/core'
import type { Samples } from '@aedetect/core'
import { checkPair, expectRow, valueMetric } from './_reconstruction-pair'
import { differenceReader, expectSmoothing } from './_smoothed-differences'
import type { SamplesInput, ValueMetric } from './reconstruction-input'

/** Options of {@link contributionMap}. */
export interface ContributionMapOptions {
  /** The sample to map (index into `x`). */
  row: number
  /** Per-value error: `'squared'` (default) or `'absolute'`. */
  metric?: ValueMetric
  /** Box radius over which differences are averaged along the spatial axes first, as the `smoothing` of `reconstructionErrors`. Default `0`. */
  smoothing?: number
}

/**
 * A 2-D map of where one sample's reconstruction error lies, for heat maps: for image samples
 * `[h, w, c]` each pixel's share of the sample's error summed over channels, for `[h, w]` (or windows
 * `[steps, features]`) each value's share. Returns `Samples` of shape `[h, w]` — the map's rows as
 * `shape[0]` — whose values sum to 1 (all 0 when the sample has no error).
 * @throws `E_SHAPE` (shapes differ, or samples are not 2-D or 3-D), `E_NOT_FINITE`, `E_EMPTY`,
 * `E_OPTION` (bad `row`, metric or smoothing).
 */
export function contributionMap(x: SamplesInput, reconstruction: SamplesInput, options: ContributionMapOptions): Samples {
  const where = 'contributionMap()'
  const metric = valueMetric(options?.metric, where)
  const { x: a, r: b, n, size, shape } = checkPair(x, reconstruction, where)
  const sampleShape = shape.slice(1)
  if (sampleShape.length !== 2 && sampleShape.length !== 3) {
    throw new AedetectError('E_SHAPE', `${where}: needs 2-D samples ([h, w], [steps, features]) or images ([h, w, c]); got sample shape [${sampleShape.join(', ')}]. Use topContributions() for tabular samples.`)
  }
  expectRow(options.row, n, where)
  const [h, w] = sampleShape
  const channels = sampleShape.length === 3 ? sampleShape[2] : 1
  const errors = new Float64Array(size)
  differenceReader(a, b, sampleShape, expectSmoothing(options.smoothing, sampleShape, where)).read(options.row, errors)
  const map = new Float64Array(h * w)
  let total = 0
  for (let p = 0; p < h * w; p++) {
    let sum = 0
    for (let c = 0; c < channels; c++) {
      const d = errors[p * channels + c]
      sum += metric === 'squared' ? d * d : Math.abs(d)
    }
    map[p] = sum
    total += sum
  }
  const data = new Float32Array(h * w)
  if (total > 0) for (let p = 0; p < h * w; p++) data[p] = map[p] / total
  return { data, shape: [h, w] }
}
