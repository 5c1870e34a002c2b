import * as tf from '@tensorflow/tfjs'
import { sampleSize, type Samples } from '@aedetect/core'
import type { Autoencoder } from './autoencoder'
import { validateInput } from './_validate-input'
import { expectPositiveInteger } from './_options'
import { lstmFusedPredict } from './kernels/lstm-fused-predict'
import { fusedLstmRuns } from './kernels/lstm-per-batch'

// The fused LSTM keeps every step's activations of a batch: 256 samples of 140 steps × 64 units is ~20 MB.
const LSTM_BATCH = 256

/** Options of {@link reconstruct} and {@link encode}. */
export interface InferenceOptions {
  /** Samples per forward pass. Default `1024` (tfjs's default of 32 is many times slower on wasm). */
  batchSize?: number
}

// Rows per block handed to model.predict: about 16 MB of float32 input, so memory stays bounded while
// each block is one predict call and one read-back (a read-back per small batch costs ~25 % on wasm).
const BLOCK_VALUES = 1 << 22

/** Runs `model` over `x` in batches and collects its (single) output into one typed array. */
export async function predictSamples(model: tf.LayersModel, x: Samples, batchSize: number): Promise<Samples> {
  const n = x.shape[0]
  const size = sampleSize(x)
  const outShape = model.outputs[0].shape.slice(1) as number[]
  let outSize = 1
  for (const d of outShape) outSize *= d
  const out = new Float32Array(n * outSize)
  const blockRows = Math.max(batchSize, Math.floor(BLOCK_VALUES / Math.max(size, outSize)))
  for (let start = 0; start < n; start += blockRows) {
    const end = Math.min(start + blockRows, n)
    const y = tf.tidy(() => {
      const xb = tf.tensor(x.data.subarray(start * size, end * size), [end - start, ...x.shape.slice(1)], 'float32')
      return model.predict(xb, { batchSize }) as tf.Tensor
    })
    out.set((await y.data()) as Float32Array, start * outSize)
    y.dispose()
  }
  return { data: out, shape: [n, ...outShape] }
}

/**
 * The autoencoder's reconstruction of each sample (for a denoising model: the denoised sample; for the
 * variational model: decoded from the mean code), as new Samples of the input's shape.
 * @throws AedetectError `E_SHAPE`/`E_EMPTY`/`E_NOT_FINITE`/`E_FEATURE_COUNT` for bad input, `E_OPTION` for a bad batch size.
 */
export async function reconstruct(autoencoder: Autoencoder, x: Samples, options: InferenceOptions = {}): Promise<Samples> {
  const batchSize = options.batchSize ?? 1024
  expectPositiveInteger(batchSize, 'batchSize', 'reconstruct()')
  const samples = validateInput(autoencoder, x, 'reconstruct()')
  // tf.layers' LSTM runs a dozen tfjs ops per step: on cpu and wasm the fused forward pass (the training
  // runner's) gives the same numbers within float32 rounding several times faster.
  if (autoencoder.config.kind === 'lstm' && fusedLstmRuns()) {
    return lstmFusedPredict(autoencoder.model, samples, Math.min(batchSize, LSTM_BATCH))
  }
  return predictSamples(autoencoder.model, samples, batchSize)
}

/**
 * The code (latent vector) of each sample — for dimensionality reduction, plots, or as features of a
 * supervised model. Shape `[n, ...codeShape]` (`[n, 8]` for the default dense model; the mean for the variational model).
 * @throws AedetectError as {@link reconstruct}.
 */
export async function encode(autoencoder: Autoencoder, x: Samples, options: InferenceOptions = {}): Promise<Samples> {
  const batchSize = options.batchSize ?? 1024
  expectPositiveInteger(batchSize, 'batchSize', 'encode()')
  const samples = validateInput(autoencoder, x, 'encode()')
  return predictSamples(autoencoder.encoder, samples, batchSize)
}
