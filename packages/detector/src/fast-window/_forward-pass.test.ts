import { buildAutoencoder, type AutoencoderConfig } from '@aedetect/models'
import * as tf from '@tensorflow/tfjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { compileForwardPass } from './_forward-pass'

let tensorsBefore: number
beforeAll(async () => {
  await tf.setBackend('cpu')
  tensorsBefore = tf.memory().numTensors
})
afterAll(() => {
  expect(tf.memory().numTensors).toBe(tensorsBefore)
})

// Built weights have zero biases: every weight is redrawn (seeded) so biases and negative pre-activations count.
function randomizeWeights(model: tf.LayersModel, seed: number): void {
  model.layers.forEach((layer, i) => {
    const weights = layer.getWeights()
    if (weights.length === 0) return
    const fresh = weights.map((w, j) => tf.randomNormal(w.shape, 0, 0.4, 'float32', seed + 31 * i + j))
    layer.setWeights(fresh)
    fresh.forEach((t) => t.dispose())
  })
}

// The largest |pass − predict| over `n` seeded random windows, relative to the largest |predict| value.
function worstDifference(model: tf.LayersModel, shape: [number, number], n: number, kernel: 'simd' | 'js'): number {
  const pass = compileForwardPass(model, kernel)
  if (pass === null) throw new Error('expected a compiled pass')
  const size = shape[0] * shape[1]
  const input = tf.randomNormal([n, ...shape], 0, 1, 'float32', 3)
  const output = model.predict(input) as tf.Tensor
  const x = input.dataSync() as Float32Array
  const expected = output.dataSync() as Float32Array
  input.dispose()
  output.dispose()
  const out = new Float32Array(size)
  let worst = 0
  let largest = 0
  for (let w = 0; w < n; w++) {
    pass.run(x.subarray(w * size, (w + 1) * size), out)
    for (let j = 0; j < size; j++) {
      worst = Math.max(worst, Math.abs(out[j] - expected[w * size + j]))
      largest = Math.max(largest, Math.abs(expected[w * size + j]))
    }
  }
  return worst / largest
}

describe('compileForwardPass', () => {
  // Expected: the tfjs-cpu model's own predict on the same 32 seeded windows. Both passes sum in float64 and round
  // each layer to float32 as tfjs stores it; the rounding of ≤ 7 layers differs: measured 2.2e-7 … 1.7e-6 of the
  // output's scale (the dense stack the most), so 1e-5 leaves ~6× margin.
  const cases: Array<{ name: string; config: AutoencoderConfig; shape: [number, number] }> = [
    { name: 'the SMD default conv1d (filters [32, 16], kernel 3, transposed upsampling)', config: { kind: 'conv1d', filters: [32, 16], kernelSize: 3 }, shape: [16, 38] },
    { name: 'conv1d, odd steps (cropped), kernel 7, nearest upsampling, tanh, sigmoid output', config: { kind: 'conv1d', filters: [8, 4], kernelSize: 7, upsampling: 'nearest', activation: 'tanh', outputActivation: 'sigmoid' }, shape: [23, 3] },
    { name: 'conv1d with a dense code (codeUnits 6, denseUnits [12]), elu', config: { kind: 'conv1d', filters: [8], kernelSize: 5, codeUnits: 6, denseUnits: [12], activation: 'elu' }, shape: [15, 2] },
    { name: 'the NAB default dense stack [64, 32, 16, 32, 64] on a [50, 1] window', config: { kind: 'dense', hiddenUnits: [64, 32, 16, 32, 64] }, shape: [50, 1] },
  ]
  for (const c of cases) {
    it(`matches predict for ${c.name}, in JS and in WebAssembly SIMD`, () => {
      const autoencoder = buildAutoencoder(c.config, { sampleShape: c.shape, seed: 5 })
      try {
        randomizeWeights(autoencoder.model, 11)
        expect(worstDifference(autoencoder.model, c.shape, 32, 'js')).toBeLessThan(1e-5)
        expect(worstDifference(autoencoder.model, c.shape, 32, 'simd')).toBeLessThan(1e-5)
      } finally {
        autoencoder.dispose()
      }
    })
  }

  it('reuses first-layer rows between the windows of a stream (SIMD), bit for bit the same as without', () => {
    const shape: [number, number] = [16, 38]
    const autoencoder = buildAutoencoder({ kind: 'conv1d', filters: [32, 16], kernelSize: 3 }, { sampleShape: shape, seed: 5 })
    try {
      randomizeWeights(autoencoder.model, 11)
      const pass = compileForwardPass(autoencoder.model, 'simd')
      if (pass === null) throw new Error('expected a compiled pass')
      const stream = tf.tidy(() => tf.randomNormal([60, 38], 0, 1, 'float32', 9).dataSync() as Float32Array)
      const size = 16 * 38
      const plain = new Float32Array(size)
      const reused = new Float32Array(size)
      // Stride 1, then a jump (stride 3 windows): every window against its own plain pass.
      for (const start of [0, 1, 2, 3, 4, 7, 10, 13, 30, 44]) {
        const window = stream.slice(start * 38, start * 38 + size)
        pass.run(window, plain)
        pass.run(window, reused, start)
        expect(Array.from(reused)).toEqual(Array.from(plain))
      }
    } finally {
      autoencoder.dispose()
    }
  })

  it('returns null for layers it does not cover (LSTM, batch normalisation)', () => {
    for (const config of [{ kind: 'lstm', units: 8 }, { kind: 'dense', hiddenUnits: [8, 4, 8], batchNorm: true }] as AutoencoderConfig[]) {
      const autoencoder = buildAutoencoder(config, { sampleShape: [12, 2], seed: 5 })
      try {
        expect(compileForwardPass(autoencoder.model)).toBeNull()
      } finally {
        autoencoder.dispose()
      }
    }
  })
})
