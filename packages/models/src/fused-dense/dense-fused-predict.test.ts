// Fused dense scoring equals tf.layers' predict: reconstructions and per-sample errors, through the public
// reconstruct() and measureReconstructionErrors(), on real data; non-plain models keep the predict path.
import * as tf from '@tensorflow/tfjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Samples } from '@aedetect/core'
import { buildAutoencoder, measureReconstructionErrors, reconstruct, type Autoencoder, type ReconstructionErrorMetric } from '@aedetect/models'
import { ecgNormalThenAnomalous, strokeImages } from '../_test-data'
import { useBackend } from '../_test-backend'
import { denseFusedBatches, denseScoringStack } from './dense-fused-predict'

// The stock path: model.predict over the whole input, read back, then float64 sums per sample.
function predictReference(ae: Autoencoder, x: Samples): Float32Array {
  return tf.tidy(() => (ae.model.predict(tf.tensor(x.data, x.shape), { batchSize: 1024 }) as tf.Tensor).dataSync() as Float32Array)
}

function errorsOf(x: Float32Array, reconstruction: Float32Array, size: number, metric: ReconstructionErrorMetric): Float32Array {
  const out = new Float32Array(x.length / size)
  for (let i = 0; i < out.length; i++) {
    let sum = 0
    for (let j = i * size; j < (i + 1) * size; j++) sum += metric === 'mae' ? Math.abs(reconstruction[j] - x[j]) : (reconstruction[j] - x[j]) ** 2
    out[i] = metric === 'rmse' ? Math.sqrt(sum / size) : sum / size
  }
  return out
}

/** The largest |a − b| over the largest |b|: differences on the scale of the values compared. */
function scaledError(a: Float32Array, b: Float32Array): number {
  let worst = 0
  let scale = 0
  for (let i = 0; i < a.length; i++) {
    worst = Math.max(worst, Math.abs(a[i] - b[i]))
    scale = Math.max(scale, Math.abs(b[i]))
  }
  return worst / scale
}

function maxRelativeError(a: Float32Array, b: Float32Array): number {
  let worst = 0
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]) / Math.abs(b[i]))
  return worst
}

// Tolerances: the fused products sum in float32 in their own order (the SIMD kernel), tfjs-cpu's matMul in
// another, and the SIMD sigmoid is within 1 ulp of tfjs's formula, so each layer's output may differ by a few
// float32 ulps. Measured worst over these cases and batch sizes (float32 kernel, 2026-12-07): reconstructions
// 3.3e-7 of the output scale, scores 1.7e-7 relative (1.2e-7 both with the float64 kernel). 2e-6 still fails
// on any real mistake (a wrong weight, bias or activation, a batch misplaced: all > 1e-3).
const RECONSTRUCTION_TOLERANCE = 2e-6
const SCORE_TOLERANCE = 2e-6

// Data: 292 normal and 60 anomalous (class 2) ECG5000 TRAIN beats, scaled to [0, 1]; 300 seeded stroke images
// (MNIST-like; the forward pass is compared with itself, so the images need not be real digits).
// Models: seeded, untrained weights (seed 11): what is compared is the forward pass, not model quality.

