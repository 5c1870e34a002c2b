import { dataDir, describeWith } from '@aedetect/test-data'
import { beforeAll, expect, it } from 'vitest'
import { aedetect, type Run } from '../_run-cli'

// The Keras "Intro to autoencoders" recipes on Fashion-MNIST (not shipped: skipped without it), cpu backend,
// seed 0, shortened (CI time): 1,000 of the 6,000 T-shirt/top train images and 1,000 of the 10,000 test images,
// spread evenly; the dense model's own 10 epochs (~6 s), 6 of the denoiser's 10 (~55 s). The full recipes'
// figures are in the README's "Presets" table.

const runs: Record<string, Run> = {}

describeWith(['fashion-mnist'], 'train --preset keras-dense-64 and keras-denoise on Fashion-MNIST', () => {
  beforeAll(async () => {
    const budget = ['--seed', '0', '--limit', '1000', '--data-dir', dataDir(), '--json']
    runs.dense = await aedetect(['train', '--preset', 'keras-dense-64', ...budget])
    runs.denoise = await aedetect(['train', '--preset', 'keras-denoise', '--epochs', '6', ...budget])
  }, 900_000)

  it('keras-dense-64 reconstructs the normal class better than the others and ranks them apart', () => {
    expect(runs.dense.code).toBe(0)
    const r = JSON.parse(runs.dense.stdout)
    expect(r.architecture.hiddenUnits).toEqual([64])
    // 1,000 test images spread evenly over the 10,000 (in file order): 98 of them of class 0.
    expect(r.split).toEqual({ train: 1000, test: { rows: 1000, normal: 98, anomalous: 902 } })
    // Measured MSE 0.0231 (class 0) / 0.0797 (all), ROC-AUC 0.9304; full recipe: 0.0110 / 0.0352, 0.9155.
    expect(r.reconstructionMse.normalClass).toBeLessThan(0.03)
    expect(r.reconstructionMse.allClasses).toBeGreaterThan(2 * r.reconstructionMse.normalClass)
    expect(r.rocAuc).toBeGreaterThan(0.88)
  })

  it('keras-denoise brings noisy images closer to the clean ones and reports the one-class ROC-AUC', () => {
    expect(runs.denoise.code).toBe(0)
    const r = JSON.parse(runs.denoise.stdout)
    expect(r.noise).toEqual({ kind: 'gaussian', std: 0.2, clip: [0, 1] })
    // Noise of std 0.2 clipped to [0, 1] leaves an MSE of ~0.026 against the clean images (measured 0.02651).
    expect(r.mse.noisyVsClean.normalClass).toBeCloseTo(0.0265, 3)
    // Measured after 6 epochs: denoised 0.0167 (class 0; full recipe 0.0099), ROC-AUC 0.7625 (full: 0.7401).
    expect(r.mse.denoisedVsClean.normalClass).toBeLessThan(0.8 * r.mse.noisyVsClean.normalClass)
    expect(r.rocAuc).toBeGreaterThan(0.68)
  })
})
