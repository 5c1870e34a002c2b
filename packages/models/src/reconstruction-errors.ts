// Named imports: each `import * as tf` becomes its own namespace copy in the CommonJS bundle (~0.4 MB of start-up RSS).
import { abs, getBackend, mean, reshape, sqrt, squaredDifference, sub, tensor, tidy, type LayersModel, type Tensor } from '@tensorflow/tfjs'
import { assertFinite, sampleSize, type Samples, type Scores } from '@aedetect/core'
import type { Autoencoder } from './autoencoder'
import { defaultInferenceBatch } from './_inference-batch'
import { expectOneOf, expectPositiveInteger } from './_options'
import { validateInput } from './_validate-input'
import { lstmFusedPredict } from './fused-lstm/lstm-fused-predict'
import { fusedRuns } from './fused-common/fused-runs'
import { denseFusedBatches, denseFusedErrors, denseScoringStack } from './fused-dense/dense-fused-predict'
import { LSTM_BATCH } from './reconstruct'

/** The per-sample error: mean squared, mean absolute, or root mean squared difference over a sample's values. */
export type ReconstructionErrorMetric = 'mse' | 'mae' | 'rmse'

/** Options of {@link measureReconstructionErrors}. */
export interface MeasureErrorsOptions {
  /** Per-sample error. Default `'mse'`. */
  metric?: ReconstructionErrorMetric
  /**
   * Samples per forward pass. Default: 8,192 on wasm and tensorflow, 1,024 on cpu and other backends, lowered
   * so no layer output of one pass exceeds 16 MB of float32.
   */
  batchSize?: number
}

const WHERE = 'measureReconstructionErrors()'
const METRICS: readonly ReconstructionErrorMetric[] = ['mse', 'mae', 'rmse']

/**
 * The reconstruction error of each sample under `autoencoder`: one score per sample, higher = more
 * anomalous (a sample is anomalous when `score >= threshold`). Equals `reconstructionErrors(x, await
 * reconstruct(autoencoder, x), { metric })` of `@aedetect/metrics` within float32 rounding (~1e-6 relative),
 * without reading the reconstructions back: the errors are computed on the backend one batch at a time, so
 * only `n` floats return and memory stays bounded by one batch. On the cpu backend, whose tensors already live
 * in JS memory, each batch's reconstruction is read (no copy) and its errors summed in JS, which is faster
 * there. LSTM models run their fused forward pass; so do plain dense stacks (dense layers, with or without
 * seeded dropout, the identity at inference; no batch normalisation) on cpu and wasm, with the weights read once per call and, where
 * WebAssembly SIMD runs, the whole pass and the errors in one WebAssembly memory (relu, linear and sigmoid layers; the
 * products in SIMD for other activations; JS loops without SIMD, same numbers): ~45x predict's speed on cpu, ~2.5x on wasm.
 * @throws AedetectError `E_SHAPE`/`E_EMPTY`/`E_NOT_FINITE`/`E_FEATURE_COUNT` for bad input, `E_OPTION` for a
 *   bad batch size or metric.
 */
export async function measureReconstructionErrors(autoencoder: Autoencoder, x: Samples | number[][], options: MeasureErrorsOptions = {}): Promise<Scores> {
  const metric = options.metric ?? 'mse'
  expectOneOf(metric, 'metric', METRICS, WHERE)
  const batchSize = options.batchSize ?? defaultInferenceBatch(autoencoder.model)
  expectPositiveInteger(batchSize, 'batchSize', WHERE)
  // A plain dense stack runs the fused forward pass where it is faster than predict (cpu, wasm); each batch's
  // reconstruction stays in a reused buffer and only the errors are kept.
  const stack = autoencoder.config.kind === 'lstm' ? undefined : denseScoringStack(autoencoder.model)
  // The finiteness of the input is checked after the fused pass, and only when an error came out non-finite:
  // a NaN or ±Infinity in a sample makes its error non-finite ((y − x)² or |y − x| is), and the check over
  // every input value was ~16 % of fused cpu scoring (issue 22). The same E_NOT_FINITE, naming the value.
  const samples = validateInput(autoencoder, x, WHERE, { deferFinite: stack !== undefined })
  if (stack !== undefined) {
    const size = sampleSize(samples)
    const out = new Float32Array(samples.shape[0])
    if (!denseFusedErrors(stack, samples, batchSize, metric, out)) {
      denseFusedBatches(stack, samples, batchSize, (start, reconstruction) => rowErrorsInto(out, start, samples.data.subarray(start * size), reconstruction, size, metric))
    }
    if (!allFinite(out)) assertFinite(samples, WHERE)
    return out
  }
  // The fused LSTM forward pass is a JS kernel (no tfjs op per step): its output is already in JS memory.
  if (autoencoder.config.kind === 'lstm' && fusedRuns()) {
    const reconstruction = lstmFusedPredict(autoencoder.model, samples, Math.min(batchSize, LSTM_BATCH)).data
    const out = new Float32Array(samples.shape[0])
    rowErrorsInto(out, 0, samples.data, reconstruction, sampleSize(samples), metric)
    return out
  }
  // tfjs-cpu's elementwise kernels are JS loops that allocate each intermediate: one JS pass over the
  // reconstruction is ~20 % faster there (measured on the dense ECG model, 1,024 rows per batch).
  if (getBackend() === 'cpu') return readBackErrors(autoencoder.model, samples, batchSize, metric)
  return deviceErrors(autoencoder.model, samples, batchSize, metric)
}

