import { mkdtemp, rm } from 'node:fs/promises'
import { availableParallelism, tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Samples } from '@aedetect/core'
import { loadEcg5000 } from '@aedetect/datasets/node'
import { fitDetector, type Detector } from '@aedetect/detector'
import { saveDetector, scoreInWorkers } from '@aedetect/detector/node'
import * as tf from '@tensorflow/tfjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

// The parent runs these sources; the worker threads load the BUILT packages (dist: `npx tsup` in
// packages/detector after a change), as an installed package does. Data: all 5,000 ECG5000 beats (bundled),
// a dense 140-32-8-32-140 autoencoder fitted on the first 500 normal beats, seed 3, 2 epochs, cpu — this file
// checks that threads give the one-thread scores, not the detector's quality.
let root: string
let dir: string
let x: Samples
let detector: Detector
let tensorsBefore: number

const bytes = (a: Float32Array): Buffer => Buffer.from(a.buffer, a.byteOffset, a.byteLength)

beforeAll(async () => {
  await tf.setBackend('cpu')
  tensorsBefore = tf.memory().numTensors
  root = await mkdtemp(join(tmpdir(), 'aedetect-workers-'))
  dir = join(root, 'model')
  const ecg = await loadEcg5000()
  x = ecg.x
  const normal: number[] = []
  for (let i = 0; i < ecg.labels.length && normal.length < 500; i++) if (ecg.labels[i] === 0) normal.push(i)
  const train = new Float32Array(normal.length * 140)
  normal.forEach((row, k) => train.set(x.data.subarray(row * 140, (row + 1) * 140), k * 140))
  detector = await fitDetector({ data: train, shape: [normal.length, 140] }, { architecture: { kind: 'dense', hiddenUnits: [32, 8, 32] }, seed: 3, training: { epochs: 2, batchSize: 64 } })
  await saveDetector(detector, dir)
})

afterAll(async () => {
  detector.dispose()
  expect(tf.memory().numTensors).toBe(tensorsBefore)
  await rm(root, { recursive: true, force: true })
})

/** `detector.score` in this thread on chunks of `rows` rows, as the workers cut them. */
async function scoreInChunks(rows: number): Promise<Float32Array> {
  const n = x.shape[0]
  const out = new Float32Array(n)
  for (let start = 0; start < n; start += rows) {
    const end = Math.min(n, start + rows)
    out.set(await detector.score({ data: x.data.subarray(start * 140, end * 140), shape: [end - start, 140] }), start)
  }
  return out
}

describe('scoreInWorkers', () => {
  it('gives the one-thread scores bit for bit on cpu with the same chunks, in input order', async () => {
    const expected = await scoreInChunks(700)
    const scores = await scoreInWorkers(dir, x, { workers: 2, chunkRows: 700, backend: 'cpu' })
    expect(scores.length).toBe(5000)
    // Same backend, same kernels, same batch boundaries: the same float32 bits, not only 1e-6 close.
    expect(bytes(scores).equals(bytes(expected))).toBe(true)
    // Order kept across 8 chunks on 2 workers: the scores are not all alike, so a swapped chunk would fail.
    expect(Math.max(...scores)).toBeGreaterThan(2 * Math.min(...scores))
  })

  it('takes number[][] and more workers than chunks', async () => {
    const rows = Array.from({ length: 5 }, (_, i) => Array.from(x.data.subarray(i * 140, (i + 1) * 140)))
    const scores = await scoreInWorkers(dir, rows, { workers: 3, chunkRows: 2, backend: 'cpu' })
    const expected = await detector.score({ data: x.data.slice(0, 5 * 140), shape: [5, 140] })
    // Chunks of 2, 2, 1 against one call of 5: float32 rounding of other batch sizes at most (1e-6 relative).
    for (let i = 0; i < 5; i++) expect(Math.abs(scores[i] - expected[i])).toBeLessThanOrEqual(1e-6 * expected[i])
  })

  it('reports more workers than cores through onWarning', async () => {
    const warnings: string[] = []
    const cores = availableParallelism()
    await scoreInWorkers(dir, { data: x.data.slice(0, 140), shape: [1, 140] }, { workers: cores + 1, backend: 'cpu', onWarning: (m) => warnings.push(m) })
    expect(warnings).toEqual([`${cores + 1} worker threads on ${cores} cores: the threads share the cores, so expect no gain beyond ${cores}.`])
  })

  it('refuses a worker count that is not a positive integer, before starting any thread', async () => {
    await expect(scoreInWorkers(dir, x, { workers: 0 })).rejects.toMatchObject({ code: 'E_OPTION', message: expect.stringMatching(/^openDetectorWorkers\(\): workers is 0; expected a positive integer number of worker threads \(this machine has \d+ cores\)\.$/) })
    await expect(scoreInWorkers(dir, x, { workers: 1.5 })).rejects.toMatchObject({ code: 'E_OPTION' })
  })

  it('passes on a worker\'s error with its code: a folder that does not exist, rows of another width', async () => {
    await expect(scoreInWorkers(join(root, 'missing'), x, { workers: 1, backend: 'cpu' })).rejects.toMatchObject({ code: 'E_NOT_FOUND', message: `loadDetector(): ${join(root, 'missing')} is not a folder. Pass the folder written by 'aedetect train' or saveDetector().` })
    const narrow = { data: new Float32Array(3 * 10), shape: [3, 10] }
    await expect(scoreInWorkers(dir, narrow, { workers: 1, backend: 'cpu' })).rejects.toMatchObject({ code: 'E_FEATURE_COUNT', message: `scoreInWorkers(): rows have 10 values each; the detector in ${dir} was fitted on 140 per sample (shape [140]). Pass the same features, in the same order, as at fit time.` })
  })
})
