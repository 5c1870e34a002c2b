import { dataDir, describeWith } from '@aedetect/test-data'
import { beforeAll, expect, it } from 'vitest'
import { aedetect, type Run } from '../_run-cli'

// The Keras "Intro to autoencoders" recipes on Fashion-MNIST (not shipped: skipped without it), cpu backend,
// seed 0, shortened (CI time): 2 epochs, 1,000 of the 6,000 T-shirt/top train images and 1,000 of the 10,000
// test images, spread evenly. The full recipes' figures are in the README's "Presets" table.

const runs: Record<string, Run> = {}

describeWith(['fashion-mnist'], 'train --preset keras-dense-64 and keras-denoise on Fashion-MNIST', () => {
  beforeAll(async () => {
    const budget = ['--seed', '0', '--epochs', '2', '--limit', '1000', '--data-dir', dataDir(), '--json']
    runs.dense = await aedetect(['train', '--preset', 'keras-dense-64', ...budget])
    runs.denoise = await aedetect(['train', '--preset', 'keras-denoise', ...budget])
  }, 900_000)

  it('keras-dense-64 reconstructs the normal class better than the others and ranks them apart', () => {
    expect(runs.dense.code).toBe(0)
    const r = JSON.parse(runs.dense.stdout)
    expect(r.architecture.hiddenUnits).toEqual([64])
    // 1,000 test images spread over the 10,000: 100 of each class, class 0 normal.
    expect(r.split).toEqual({ train: 1000, test: { rows: 1000, normal: 100, anomalous: 900 } })
    // Measured MSE 0.0204 (class 0) / 0.0424 (all), ROC-AUC 0.87 after 2 epochs; full recipe: 0.0110 / 0.0352, 0.9155.
    expect(r.reconstructionMse.normalClass).toBeLessThan(0.03)
    expect(r.reconstructionMse.allClasses).toBeGreaterThan(r.reconstructionMse.normalClass)
    expect(r.rocAuc).toBeGreaterThan(0.8)
  })

  it('keras-denoise brings noisy images closer to the clean ones and reports the one-class ROC-AUC', () => {
    expect(runs.denoise.code).toBe(0)
    const r = JSON.parse(runs.denoise.stdout)
    expect(r.noise).toEqual({ kind: 'gaussian', std: 0.2, clip: [0, 1] })
    // Noise of std 0.2 clipped to [0, 1] leaves an MSE of ~0.026 against the clean images (measured 0.0267 / 0.0255).
    expect(r.mse.noisyVsClean.normalClass).toBeCloseTo(0.0267, 2)
    // Measured after 2 epochs: denoised 0.017 (class 0); full recipe 0.0099. ROC-AUC measured 0.70 (full: 0.7401).
    expect(r.mse.denoisedVsClean.normalClass).toBeLessThan(0.8 * r.mse.noisyVsClean.normalClass)
    expect(r.rocAuc).toBeGreaterThan(0.6)
  })
})
