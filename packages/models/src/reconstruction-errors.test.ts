import * as tf from '@tensorflow/tfjs'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Samples } from '@aedetect/core'
import { buildAutoencoder, measureReconstructionErrors, reconstruct, type Autoencoder, type ReconstructionErrorMetric } from '@aedetect/models'
import { ecgNormalThenAnomalous, ecgRows, ecgSequences } from './_test-data'
import { useBackend } from './_test-backend'

// Data: the 292 normal beats of ECG5000 TRAIN followed by its first 60 class-2 (anomalous) beats, scaled to
// [0, 1] as in the TF tutorial. Models: seeded, untrained weights (seed 5): what is compared is the error
// computation, not the model's quality, so no training run is needed.

// The JS path the detector took before: read back every reconstruction, then one float64 sum per sample (as
// reconstructionErrors of @aedetect/metrics does).
async function jsErrors(ae: Autoencoder, x: Samples, metric: ReconstructionErrorMetric): Promise<Float32Array> {
  const recon = (await reconstruct(ae, x)).data
  const n = x.shape[0]
  const size = x.data.length / n
  const out = new Float32Array(n)
  for (let i = 0; i < n; i++) {
    let sum = 0
    for (let j = i * size; j < (i + 1) * size; j++) {
      const d = x.data[j] - recon[j]
      sum += metric === 'mae' ? Math.abs(d) : d * d
    }
    out[i] = metric === 'rmse' ? Math.sqrt(sum / size) : sum / size
  }
  return out
}

function maxRelativeDifference(a: Float32Array, b: Float32Array): number {
  let worst = 0
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]) / Math.abs(b[i]))
  return worst
}

// Tolerance: on wasm the backend sums 140 float32 values in float32, the JS path in float64; measured max
// relative differences 7.1e-7 (mse), 4.5e-7 (mae), 3.6e-7 (rmse). On cpu the errors are summed in JS in the same
// order as the reference: measured 0. 1e-5 leaves room for other summation orders and still fails on any real
// mistake (a wrong axis, a missing square, a batch misplaced: all change scores by > 1e-2).
const TOLERANCE = 1e-5

describe.each(['cpu', 'wasm'] as const)('measureReconstructionErrors on %s (ECG5000, 352 beats)', (backend) => {
  const x = ecgNormalThenAnomalous()
  let dense: Autoencoder
  let conv: Autoencoder
  beforeAll(async () => {
    await useBackend(backend)
    dense = buildAutoencoder({ kind: 'dense' }, { sampleShape: [140], seed: 5 })
    conv = buildAutoencoder({ kind: 'conv1d', filters: [8, 4] }, { sampleShape: [140, 1], seed: 5 })
  })
  afterAll(() => {
    dense.dispose()
    conv.dispose()
  })

  test.each(['mse', 'mae', 'rmse'] as const)('dense, %s: equals the read-back path within float32 rounding, at the default and odd batch sizes', async (metric) => {
    const expected = await jsErrors(dense, x, metric)
    const before = tf.memory().numTensors
    for (const batchSize of [undefined, 1, 100, 8192]) {
      const scores = await measureReconstructionErrors(dense, x, { metric, ...(batchSize ? { batchSize } : {}) })
      expect(scores).toHaveLength(352)
      expect(maxRelativeDifference(scores, expected)).toBeLessThan(TOLERANCE)
    }
    expect(tf.memory().numTensors).toBe(before)
    // The scores must differ between beats, so a constant output cannot pass the comparison above.
    expect(Math.max(...expected) - Math.min(...expected)).toBeGreaterThan(1e-3)
  })

  test('conv1d on [steps, channels] samples: errors average over every value of a sample', async () => {
    const sequences = ecgSequences(100)
    const expected = await jsErrors(conv, sequences, 'mse')
    const before = tf.memory().numTensors
    const scores = await measureReconstructionErrors(conv, sequences, { batchSize: 33 })
    expect(maxRelativeDifference(scores, expected)).toBeLessThan(TOLERANCE)
    expect(tf.memory().numTensors).toBe(before)
  })
})

describe.each(['cpu', 'wasm'] as const)('measureReconstructionErrors on %s refuses non-finite input', (backend) => {
  // On cpu the dense stack checks finiteness only when an error came out non-finite (after the fused pass):
  // it must still name the first bad value, whatever the value does to the reconstruction (an Infinity
  // saturates the sigmoid output to finite values; its own error is still Infinity).
  test.each([
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['-Infinity', Number.NEGATIVE_INFINITY],
  ])('%s in sample 3, feature 17: E_NOT_FINITE naming them (Samples and rows)', async (_, bad) => {
    await useBackend(backend)
    const ae = buildAutoencoder({ kind: 'dense' }, { sampleShape: [140], seed: 5 })
    const x = ecgNormalThenAnomalous()
    const data = x.data.slice(0, 10 * 140)
    data[3 * 140 + 17] = bad
    data[7 * 140 + 2] = bad // a later one is not the one named
    const rows = Array.from({ length: 10 }, (_, r) => Array.from(data.subarray(r * 140, (r + 1) * 140)))
    for (const input of [{ data, shape: [10, 140] }, rows]) {
      await expect(measureReconstructionErrors(ae, input)).rejects.toMatchObject({ code: 'E_NOT_FINITE', message: expect.stringMatching(/(sample 3, feature 17|row 3, column 17)/) })
    }
    ae.dispose()
  })
})

describe('measureReconstructionErrors on the fused LSTM path (cpu)', () => {
  test('equals the errors of reconstruct() bit for bit (both read the fused forward pass in JS)', async () => {
    await useBackend('cpu')
    const lstm = buildAutoencoder({ kind: 'lstm', units: 8 }, { sampleShape: [35, 1], seed: 5 })
    const sequences = ecgSequences(40, 4)
    const before = tf.memory().numTensors
    for (const metric of ['mse', 'mae'] as const) {
      expect(Array.from(await measureReconstructionErrors(lstm, sequences, { metric }))).toEqual(Array.from(await jsErrors(lstm, sequences, metric)))
    }
    expect(tf.memory().numTensors).toBe(before)
    lstm.dispose()
  })
})

describe('measureReconstructionErrors option errors', () => {
  test('names the bad metric, batch size and feature count', async () => {
    await useBackend('cpu')
    const ae = buildAutoencoder({ kind: 'dense' }, { sampleShape: [140], seed: 5 })
    const x = ecgRows(4)
    await expect(measureReconstructionErrors(ae, x, { metric: 'rms' as ReconstructionErrorMetric })).rejects.toThrowErrorMatchingInlineSnapshot(`[AedetectError: measureReconstructionErrors(): metric must be one of 'mse' | 'mae' | 'rmse', got 'rms'.]`)
    await expect(measureReconstructionErrors(ae, x, { batchSize: 0 })).rejects.toThrowErrorMatchingInlineSnapshot(`[AedetectError: measureReconstructionErrors(): batchSize must be a positive integer, got 0.]`)
    await expect(measureReconstructionErrors(ae, x, { metric: 'rms' as ReconstructionErrorMetric })).rejects.toMatchObject({ code: 'E_OPTION' })
    await expect(measureReconstructionErrors(ae, { data: new Float32Array(8), shape: [2, 4] })).rejects.toMatchObject({ code: 'E_FEATURE_COUNT' })
    await expect(measureReconstructionErrors(ae, { data: new Float32Array(8), shape: [2, 4] })).rejects.toThrowErrorMatchingInlineSnapshot(`[AedetectError: measureReconstructionErrors(): each sample has shape [4]; expected [140]. Pass the same columns in the same order as at fit time.]`)
    ae.dispose()
  })
})
