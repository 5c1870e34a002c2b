import type { Samples } from '@aedetect/core'
import { checkPair, valueError, valueMetric } from './_reconstruction-pair'
import type { SamplesInput, ValueMetric } from './reconstruction-input'

/** Options of {@link featureErrors} and {@link featureContributions}. */
export interface FeatureErrorOptions {
  /** Per-value error: `'squared'` (x − r)² (default) or `'absolute'` |x − r|. */
  metric?: ValueMetric
}

/**
 * The error of every value, same shape as the input: (x − r)² or |x − r| per feature, time step or
 * pixel. Higher = reconstructed worse. Computed in float64, stored in float32.
 * @throws `E_SHAPE` (shapes differ; both are named), `E_NOT_FINITE`, `E_EMPTY`, `E_OPTION` (unknown metric).
 */
export function featureErrors(x: SamplesInput, reconstruction: SamplesInput, options: FeatureErrorOptions = {}): Samples {
  const where = 'featureErrors()'
  const metric = valueMetric(options.metric, where)
  const { x: a, r: b, shape } = checkPair(x, reconstruction, where)
  const data = new Float32Array(a.length)
  for (let j = 0; j < a.length; j++) data[j] = valueError(a[j], b[j], metric)
  return { data, shape }
}
