// The hand-written backward pass through time equals tfjs's own gradients (tf.variableGrads over the
// stock tf.layers model) on cpu and wasm, for MSE and MAE losses.
import * as tf from '@tensorflow/tfjs'
import { describe, expect, it } from 'vitest'
import { useBackend } from '../_test-backend'
import { createLstmBackwardScratch, createLstmGradients, lstmBackward } from './lstm-fused-backward'
import { createLstmTrace, lstmForward, prepareLstm, releaseLstm, type LstmParameters } from './lstm-fused-forward'
import { fusedLossGradient } from '../fused-common/fused-loss'
import { fusedMatmulForBackend } from '@aedetect/tfjs-kernels'
import { trainingMatmul } from '../fused-common/training-matmul'
import { lstmVariables, readLstmParameters } from './lstm-parameters'
import { LSTM_CASES, lstmCaseModel, scaledError } from './lstm-test-case'

// With the backend's products and with the float32 SIMD products the trainer uses (fused-common/training-matmul.ts).
const PRODUCTS = [
  { backend: 'cpu', products: 'backend', matmul: fusedMatmulForBackend },
  { backend: 'wasm', products: 'backend', matmul: fusedMatmulForBackend },
  { backend: 'cpu', products: 'float32 SIMD', matmul: trainingMatmul },
  { backend: 'wasm', products: 'float32 SIMD', matmul: trainingMatmul },
] as const

describe.each(PRODUCTS)('fused LSTM backward on $backend with the $products products', ({ backend, matmul }) => {
  it.each(LSTM_CASES)('equals tf.variableGrads: $steps steps, $channels channels, $units units, batch $batch, $outputActivation, $loss', async (c) => {
    await useBackend(backend)
    const before = tf.memory().numTensors
    // The wasm products call the BatchMatMul kernel directly: its outputs are backend data, not tensors.
    const dataBefore = tf.engine().backend.numDataIds()
    const { autoencoder, model, dims, x } = lstmCaseModel(c, 5)
    // The target is not the input, so the loss is far from zero and the MAE signs are mixed.
    const target = x.map((v, i) => (i % 3 === 0 ? 1 - v : v * 0.5))
    const vars = lstmVariables(model)
    const keys = Object.keys(vars) as (keyof LstmParameters)[]
    const { value, grads } = tf.variableGrads(() => {
      const y = model.apply(tf.tensor(x, [c.batch, c.steps, c.channels]), { training: true }) as tf.Tensor
      const t = tf.tensor(target, y.shape)
      return (c.loss === 'mse' ? tf.losses.meanSquaredError(t, y) : tf.losses.absoluteDifference(t, y)) as tf.Scalar
    }, keys.map((k) => vars[k]))
    const expectedLoss = value.dataSync()[0]
    const expected = Object.fromEntries(keys.map((k) => [k, grads[vars[k].name].dataSync()]))
    value.dispose()
    for (const g of Object.values(grads)) g.dispose()

    const p = readLstmParameters(model)
    const mm = matmul()
    const prepared = prepareLstm(mm, p, dims)
    const trace = createLstmTrace(dims, c.batch)
    lstmForward(x, p, prepared, dims, mm, trace)
    const dOutput = new Float32Array(trace.output.length)
    const loss = fusedLossGradient(trace.output, target, c.loss, dOutput)
    const got = createLstmGradients(dims)
    lstmBackward(x, dOutput, p, prepared, dims, mm, trace, createLstmBackwardScratch(dims, c.batch), got)
    releaseLstm(mm, prepared)
    mm.dispose()
    autoencoder.dispose()

    expect(loss).toBeCloseTo(expectedLoss, 6)
    // float32: each gradient entry sums batch × steps terms that tfjs rounds op by op; measured worst
    // 3.1e-7 of the largest entry of its array (cpu and wasm, both products, this table), so 3e-6 leaves a
    // 10× margin.
    for (const k of keys) expect(scaledError(got[k], expected[k]), k).toBeLessThan(3e-6)
    expect(tf.memory().numTensors).toBe(before)
    expect(tf.engine().backend.numDataIds()).toBe(dataBefore)
  })
})
