import { AedetectError } from '@aedetect/core'
import { checkPair } from './_reconstruction-pair'
import { differenceReader, expectSmoothing } from './_smoothed-differences'
import type { SamplesInput } from './reconstruction-input'

/** Options of {@link reconstructionErrors}. */
export interface ReconstructionErrorOptions {
  /**
   * How the values of a sample combine into its error. Default `'mse'` (mean squared error);
   * `'mae'` mean absolute error; `'rmse'` the square root of the MSE. Units: those of the inputs
   * (squared for MSE).
   */
  metric?: 'mse' | 'mae' | 'rmse'
  /**
   * Radius of a box over which each difference x − r is averaged with its neighbours along the spatial axes
   * (every axis but the last: the steps of `[steps, channels]`, height and width of `[height, width, channels]`)
   * before it is squared or made absolute. Coherent errors then count more than scattered noise. Default `0`
   * (off). On one-class Fashion-MNIST a radius of 1 (3 × 3 pixels) raised the ROC-AUC of a Conv2D autoencoder
   * by about 0.04 on its hardest classes.
   */
  smoothing?: number
}

/**
 * One reconstruction error per sample, over all values of the sample (every time step and channel,
 * every pixel): the anomaly score, higher = more anomalous; a sample is anomalous when
 * `score >= threshold`. Sums in float64, stored in float32.
 * @param x the inputs, `Samples` (`[n, ...sampleShape]`) or rows.
 * @param reconstruction the model's output for `x`, the same shape.
 * @throws `E_SHAPE` (shapes differ; both are named), `E_NOT_FINITE` (by sample and value), `E_EMPTY`,
 * `E_OPTION` (unknown metric, bad smoothing).
 */
export function reconstructionErrors(x: SamplesInput, reconstruction: SamplesInput, options: ReconstructionErrorOptions = {}): Float32Array {
  const where = 'reconstructionErrors()'
  const metric = options.metric ?? 'mse'
  if (metric !== 'mse' && metric !== 'mae' && metric !== 'rmse') {
    throw new AedetectError('E_OPTION', `${where}: metric must be one of 'mse' | 'mae' | 'rmse', got '${String(metric)}'.`)
  }
  const { x: a, r: b, n, size, shape } = checkPair(x, reconstruction, where)
  const radius = expectSmoothing(options.smoothing, shape.slice(1), where)
  const out = new Float32Array(n)
  // Without smoothing, sum straight from the inputs: copying each sample's differences first made this ~2× slower.
  const reader = radius > 0 ? differenceReader(a, b, shape.slice(1), radius) : null
  const d = new Float64Array(reader ? size : 0)
  for (let i = 0; i < n; i++) {
    let sum = 0
    if (reader) {
      reader.read(i, d)
      if (metric === 'mae') for (let j = 0; j < size; j++) sum += Math.abs(d[j])
      else for (let j = 0; j < size; j++) sum += d[j] * d[j]
    } else {
      const base = i * size
      if (metric === 'mae') for (let j = base; j < base + size; j++) sum += Math.abs(a[j] - b[j])
      else for (let j = base; j < base + size; j++) sum += (a[j] - b[j]) * (a[j] - b[j])
    }
    const mean = sum / size
    out[i] = metric === 'rmse' ? Math.sqrt(mean) : mean
  }
  return out
}
