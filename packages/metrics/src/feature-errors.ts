import type { Samples } from '@aedetect/core'
import { checkPair, valueMetric } from './_reconstruction-pair'
import { differenceReader, expectSmoothing } from './_smoothed-differences'
import type { SamplesInput, ValueMetric } from './reconstruction-input'

/** Options of {@link featureErrors} and {@link featureContributions}. */
export interface FeatureErrorOptions {
  /** Per-value error: `'squared'` (x − r)² (default) or `'absolute'` |x − r|. */
  metric?: ValueMetric
  /** Box radius over which differences are averaged along the spatial axes first; as the `smoothing` of `reconstructionErrors`. Default `0`. */
  smoothing?: number
}

/**
 * The error of every value, same shape as the input: (x − r)² or |x − r| per feature, time step or
 * pixel (of the smoothed difference when `smoothing` is set: their mean is then the smoothed sample error).
 * Higher = reconstructed worse. Computed in float64, stored in float32.
 * @throws `E_SHAPE` (shapes differ; both are named), `E_NOT_FINITE`, `E_EMPTY`, `E_OPTION` (unknown metric, bad smoothing).
 */
export function featureErrors(x: SamplesInput, reconstruction: SamplesInput, options: FeatureErrorOptions = {}): Samples {
  const where = 'featureErrors()'
  const metric = valueMetric(options.metric, where)
  const { x: a, r: b, n, size, shape } = checkPair(x, reconstruction, where)
  const reader = differenceReader(a, b, shape.slice(1), expectSmoothing(options.smoothing, shape.slice(1), where))
  const data = new Float32Array(a.length)
  const d = new Float64Array(size)
  for (let i = 0; i < n; i++) {
    reader.read(i, d)
    const base = i * size
    if (metric === 'squared') for (let j = 0; j < size; j++) data[base + j] = d[j] * d[j]
    else for (let j = 0; j < size; j++) data[base + j] = Math.abs(d[j])
  }
  return { data, shape }
}
