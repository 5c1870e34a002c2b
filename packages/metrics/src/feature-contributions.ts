import type { Samples } from '@aedetect/core'
import { checkPair, valueMetric } from './_reconstruction-pair'
import { differenceReader, expectSmoothing } from './_smoothed-differences'
import type { SamplesInput } from './reconstruction-input'
import type { FeatureErrorOptions } from './feature-errors'

/**
 * Each value's share of its sample's error, same shape as the input: per-value error divided by the
 * sum over the sample, so each sample's shares sum to 1. A sample reconstructed exactly has no error to
 * share: its shares are all 0.
 * @throws `E_SHAPE` (shapes differ; both are named), `E_NOT_FINITE`, `E_EMPTY`, `E_OPTION` (unknown metric, bad smoothing).
 */
export function featureContributions(x: SamplesInput, reconstruction: SamplesInput, options: FeatureErrorOptions = {}): Samples {
  const where = 'featureContributions()'
  const metric = valueMetric(options.metric, where)
  const { x: a, r: b, n, size, shape } = checkPair(x, reconstruction, where)
  const reader = differenceReader(a, b, shape.slice(1), expectSmoothing(options.smoothing, shape.slice(1), where))
  const data = new Float32Array(a.length)
  const row = new Float64Array(size)
  for (let i = 0; i < n; i++) {
    const base = i * size
    reader.read(i, row)
    let total = 0
    for (let j = 0; j < size; j++) {
      row[j] = metric === 'squared' ? row[j] * row[j] : Math.abs(row[j])
      total += row[j]
    }
    if (total > 0) for (let j = 0; j < size; j++) data[base + j] = row[j] / total
  }
  return { data, shape }
}
