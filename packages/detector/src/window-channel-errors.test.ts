import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Samples } from '@aedetect/core'
import { loadSmdMachine } from '@aedetect/datasets/node'
import { fitWindowDetector, type WindowDetector } from '@aedetect/detector'
import { loadWindowDetector, saveWindowDetector } from '@aedetect/detector/node'
import { timeSeriesMetrics } from '@aedetect/metrics'
import { slidingWindows, windowScoresToPoints } from '@aedetect/preprocessing'
import * as tf from '@tensorflow/tfjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dataDir as sharedDataDir, describeWith } from '@aedetect/test-data'
import { channelErrorMeans, scaledWindowScores, scaleChannelErrors } from './window-channel-errors'

describe('per-channel error scaling', () => {
  // Two windows of 2 steps × 2 channels: channel 0 errors 1, 3, 5, 7; channel 1 errors 0, 0, 0, 0.5.
  const errors: Samples = { data: Float32Array.from([1, 0, 3, 0, 5, 0, 7, 0.5]), shape: [2, 2, 2] }

  it('takes each channel mean over windows and steps, floored at 1 % of the mean over channels', () => {
    // Hand-computed: channel 0 mean 4, channel 1 mean 0.125 (above the floor 0.01 × 2.0625).
    expect(channelErrorMeans(errors, 2)).toEqual([4, 0.125])
    // A channel reconstructed perfectly in training gets the floor, not 0: 0.01 × mean(4, 0) = 0.02.
    const quiet: Samples = { data: Float32Array.from([1, 0, 3, 0, 5, 0, 7, 0]), shape: [2, 2, 2] }
    const means = channelErrorMeans(quiet, 2)
    expect(means[0]).toBe(4)
    expect(means[1]).toBeCloseTo(0.02, 12)
  })

  it('scores a window as the mean of its channel-scaled errors', () => {
    const means = [4, 0.125]
    // Hand-computed: window 0 (1/4 + 0 + 3/4 + 0) / 4 = 0.25; window 1 (5/4 + 0 + 7/4 + 0.5/0.125) / 4 = 1.75.
    expect(Array.from(scaledWindowScores(errors, means))).toEqual([0.25, 1.75])
    expect(Array.from(scaleChannelErrors(errors, means).data)).toEqual([0.25, 0, 0.75, 0, 1.25, 0, 1.75, 4])
  })
})

const dataDir = sharedDataDir()
const rowsOf = (x: Samples, start: number, end: number): Samples => ({ data: x.data.slice(start * x.shape[1], end * x.shape[1]), shape: [end - start, x.shape[1]] })

// SMD machine-1-2 subsampled as in window-detector.test.ts: train rows 0–2,999, test rows 4,000–6,499. Windows of
// 8 steps, seed 7, 5 epochs, cpu.
describeWith(['smd'], "fitWindowDetector with channelErrorScale: 'channel' on SMD machine-1-2", () => {
  let train: Samples
  let test: Samples
  let labels: Uint8Array
  let detector: WindowDetector
  let scores: Float64Array

  beforeAll(async () => {
    await tf.setBackend('cpu')
    const smd = await loadSmdMachine({ dataDir, machine: 'machine-1-2' })
    train = rowsOf(smd.train, 0, 3000)
    test = rowsOf(smd.test, 4000, 6500)
    labels = smd.testLabels.slice(4000, 6500)
    detector = await fitWindowDetector(train, { windowSize: 8, seed: 7, training: { epochs: 5 }, channelErrorScale: 'channel' })
    scores = await detector.scorePoints(test)
  })

  afterAll(() => detector?.dispose())

  it('records one positive divisor per channel and scores the labelled segments above the rest', () => {
    const means = detector.state.channelErrorMeans ?? []
    expect(means.length).toBe(38)
    expect(means.every((m) => m > 0 && Number.isFinite(m))).toBe(true)
    // Measured on this subsample (cpu): AUC-ROC 0.976, VUS-PR 0.882; plain errors give 0.800 and 0.263
    // (window-detector.test.ts, same data, seed and epochs). Floors below the measured values.
    const m = timeSeriesMetrics(labels, scores, { slidingWindow: 30 })
    expect(m.aucRoc).toBeGreaterThan(0.93)
    expect(m.vusPr).toBeGreaterThan(0.75)
  })

  it('saves and loads the divisors bit-for-bit, loads a folder without them, and refuses corrupt ones', async () => {
    const before = tf.memory().numTensors
    const dir = await mkdtemp(join(tmpdir(), 'aedetect-channel-scale-'))
    try {
      const folder = join(dir, 'model')
      await saveWindowDetector(detector, folder)
      const loaded = await loadWindowDetector(folder)
      try {
        expect(loaded.state).toEqual(detector.state)
        expect(await loaded.scorePoints(test)).toEqual(scores)
      } finally {
        loaded.dispose()
      }
      const record = JSON.parse(await readFile(join(folder, 'window.json'), 'utf8')) as Record<string, unknown>
      delete record.channelErrorMeans
      await writeFile(join(folder, 'window.json'), JSON.stringify(record))
      const plain = await loadWindowDetector(folder)
      try {
        expect(plain.state.channelErrorMeans).toBeUndefined()
        // Without divisors the folder scores as before issue 19: the plain window scores mapped to points.
        const plainScores = windowScoresToPoints(await detector.detector.score(slidingWindows(test, { size: 8 })), { seriesLength: 2500, size: 8 })
        expect(await plain.scorePoints(test)).toEqual(plainScores)
        expect(plainScores).not.toEqual(scores)
      } finally {
        plain.dispose()
      }
      await writeFile(join(folder, 'window.json'), JSON.stringify({ ...record, channelErrorMeans: [1, -1] }))
      await expect(loadWindowDetector(folder)).rejects.toMatchObject({ code: 'E_CORRUPT', message: `${folder}/window.json has channelErrorMeans that are not 38 positive finite numbers (one per channel). Re-save the detector with saveWindowDetector().` })
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
    expect(tf.memory().numTensors).toBe(before)
  })

  it('rejects an unknown channelErrorScale', async () => {
    await expect(fitWindowDetector(train, { windowSize: 8, channelErrorScale: 'feature' as 'channel' })).rejects.toMatchObject({ code: 'E_OPTION', message: "fitWindowDetector(): channelErrorScale must be one of 'none' | 'channel', got 'feature'." })
  })
})