async function deviceErrors(model: LayersModel, x: Samples, batchSize: number, metric: ReconstructionErrorMetric): Promise<Float32Array> {
  const n = x.shape[0]
  const size = sampleSize(x)
  const sampleShape = x.shape.slice(1)
  const out = new Float32Array(n)
  for (let start = 0; start < n; start += batchSize) {
    const end = Math.min(start + batchSize, n)
    const errors = tidy(() => {
      const rows = end - start
      const input = tensor(x.data.subarray(start * size, end * size), [rows, ...sampleShape], 'float32')
      // apply() with training off is predict() without its per-batch slice copy and concat (~1.5x on wasm).
      const output = model.apply(input, { training: false }) as Tensor
      const a = reshape(output, [rows, size])
      const b = reshape(input, [rows, size])
      const perValue = metric === 'mae' ? abs(sub(a, b)) : squaredDifference(a, b)
      const perSample = mean(perValue, 1)
      return metric === 'rmse' ? sqrt(perSample) : perSample
    })
    out.set((await errors.data()) as Float32Array, start)
    errors.dispose()
  }
  return out
}

async function readBackErrors(model: LayersModel, x: Samples, batchSize: number, metric: ReconstructionErrorMetric): Promise<Float32Array> {
  const n = x.shape[0]
  const size = sampleSize(x)
  const sampleShape = x.shape.slice(1)
  const out = new Float32Array(n)
  for (let start = 0; start < n; start += batchSize) {
    const end = Math.min(start + batchSize, n)
    const input = x.data.subarray(start * size, end * size)
    const output = tidy(() => model.apply(tensor(input, [end - start, ...sampleShape], 'float32'), { training: false }) as Tensor)
    rowErrorsInto(out, start, input, (await output.data()) as Float32Array, size, metric)
    output.dispose()
  }
  return out
}

function allFinite(values: Float32Array): boolean {
  for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i])) return false
  return true
}

// The JS twin of deviceErrors for reconstructions in JS memory: float64 sums, as @aedetect/metrics does. One
// loop per metric: a metric test per value cost ~5 % of fused cpu scoring.
function rowErrorsInto(out: Float32Array, offset: number, x: Float32Array, reconstruction: Float32Array, size: number, metric: ReconstructionErrorMetric): void {
  const rows = reconstruction.length / size
  const square = metric !== 'mae'
  for (let i = 0; i < rows; i++) {
    const sum = square ? squaredSum(x, reconstruction, i * size, (i + 1) * size) : absoluteSum(x, reconstruction, i * size, (i + 1) * size)
    out[offset + i] = metric === 'rmse' ? Math.sqrt(sum / size) : sum / size
  }
}

// Four float64 partial sums: one running sum waits on the previous add's latency at every value (the error
// sums were ~8 % of fused cpu scoring, issue 22); the order of the adds changes the score by float64 rounding only.
function squaredSum(x: Float32Array, y: Float32Array, start: number, end: number): number {
  let s0 = 0
  let s1 = 0
  let s2 = 0
  let s3 = 0
  let j = start
  for (; j + 4 <= end; j += 4) {
    const d0 = y[j] - x[j]
    const d1 = y[j + 1] - x[j + 1]
    const d2 = y[j + 2] - x[j + 2]
    const d3 = y[j + 3] - x[j + 3]
    s0 += d0 * d0
    s1 += d1 * d1
    s2 += d2 * d2
    s3 += d3 * d3
  }
  for (; j < end; j++) {
    const d = y[j] - x[j]
    s0 += d * d
  }
  return s0 + s1 + (s2 + s3)
}

function absoluteSum(x: Float32Array, y: Float32Array, start: number, end: number): number {
  let s0 = 0
  let s1 = 0
  let s2 = 0
  let s3 = 0
  let j = start
  for (; j + 4 <= end; j += 4) {
    s0 += Math.abs(y[j] - x[j])
    s1 += Math.abs(y[j + 1] - x[j + 1])
    s2 += Math.abs(y[j + 2] - x[j + 2])
    s3 += Math.abs(y[j + 3] - x[j + 3])
  }
  for (; j < end; j++) s0 += Math.abs(y[j] - x[j])
  return s0 + s1 + (s2 + s3)
}
