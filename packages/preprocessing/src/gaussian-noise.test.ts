import { describe, expect, it } from 'vitest'
import { addGaussianNoise } from '@aedetect/preprocessing'
import { halfSamples, sameValues, share, thrown } from './_test-support'

const N = halfSamples.data.length // 10^5 values

describe('addGaussianNoise', () => {
  it('adds N(0, std²) noise: mean and std of the difference within 5 standard errors', () => {
    const noisy = addGaussianNoise(halfSamples, { std: 0.1, seed: 1 })
    expect(noisy.data).toBeInstanceOf(Float32Array)
    expect(noisy.shape).toEqual([1000, 100])
    let sum = 0
    let sumSq = 0
    for (const v of noisy.data) {
      sum += v - 0.5
      sumSq += (v - 0.5) ** 2
    }
    const mean = sum / N
    // standard error of the mean 0.1 / √N ≈ 3.2e-4; of the std ≈ 0.1 / √(2N) ≈ 2.2e-4.
    expect(Math.abs(mean)).toBeLessThan(1.6e-3)
    expect(Math.abs(Math.sqrt(sumSq / N - mean * mean) - 0.1)).toBeLessThan(1.1e-3)
  })

  it('is reproducible for a seed, differs for another, and leaves the input alone', () => {
    const a = addGaussianNoise(halfSamples, { std: 0.1, seed: 3 })
    expect(sameValues(addGaussianNoise(halfSamples, { std: 0.1, seed: 3 }).data, a.data)).toBe(true)
    expect(sameValues(addGaussianNoise(halfSamples, { std: 0.1, seed: 4 }).data, a.data)).toBe(false)
    expect(share(halfSamples.data, 0.5)).toBe(1)
  })

  it('clips to [lo, hi] when asked', () => {
    const noisy = addGaussianNoise(halfSamples, { std: 1, seed: 2, clip: [0, 1] })
    let low = 1
    let high = 0
    for (const v of noisy.data) {
      low = Math.min(low, v)
      high = Math.max(high, v)
    }
    expect([low, high]).toEqual([0, 1])
    // P(|N(0, 1)| > 0.5) ≈ 0.617, half each side: ≈ 0.3085 of the values land on each bound.
    expect(Math.abs(share(noisy.data, 0) - 0.3085)).toBeLessThan(0.01)
  })

  it('rejects a negative std and a bad clip range', () => {
    expect(thrown(() => addGaussianNoise(halfSamples, { std: -0.1 }))).toMatchInlineSnapshot(`"E_OPTION: addGaussianNoise(): std is -0.1; it must be ≥ 0 (the standard deviation of the noise). Pass e.g. std: 0.1."`)
    expect(thrown(() => addGaussianNoise(halfSamples, { std: 0.1, clip: [1, 0] }))).toMatchInlineSnapshot(`"E_OPTION: addGaussianNoise(): clip is [1, 0]; it must be [lo, hi] with finite lo < hi. Pass e.g. clip: [0, 1]."`)
  })
})
