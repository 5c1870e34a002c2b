import { AedetectError } from '@aedetect/core'
import { checkPair } from './_reconstruction-pair'
import type { SamplesInput } from './reconstruction-input'

/** Options of {@link reconstructionErrors}. */
export interface ReconstructionErrorOptions {
  /**
   * How the values of a sample combine into its error. Default `'mse'` (mean squared error);
   * `'mae'` mean absolute error; `'rmse'` the square root of the MSE. Units: those of the inputs
   * (squared for MSE).
   */
  metric?: 'mse' | 'mae' | 'rmse'
}

/**
 * One reconstruction error per sample, over all values of the sample (every time step and channel,
 * every pixel): the anomaly score, higher = more anomalous; a sample is anomalous when
 * `score >= threshold`. Sums in float64, stored in float32.
 * @param x the inputs, `Samples` (`[n, ...sampleShape]`) or rows.
 * @param reconstruction the model's output for `x`, the same shape.
 * @throws `E_SHAPE` (shapes differ; both are named), `E_NOT_FINITE` (by sample and value), `E_EMPTY`,
 * `E_OPTION` (unknown metric).
 */
export function reconstructionErrors(x: SamplesInput, reconstruction: SamplesInput, options: ReconstructionErrorOptions = {}): Float32Array {
  const where = 'reconstructionErrors()'
  const metric = options.metric ?? 'mse'
  if (metric !== 'mse' && metric !== 'mae' && metric !== 'rmse') {
    throw new AedetectError('E_OPTION', `${where}: metric must be one of 'mse' | 'mae' | 'rmse', got '${String(metric)}'.`)
  }
  const { x: a, r: b, n, size } = checkPair(x, reconstruction, where)
  const out = new Float32Array(n)
  for (let i = 0; i < n; i++) {
    let sum = 0
    const base = i * size
    if (metric === 'mae') {
      for (let j = base; j < base + size; j++) sum += Math.abs(a[j] - b[j])
    } else {
      for (let j = base; j < base + size; j++) {
        const d = a[j] - b[j]
        sum += d * d
      }
    }
    const mean = sum / size
    out[i] = metric === 'rmse' ? Math.sqrt(mean) : mean
  }
  return out
}
