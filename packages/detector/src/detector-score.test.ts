import { selectSamples, type Samples } from '@aedetect/core'
import { loadEcg5000 } from '@aedetect/datasets/node'
import { fitDetector, type Detector } from '@aedetect/detector'
import { initBackend } from '@aedetect/models'
import * as tf from '@tensorflow/tfjs'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'

// score() computes each sample's error on the backend and reads back one float per sample; scoreFeatures()
// still reads back every reconstruction and takes the per-value errors in JS. Their row means must agree.
// Data: ECG5000, fit on the 292 normal beats of the UCR TRAIN file (cpu, seed 7, 10 epochs, batch 32), scored
// on the 4,500 beats of the TEST file (normal and anomalous).

/** The per-sample mean of per-value errors, summed in float64: the JS path score() replaced. */
function rowMeans(perValue: Samples): Float32Array {
  const n = perValue.shape[0]
  const size = perValue.data.length / n
  const out = new Float32Array(n)
  for (let i = 0; i < n; i++) {
    let sum = 0
    for (let j = i * size; j < (i + 1) * size; j++) sum += perValue.data[j]
    out[i] = sum / size
  }
  return out
}

function maxRelativeDifference(a: Float32Array, b: Float32Array): number {
  expect(a).toHaveLength(b.length)
  let worst = 0
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]) / Math.abs(b[i]))
  return worst
}

function tile(x: Samples, times: number): Samples {
  const data = new Float32Array(x.data.length * times)
  for (let t = 0; t < times; t++) data.set(x.data, t * x.data.length)
  return { data, shape: [x.shape[0] * times, ...x.shape.slice(1)] }
}

// Tolerance: a float32 sum of 140 values on the backend (wasm), or a float64 sum of float64 differences (cpu),
// against a float64 sum of float32 per-value errors. Measured max relative differences: 1.2e-7 (cpu) and 8.6e-7
// (wasm) for mse, 1.2e-7 / 5.8e-7 for mae; wasm vs cpu scores 8.6e-7 / 7.2e-7. Any real mistake (a wrong axis,
// scaling skipped, a chunk misplaced) changes scores by far more than 1e-5.
const TOLERANCE = 1e-5

let train: Samples
let testSet: Samples
const detectors: Partial<Record<'mse' | 'mae', Detector>> = {}
const cpuScores: Partial<Record<'mse' | 'mae', Float32Array>> = {}

beforeAll(async () => {
  await initBackend({ backend: 'cpu' })
  const ecg = await loadEcg5000()
  const trainRows = Array.from(ecg.ucrSplit.keys()).filter((i) => ecg.ucrSplit[i] === 0 && ecg.labels[i] === 0)
  const testRows = Array.from(ecg.ucrSplit.keys()).filter((i) => ecg.ucrSplit[i] === 1)
  train = selectSamples(ecg.x, trainRows)
  testSet = selectSamples(ecg.x, testRows)
  for (const metric of ['mse', 'mae'] as const) {
    detectors[metric] = await fitDetector(train, { training: { epochs: 10, batchSize: 32 }, seed: 7, scoreMetric: metric })
  }
})

afterAll(() => {
  detectors.mse?.dispose()
  detectors.mae?.dispose()
})

describe.each(['cpu', 'wasm'] as const)('detector.score() on %s (ECG5000 TEST, 4,500 beats)', (backend) => {
  beforeAll(async () => {
    // The detectors were trained on cpu; their weights move to wasm on first use.
    await initBackend({ backend })
  })

  test.each(['mse', 'mae'] as const)('%s: equals the row means of scoreFeatures() within float32 rounding, without leaking tensors', async (metric) => {
    const detector = detectors[metric] as Detector
    const before = tf.memory().numTensors
    const scores = await detector.score(testSet)
    const expected = rowMeans(await detector.scoreFeatures(testSet))
    expect(tf.memory().numTensors).toBe(before)
    expect(scores).toHaveLength(4500)
    expect(maxRelativeDifference(scores, expected)).toBeLessThan(TOLERANCE)
    // Scores spread over orders of magnitude (normal vs anomalous beats): a constant cannot pass the check above.
    expect(Math.max(...scores) / Math.min(...scores)).toBeGreaterThan(10)
    if (backend === 'cpu') cpuScores[metric] = scores
    // wasm matches cpu to ~6e-8 per op (../shared/DEPENDENCIES.md); the model is 6 layers deep.
    else expect(maxRelativeDifference(scores, cpuScores[metric] as Float32Array)).toBeLessThan(TOLERANCE)
  })

  test('inputs longer than one 24,576-row chunk score as their parts, and predict() applies the threshold to them', async () => {
    const detector = detectors.mse as Detector
    const single = await detector.score(testSet)
    // 7 × 4,500 = 31,500 rows: one full chunk and a partial one, so chunk and batch boundaries fall mid-copy.
    // Each row's error depends on that row alone: measured bit-identical on cpu and wasm; 1e-6 allows a backend
    // whose matMul blocking depends on the batch size.
    const tiled = await detector.score(tile(testSet, 7))
    expect(tiled).toHaveLength(31500)
    for (let t = 0; t < 7; t++) expect(maxRelativeDifference(tiled.subarray(t * 4500, (t + 1) * 4500), single)).toBeLessThan(1e-6)
    const labels = await detector.predict(testSet)
    let agree = 0
    for (let i = 0; i < 4500; i++) if (labels[i] === (single[i] >= detector.threshold.value ? 1 : 0)) agree++
    expect(agree).toBe(4500)
  })
})

describe('the threshold is calibrated on the same error path as score()', () => {
  test('the held-out calibration scores are the scores score() gives those beats', async () => {
    await initBackend({ backend: 'cpu' })
    const detector = detectors.mse as Detector
    // fitDetector holds out 10 % of the normal beats (seeded) and keeps their errors as calibrationScores;
    // each of them must be the score of one training beat, exactly (same path, same backend).
    const trainScores = new Set(Array.from(await detector.score(train)))
    const calibration = Array.from(detector.state.calibrationScores)
    expect(calibration).toHaveLength(29)
    expect(calibration.filter((s) => trainScores.has(s))).toHaveLength(29)
  })
})
