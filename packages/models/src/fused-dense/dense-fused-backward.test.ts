// The fused dense forward and backward passes equal the stock tf.layers model: the loss and the gradients
// equal tf.variableGrads' on cpu and wasm (with the wasm sigmoid kernel there), for every activation of
// the dense config, both losses, a flattened multi-axis sample shape, and a batch of 1; with the backend's
// products and with the float32 SIMD products the trainer uses (fused-common/training-matmul.ts).
import * as tf from '@tensorflow/tfjs'
import { describe, expect, it } from 'vitest'
import type { HiddenActivation, OutputActivation } from '../autoencoder-config'
import { internalsOf } from '../autoencoder'
import { buildAutoencoder } from '../build-autoencoder'
import { seededValues, useBackend } from '../_test-backend'
import { createDenseBackwardScratch, createDenseGradients, denseBackward } from './dense-fused-backward'
import { createDenseTrace, denseForward, prepareDense, releaseDense } from './dense-fused-forward'
import { denseStack, readDenseWeights } from './dense-fused-parameters'
import { fusedLossGradient } from '../fused-common/fused-loss'
import { fusedMatmulForBackend } from '@aedetect/tfjs-kernels'
import { trainingMatmul } from '../fused-common/training-matmul'
import { scaledError } from '../fused-lstm/lstm-test-case'
import { vectorSigmoidForBackend } from '@aedetect/tfjs-kernels'

interface DenseCase {
  sampleShape: number[]
  hiddenUnits: number[]
  activation: HiddenActivation
  outputActivation: OutputActivation
  loss: 'mse' | 'mae'
  batch: number
}

const CASES: DenseCase[] = [
  { sampleShape: [12], hiddenUnits: [6, 3, 6], activation: 'relu', outputActivation: 'sigmoid', loss: 'mse', batch: 5 },
  { sampleShape: [10], hiddenUnits: [7, 4, 7], activation: 'tanh', outputActivation: 'linear', loss: 'mae', batch: 3 },
  { sampleShape: [4, 3], hiddenUnits: [5, 2, 5], activation: 'elu', outputActivation: 'sigmoid', loss: 'mse', batch: 4 },
  { sampleShape: [9], hiddenUnits: [8, 3], activation: 'selu', outputActivation: 'linear', loss: 'mae', batch: 6 },
  { sampleShape: [11], hiddenUnits: [6, 2, 6], activation: 'swish', outputActivation: 'sigmoid', loss: 'mae', batch: 1 },
  { sampleShape: [8], hiddenUnits: [5, 3, 5], activation: 'sigmoid', outputActivation: 'linear', loss: 'mse', batch: 7 },
  { sampleShape: [140], hiddenUnits: [32, 16, 8, 16, 32], activation: 'relu', outputActivation: 'sigmoid', loss: 'mse', batch: 64 },
]

const PRODUCTS = [
  { backend: 'cpu', products: 'backend', matmul: fusedMatmulForBackend },
  { backend: 'wasm', products: 'backend', matmul: fusedMatmulForBackend },
  { backend: 'cpu', products: 'float32 SIMD', matmul: trainingMatmul },
  { backend: 'wasm', products: 'float32 SIMD', matmul: trainingMatmul },
] as const

describe.each(PRODUCTS)('fused dense backward on $backend with the $products products', ({ backend, matmul }) => {
  it.each(CASES)('equals tf.variableGrads: $sampleShape → $hiddenUnits, $activation / $outputActivation, $loss, batch $batch', async (c) => {
    await useBackend(backend)
    const before = tf.memory().numTensors
    // The wasm products call the BatchMatMul kernel directly: its outputs are backend data, not tensors.
    const dataBefore = tf.engine().backend.numDataIds()
    const { sampleShape, hiddenUnits, activation, outputActivation, batch } = c
    const autoencoder = buildAutoencoder({ kind: 'dense', hiddenUnits, activation, outputActivation }, { sampleShape, seed: 3 })
    const model = internalsOf(autoencoder).training
    const stack = denseStack(model)
    if (stack === undefined) throw new Error('expected a plain dense stack')
    // Seeded weights and biases in [-0.7, 0.7), so every activation sees both signs.
    stack.variables.flat().forEach((v, k) => {
      const t = tf.tensor(seededValues(v.size, 31 + k).map((a) => a * 0.7), v.shape)
      v.assign(t)
      t.dispose()
    })
    const features = sampleShape.reduce((a, b) => a * b, 1)
    const x = seededValues(batch * features, 1000).map((a) => 0.5 + 0.5 * a)
    // The target is not the input, so the loss is far from zero and the MAE signs are mixed.
    const target = x.map((v, i) => (i % 3 === 0 ? 1 - v : v * 0.5))
    const variables = stack.variables.flat()
    const { value, grads } = tf.variableGrads(() => {
      const y = model.apply(tf.tensor(x, [batch, ...sampleShape]), { training: true }) as tf.Tensor
      const t = tf.tensor(target, y.shape)
      return (c.loss === 'mse' ? tf.losses.meanSquaredError(t, y) : tf.losses.absoluteDifference(t, y)) as tf.Scalar
    }, variables)
    const expectedLoss = value.dataSync()[0]
    const expected = variables.map((v) => grads[v.name].dataSync())
    value.dispose()
    for (const g of Object.values(grads)) g.dispose()

    const { layers } = stack
    const weights = readDenseWeights(stack)
    const mm = matmul()
    const sigmoid = vectorSigmoidForBackend()
    const prepared = prepareDense(mm, layers, weights, { backward: true })
    const trace = createDenseTrace(layers, batch)
    denseForward(x, layers, weights, prepared, mm, trace, sigmoid)
    const output = trace.y[layers.length - 1]
    const dOutput = new Float32Array(output.length)
    const loss = fusedLossGradient(output, target, c.loss, dOutput)
    const got = createDenseGradients(layers)
    denseBackward(x, dOutput, layers, prepared, mm, trace, createDenseBackwardScratch(layers, batch), got)
    releaseDense(mm, prepared)
    mm.dispose()
    sigmoid?.dispose()
    autoencoder.dispose()

    // float32: tfjs rounds every op (product, bias add, activation, loss terms) to float32; the fused passes
    // sum in float64 and round once per stored value. Loss: measured ≤ 8.3e-8 relative on cpu and on wasm
    // for the small cases, 4.3e-6 on wasm for the 140-feature one (its Mean kernel sums 8,960 terms in
    // float32), so 2e-5. Gradients: measured worst 3.5e-7 of the largest entry of their array with the
    // backends' products (this table), 6.8e-7 with the float32 SIMD products (cpu; they sum in float32 too),
    // so 3e-6 leaves a 4× margin.
    expect(Math.abs(loss - expectedLoss) / expectedLoss).toBeLessThan(2e-5)
    got.flatMap((g) => [g.kernel, g.bias]).forEach((g, k) => {
      expect(scaledError(g, expected[k]), variables[k].name).toBeLessThan(3e-6)
    })
    expect(tf.memory().numTensors).toBe(before)
    expect(tf.engine().backend.numDataIds()).toBe(dataBefore)
  })
})