describe.each(['cpu', 'wasm'] as const)('fused dense scoring on %s', (backend) => {
  const ecg = ecgNormalThenAnomalous()
  const images = strokeImages(300)
  let dense: Autoencoder
  let image: Autoencoder
  let dropout: Autoencoder
  beforeAll(async () => {
    await useBackend(backend)
    dense = buildAutoencoder({ kind: 'dense' }, { sampleShape: [140], seed: 11 })
    dropout = buildAutoencoder({ kind: 'dense', hiddenUnits: [64, 32, 16, 32, 64], dropout: 0.1 }, { sampleShape: [140], seed: 11 })
    image = buildAutoencoder({ kind: 'dense', hiddenUnits: [64, 12, 64], activation: 'elu', outputActivation: 'linear' }, { sampleShape: [28, 28, 1], seed: 11 })
  })
  afterAll(() => {
    dense.dispose()
    image.dispose()
    dropout.dispose()
  })

  const cases = [
    { name: 'default 140-32-16-8-16-32-140 relu / sigmoid on ECG5000', model: () => dense, x: () => ecg },
    { name: 'elu 784-64-12-64-784 / linear on 28 × 28 × 1 images (flatten, reshape)', model: () => image, x: () => images },
    // Dropout is the identity at inference: the fused pass skips the dropout layers.
    { name: 'the tabular default 140-64-32-16-32-64-140 with dropout 0.1 on ECG5000', model: () => dropout, x: () => ecg },
  ]

  it.each(cases)('$name: reconstructions equal predict, at the default and odd batch sizes', async ({ model, x }) => {
    const ae = model()
    const expected = predictReference(ae, x())
    const before = tf.memory().numTensors
    expect(denseScoringStack(ae.model)).not.toBeUndefined()
    for (const batchSize of [undefined, 1, 100, 8192]) {
      const got = await reconstruct(ae, x(), batchSize === undefined ? {} : { batchSize })
      expect(got.shape).toEqual(x().shape)
      expect(scaledError(got.data, expected)).toBeLessThan(RECONSTRUCTION_TOLERANCE)
    }
    expect(tf.memory().numTensors).toBe(before)
  })

  it.each(cases)('$name: mse, mae and rmse scores equal those of predict', async ({ model, x }) => {
    const ae = model()
    const samples = x()
    const size = samples.data.length / samples.shape[0]
    const reconstruction = predictReference(ae, samples)
    const before = tf.memory().numTensors
    for (const metric of ['mse', 'mae', 'rmse'] as const) {
      const expected = errorsOf(samples.data, reconstruction, size, metric)
      for (const batchSize of [undefined, 7, 128]) {
        const scores = await measureReconstructionErrors(ae, samples, { metric, ...(batchSize === undefined ? {} : { batchSize }) })
        expect(scores).toHaveLength(samples.shape[0])
        expect(maxRelativeError(scores, expected)).toBeLessThan(SCORE_TOLERANCE)
      }
      // Scores must differ between samples, so a constant output cannot pass the comparison above.
      expect(Math.max(...expected) - Math.min(...expected)).toBeGreaterThan(1e-3 * Math.max(...expected))
    }
    expect(tf.memory().numTensors).toBe(before)
  })

  // reconstruct() and the scores take the one-memory scorer (relu / sigmoid stack); denseFusedBatches the
  // separate kernels through copies: the same products and passes, so the same bits.
  it('scores and reconstructs through the one-memory scorer: bit-identical to the separate fused kernels', async () => {
    const stack = denseScoringStack(dense.model)
    if (stack === undefined) throw new Error('expected a plain stack')
    const before = tf.memory().numTensors
    const fused = new Float32Array(ecg.data.length)
    denseFusedBatches(stack, ecg, 50, (start, reconstruction) => fused.set(reconstruction, start * 140))
    const reconstructed = (await reconstruct(dense, ecg, { batchSize: 50 })).data
    let mismatches = 0
    for (let i = 0; i < fused.length; i++) if (reconstructed[i] !== fused[i]) mismatches++
    expect(mismatches).toBe(0)
    const scores = await measureReconstructionErrors(dense, ecg, { batchSize: 50 })
    expect(scores).toEqual(errorsOf(ecg.data, fused, 140, 'mse'))
    expect(tf.memory().numTensors).toBe(before)
  })

})

describe('the dense scoring path on cpu', () => {
  const ecg = ecgNormalThenAnomalous()
  beforeAll(async () => {
    await useBackend('cpu')
  })

  it.each([
    { name: 'batch normalisation', config: { batchNorm: true } },
  ])('a model with $name keeps the predict path (bit-identical scores)', async ({ config }) => {
    const ae = buildAutoencoder({ kind: 'dense', ...config }, { sampleShape: [140], seed: 11 })
    const before = tf.memory().numTensors
    expect(denseScoringStack(ae.model)).toBeUndefined()
    const expected = errorsOf(ecg.data, predictReference(ae, ecg), 140, 'mse')
    const scores = await measureReconstructionErrors(ae, ecg)
    expect(scores).toEqual(expected)
    expect((await reconstruct(ae, ecg)).data).toEqual(predictReference(ae, ecg))
    expect(tf.memory().numTensors).toBe(before)
    ae.dispose()
  })

  it('fuses on cpu and wasm and leaves other backends on their own path', () => {
    const dense = buildAutoencoder({ kind: 'dense' }, { sampleShape: [140], seed: 11 })
    expect(denseScoringStack(dense.model, 'cpu')).not.toBeUndefined()
    expect(denseScoringStack(dense.model, 'wasm')).not.toBeUndefined()
    expect(denseScoringStack(dense.model, 'tensorflow')).toBeUndefined()
    expect(denseScoringStack(dense.model, 'webgl')).toBeUndefined()
    dense.dispose()
  })
})
