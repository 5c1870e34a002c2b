// Reconstructions of the stock LSTM autoencoder through the fused forward pass (no tfjs op per step): the
// same numbers as `model.predict` within float32 rounding (lstm-fused-predict.test.ts), several
// times faster on the 140-step ECG case. `reconstruct()` uses it for LSTM models on cpu and wasm.
import type * as tf from '@tensorflow/tfjs'
import type { Samples } from '@aedetect/core'
import { createLstmTrace, lstmForward, prepareLstm, releaseLstm } from './lstm-fused-forward'
import { trainingMatmul } from '../fused-common/training-matmul'
import { lstmDimensions, readLstmParameters } from './lstm-parameters'
import { perBatchSize } from '../fused-common/fused-runs'

/**
 * Reconstructs `x` ([n, steps, channels]) with the stock LSTM autoencoder `model` on the current backend,
 * `batchSize` samples per forward pass (default 256: the activations kept per pass grow with it).
 * Returns a new Samples of the same shape; creates no tensors that outlive the call.
 */
export function lstmFusedPredict(model: tf.LayersModel, x: Samples, batchSize = 256): Samples {
  const dims = lstmDimensions(model)
  const params = readLstmParameters(model)
  const mm = trainingMatmul()
  const prepared = prepareLstm(mm, params, dims)
  const n = x.shape[0]
  const size = dims.steps * dims.channels
  const out = new Float32Array(n * size)
  const traceFor = perBatchSize((batch) => createLstmTrace(dims, batch))
  try {
    for (let start = 0; start < n; start += batchSize) {
      const end = Math.min(start + batchSize, n)
      const trace = traceFor(end - start)
      lstmForward(x.data.subarray(start * size, end * size), params, prepared, dims, mm, trace)
      out.set(trace.output, start * size)
    }
  } finally {
    releaseLstm(mm, prepared)
    mm.dispose()
  }
  return { data: out, shape: x.shape.slice() }
}
