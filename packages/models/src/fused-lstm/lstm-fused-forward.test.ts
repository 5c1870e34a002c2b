// The fused forward pass equals the stock tf.layers model's predict on cpu and wasm.
import * as tf from '@tensorflow/tfjs'
import { describe, expect, it } from 'vitest'
import { useBackend } from '../_test-backend'
import { createLstmTrace, lstmForward, prepareLstm, releaseLstm } from './lstm-fused-forward'
import { fusedMatmulForBackend } from '@aedetect/tfjs-kernels'
import { readLstmParameters } from './lstm-parameters'
import { LSTM_CASES, lstmCaseModel, scaledError } from './lstm-test-case'

describe.each(['cpu', 'wasm'] as const)('fused LSTM forward on %s', (backend) => {
  it.each(LSTM_CASES)('equals model.predict: $steps steps, $channels channels, $units units, batch $batch, $outputActivation', async (c) => {
    await useBackend(backend)
    const before = tf.memory().numTensors
    // The wasm products call the BatchMatMul kernel directly: its outputs are backend data, not tensors.
    const dataBefore = tf.engine().backend.numDataIds()
    const { autoencoder, model, dims, x } = lstmCaseModel(c, 3)
    const expected = tf.tidy(() => (model.predict(tf.tensor(x, [c.batch, c.steps, c.channels])) as tf.Tensor).dataSync())
    const p = readLstmParameters(model)
    const mm = fusedMatmulForBackend()
    const prepared = prepareLstm(mm, p, dims)
    const trace = createLstmTrace(dims, c.batch)
    lstmForward(x, p, prepared, dims, mm, trace)
    releaseLstm(mm, prepared)
    mm.dispose()
    autoencoder.dispose()
    // float32: tfjs rounds every op to float32, the fused pass keeps float64 within a step; over 12 steps
    // the outputs differ by a few float32 ulps (measured worst 1.7e-7 of the output scale, wasm).
    expect(scaledError(trace.output, expected)).toBeLessThan(2e-6)
    expect(tf.memory().numTensors).toBe(before)
    expect(tf.engine().backend.numDataIds()).toBe(dataBefore)
  })
})
