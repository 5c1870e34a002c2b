import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { selectSamples, type Samples } from '@aedetect/core'
import { loadMnist, type MnistDataset } from '@aedetect/datasets/node'
import { fitDetector, IMAGE_ERROR_SMOOTHING } from '@aedetect/detector'
import { loadDetector, saveDetector } from '@aedetect/detector/node'
import { reconstructionErrors, rocAuc } from '@aedetect/metrics'
import { beforeAll, describe, expect, it } from 'vitest'
import { dataDir as sharedDataDir, describeWith } from '@aedetect/test-data'

const dataDir = sharedDataDir()

// One-class Fashion-MNIST, shirts (class 6, the hardest class for every image detector here) as normal: the
// first 1,000 training shirts fit the detector, the first 4,000 test images are scored.
describeWith(['fashion-mnist'], 'errorSmoothing on one-class Fashion-MNIST (PCA, 90 % of the variance: deterministic)', () => {
  let train: Samples
  let test: Samples<Float32Array>
  let labels: Uint8Array
  beforeAll(async () => {
    const full = await loadMnist({ dataDir, kind: 'fashion-mnist', split: 'train' })
    const shirts = Array.from(full.labels.keys()).filter((i) => full.labels[i] === 6).slice(0, 1000)
    train = selectSamples(full.images, shirts)
    const all: MnistDataset = await loadMnist({ dataDir, kind: 'fashion-mnist', split: 'test' })
    test = { data: all.images.data.subarray(0, 4000 * 784), shape: [4000, 28, 28, 1] }
    labels = Uint8Array.from(all.labels.subarray(0, 4000), (c) => (c === 6 ? 0 : 1))
  })

  it('a 3 × 3 box raises the ROC-AUC; scores are the smoothed errors of the reconstructions; the folder keeps it', async () => {
    const options = { architecture: { kind: 'pca', components: { varianceFraction: 0.9 } }, scaler: { kind: 'none' } } as const
    const plain = await fitDetector(train, options)
    const smoothed = await fitDetector(train, { ...options, errorSmoothing: IMAGE_ERROR_SMOOTHING })
    const plainAuc = rocAuc(labels, await plain.score(test))
    const scores = await smoothed.score(test)
    const smoothedAuc = rocAuc(labels, scores)
    // Measured: 0.8025 → 0.8250.
    expect(plainAuc).toBeCloseTo(0.8025, 2)
    expect(smoothedAuc).toBeCloseTo(0.825, 2)
    expect(smoothedAuc).toBeGreaterThan(plainAuc + 0.015)
    const first = { data: test.data.subarray(0, 4 * 784), shape: [4, 28, 28, 1] }
    expect(Array.from(scores.subarray(0, 4))).toEqual(Array.from(reconstructionErrors(first, await smoothed.reconstruct(first), { smoothing: 1 })))
    expect(smoothed.threshold.value).toBeGreaterThan(0)

    const dir = await mkdtemp(join(tmpdir(), 'aedetect-smoothing-'))
    try {
      await saveDetector(smoothed, join(dir, 'smoothed'))
      await saveDetector(plain, join(dir, 'plain'))
      const record = JSON.parse(await readFile(join(dir, 'smoothed', 'detector.json'), 'utf8'))
      expect([record.formatVersion, record.errorSmoothing]).toEqual([2, 1])
      const plainRecord = JSON.parse(await readFile(join(dir, 'plain', 'detector.json'), 'utf8'))
      expect([plainRecord.formatVersion, 'errorSmoothing' in plainRecord]).toEqual([1, false])
      const loaded = await loadDetector(join(dir, 'smoothed'))
      expect(loaded.state.errorSmoothing).toBe(1)
      expect(await loaded.score(first)).toEqual(scores.subarray(0, 4))
      await writeFile(join(dir, 'smoothed', 'detector.json'), JSON.stringify({ ...record, errorSmoothing: 'yes' }))
      await expect(loadDetector(join(dir, 'smoothed'))).rejects.toMatchObject({ code: 'E_CORRUPT', message: expect.stringContaining('has errorSmoothing "yes"; expected a whole number ≥ 0') })
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})

describe('errorSmoothing: bad values fail before any training', () => {
  it('tabular samples, fractions and negatives: E_OPTION saying what to do', async () => {
    const rows = Array.from({ length: 20 }, (_, i) => [i / 20, 1 - i / 20, 0.5])
    await expect(fitDetector(rows, { errorSmoothing: 1 })).rejects.toMatchObject({ code: 'E_OPTION', message: expect.stringContaining('these samples are tabular, [3]. Leave it at 0') })
    const images: Samples = { data: new Float32Array(20 * 16), shape: [20, 4, 4, 1] }
    await expect(fitDetector(images, { errorSmoothing: 0.5 })).rejects.toMatchObject({ code: 'E_OPTION', message: expect.stringContaining('got 0.5') })
    await expect(fitDetector(images, { errorSmoothing: -1 })).rejects.toMatchObject({ code: 'E_OPTION' })
  })
})

describe('errorSmoothing on an autoencoder detector', () => {
  it('score, scoreFeatures and explain all use the smoothed differences of the reconstructions', async () => {
    // 64 blurry 6 × 6 blobs at random places, pixels in [0, 1].
    const n = 64
    const data = new Float32Array(n * 36)
    for (let i = 0; i < n; i++) {
      const cy = (i * 7) % 6
      const cx = (i * 5) % 6
      for (let y = 0; y < 6; y++) for (let x = 0; x < 6; x++) data[i * 36 + y * 6 + x] = Math.exp(-((y - cy) ** 2 + (x - cx) ** 2) / 4)
    }
    const images: Samples<Float32Array> = { data, shape: [n, 6, 6, 1] }
    const detector = await fitDetector(images, { architecture: { kind: 'dense', hiddenUnits: [8], outputActivation: 'sigmoid' }, scaler: { kind: 'none' }, errorSmoothing: 1, training: { epochs: 2 }, seed: 3 })
    try {
      const scores = await detector.score(images)
      const expected = reconstructionErrors(images, await detector.reconstruct(images), { smoothing: 1 })
      expect(Array.from(scores)).toEqual(Array.from(expected))
      const perValue = await detector.scoreFeatures(images)
      for (let i = 0; i < 3; i++) {
        const mean = perValue.data.subarray(i * 36, (i + 1) * 36).reduce((a, b) => a + b, 0) / 36
        expect(mean).toBeCloseTo(scores[i], 6)
      }
      const [top] = await detector.explain(images, { rows: [0], k: 1 })
      expect(top[0].error).toBeCloseTo(Math.max(...perValue.data.subarray(0, 36)), 6)
    } finally {
      detector.dispose()
    }
  })
})
