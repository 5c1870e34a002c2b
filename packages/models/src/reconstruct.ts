// Named imports: each `import * as tf` becomes its own namespace copy in the CommonJS bundle (~0.4 MB of start-up RSS).
import { concat, tensor, tidy, type LayersModel, type Tensor } from '@tensorflow/tfjs'
import { sampleSize, type Samples } from '@aedetect/core'
import type { Autoencoder } from './autoencoder'
import { validateInput } from './_validate-input'
import { expectPositiveInteger } from './_options'
import { defaultInferenceBatch } from './_inference-batch'
import { lstmFusedPredict } from './fused-lstm/lstm-fused-predict'
import { fusedRuns } from './fused-common/fused-runs'
import { denseFusedPredict, denseScoringStack } from './fused-dense/dense-fused-predict'

/** The fused LSTM keeps every step's activations of a batch: 256 samples of 140 steps × 64 units is ~20 MB. */
export const LSTM_BATCH = 256

/** Options of {@link reconstruct} and {@link encode}. */
export interface InferenceOptions {
  /**
   * Samples per forward pass. Default: 8,192 on wasm and tensorflow, 1,024 on cpu and other backends, lowered
   * so no layer output of one pass exceeds 16 MB of float32 (tfjs's own default of 32 is many times slower on wasm).
   */
  batchSize?: number
}

// Rows per read-back: about 16 MB of float32, so memory stays bounded while small batches still share one
// read-back (a read-back per small batch costs ~25 % on wasm).
const BLOCK_VALUES = 1 << 22

/**
 * Runs `model` over `x` in batches and collects its (single) output into one typed array.
 * Each batch is uploaded as its own tensor and run with `apply` (training off): `predict` would copy
 * every batch out of one big input tensor and concatenate the outputs again.
 */
export async function predictSamples(model: LayersModel, x: Samples, batchSize: number): Promise<Samples> {
  const n = x.shape[0]
  const size = sampleSize(x)
  const sampleShape = x.shape.slice(1)
  const outShape = model.outputs[0].shape.slice(1) as number[]
  let outSize = 1
  for (const d of outShape) outSize *= d
  const out = new Float32Array(n * outSize)
  const blockRows = Math.max(batchSize, Math.floor(BLOCK_VALUES / Math.max(size, outSize)))
  for (let start = 0; start < n; start += blockRows) {
    const end = Math.min(start + blockRows, n)
    const y = tidy(() => {
      const parts: Tensor[] = []
      for (let b = start; b < end; b += batchSize) {
        const e = Math.min(b + batchSize, end)
        // One tidy per batch: only its output outlives it, not the activations of every batch of the block.
        parts.push(tidy(() => model.apply(tensor(x.data.subarray(b * size, e * size), [e - b, ...sampleShape], 'float32'), { training: false }) as Tensor))
      }
      return parts.length === 1 ? parts[0] : concat(parts, 0)
    })
    out.set((await y.data()) as Float32Array, start * outSize)
    y.dispose()
  }
  return { data: out, shape: [n, ...outShape] }
}

/**
 * The autoencoder's reconstruction of each sample (for a denoising model: the denoised sample; for the
 * variational model: decoded from the mean code), as new Samples of the input's shape. LSTM models (cpu and
 * wasm) and plain dense stacks (cpu; dense layers only, no dropout or batch normalisation) run a fused forward
 * pass instead of `predict`: the same values within float32 rounding (~1e-7 of the output scale), faster.
 * @throws AedetectError `E_SHAPE`/`E_EMPTY`/`E_NOT_FINITE`/`E_FEATURE_COUNT` for bad input, `E_OPTION` for a bad batch size.
 */
export async function reconstruct(autoencoder: Autoencoder, x: Samples, options: InferenceOptions = {}): Promise<Samples> {
  const batchSize = options.batchSize ?? defaultInferenceBatch(autoencoder.model)
  expectPositiveInteger(batchSize, 'batchSize', 'reconstruct()')
  const samples = validateInput(autoencoder, x, 'reconstruct()')
  // tf.layers' LSTM runs a dozen tfjs ops per step: on cpu and wasm the fused forward pass (the training
  // runner's) gives the same numbers within float32 rounding several times faster.
  if (autoencoder.config.kind === 'lstm' && fusedRuns()) {
    return lstmFusedPredict(autoencoder.model, samples, Math.min(batchSize, LSTM_BATCH))
  }
  // A plain dense stack is so small that tfjs's per-op overhead bounds predict on cpu (and its heap round trips
  // on wasm): the fused forward pass (the dense training runner's) gives the same numbers within float32
  // rounding faster (dense-fused-predict.ts).
  const stack = denseScoringStack(autoencoder.model)
  if (stack !== undefined) return denseFusedPredict(stack, samples, batchSize, autoencoder.model.outputs[0].shape.slice(1) as number[])
  return predictSamples(autoencoder.model, samples, batchSize)
}

/**
 * The code (latent vector) of each sample — for dimensionality reduction, plots, or as features of a
 * supervised model. Shape `[n, ...codeShape]` (`[n, 8]` for the default dense model; the mean for the variational model).
 * @throws AedetectError as {@link reconstruct}.
 */
export async function encode(autoencoder: Autoencoder, x: Samples, options: InferenceOptions = {}): Promise<Samples> {
  const batchSize = options.batchSize ?? defaultInferenceBatch(autoencoder.encoder)
  expectPositiveInteger(batchSize, 'batchSize', 'encode()')
  const samples = validateInput(autoencoder, x, 'encode()')
  return predictSamples(autoencoder.encoder, samples, batchSize)
}
