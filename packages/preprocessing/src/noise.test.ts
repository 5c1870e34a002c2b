import { describe, expect, it } from 'vitest'
import { addGaussianNoise, applyNoise, maskNoise, saltAndPepperNoise } from '@aedetect/preprocessing'
import { thrown } from './_test-support'

// 10^5 values of 0.5 as [1000, 100] float32 samples: large enough that sampling error is small against the
// stated tolerances (each about 5 standard errors).
const N = 100_000
const half = { data: new Float32Array(N).fill(0.5), shape: [1000, 100] }

function share(data: ArrayLike<number>, value: number): number {
  let count = 0
  for (let i = 0; i < data.length; i++) if (data[i] === value) count++
  return count / data.length
}

describe('addGaussianNoise', () => {
  it('adds N(0, std²) noise: mean and std of the difference within 5 standard errors', () => {
    const noisy = addGaussianNoise(half, { std: 0.1, seed: 1 })
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
    const a = addGaussianNoise(half, { std: 0.1, seed: 3 })
    expect(addGaussianNoise(half, { std: 0.1, seed: 3 }).data).toEqual(a.data)
    expect(addGaussianNoise(half, { std: 0.1, seed: 4 }).data).not.toEqual(a.data)
    expect(share(half.data, 0.5)).toBe(1)
  })

  it('clips to [lo, hi] when asked', () => {
    const noisy = addGaussianNoise(half, { std: 1, seed: 2, clip: [0, 1] })
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
    expect(thrown(() => addGaussianNoise(half, { std: -0.1 }))).toMatchInlineSnapshot(`"E_OPTION: addGaussianNoise(): std is -0.1; it must be ≥ 0 (the standard deviation of the noise). Pass e.g. std: 0.1."`)
    expect(thrown(() => addGaussianNoise(half, { std: 0.1, clip: [1, 0] }))).toMatchInlineSnapshot(`"E_OPTION: addGaussianNoise(): clip is [1, 0]; it must be [lo, hi] with finite lo < hi. Pass e.g. clip: [0, 1]."`)
  })
})

describe('maskNoise', () => {
  it('drops about dropFraction of the values, to `value`', () => {
    const masked = maskNoise(half, { dropFraction: 0.25, seed: 5, value: -1 })
    // binomial standard error √(0.25 · 0.75 / N) ≈ 1.4e-3.
    expect(Math.abs(share(masked.data, -1) - 0.25)).toBeLessThan(7e-3)
    expect(share(masked.data, -1) + share(masked.data, 0.5)).toBe(1)
    expect(maskNoise(half, { dropFraction: 0.25, seed: 5, value: -1 }).data).toEqual(masked.data)
  })

  it('rejects fractions outside [0, 1]', () => {
    expect(thrown(() => maskNoise(half, { dropFraction: 1.5 }))).toMatchInlineSnapshot(`"E_OPTION: maskNoise(): dropFraction is 1.5; it must be a fraction in [0, 1]. Pass e.g. dropFraction: 0.1."`)
  })
})

describe('saltAndPepperNoise', () => {
  it('replaces about `fraction` of the values, half by low and half by high', () => {
    const noisy = saltAndPepperNoise(half, { fraction: 0.2, seed: 6 })
    // standard errors ≈ √(0.1 · 0.9 / N) ≈ 9.5e-4 for each of low and high.
    expect(Math.abs(share(noisy.data, 0) - 0.1)).toBeLessThan(5e-3)
    expect(Math.abs(share(noisy.data, 1) - 0.1)).toBeLessThan(5e-3)
    expect(share(noisy.data, 0) + share(noisy.data, 1) + share(noisy.data, 0.5)).toBe(1)
  })

  it('rejects a non-finite low', () => {
    expect(thrown(() => saltAndPepperNoise(half, { fraction: 0.1, low: Number.NEGATIVE_INFINITY }))).toMatchInlineSnapshot(`"E_OPTION: saltAndPepperNoise(): low is -Infinity; it must be a finite number."`)
  })
})

describe('applyNoise', () => {
  it('runs the configured noise with the given seed, equal to calling it directly', () => {
    expect(applyNoise(half, { kind: 'gaussian', std: 0.2, clip: [0, 1] }, 9).data).toEqual(addGaussianNoise(half, { std: 0.2, clip: [0, 1], seed: 9 }).data)
    expect(applyNoise(half, { kind: 'mask', dropFraction: 0.3 }, 9).data).toEqual(maskNoise(half, { dropFraction: 0.3, seed: 9 }).data)
    expect(applyNoise(half, { kind: 'saltAndPepper', fraction: 0.3, low: -1 }, 9).data).toEqual(saltAndPepperNoise(half, { fraction: 0.3, low: -1, seed: 9 }).data)
    // Without a seed, the default seed 42.
    expect(applyNoise(half, { kind: 'mask', dropFraction: 0.3 }).data).toEqual(maskNoise(half, { dropFraction: 0.3, seed: 42 }).data)
  })

  it('rejects an unknown kind and bad samples', () => {
    expect(thrown(() => applyNoise(half, { kind: 'dropout' } as never, 1))).toMatchInlineSnapshot(`"E_OPTION: applyNoise(): noise.kind is 'dropout'; expected one of 'gaussian' | 'mask' | 'saltAndPepper'."`)
    expect(thrown(() => applyNoise({ data: Float64Array.from([0, Number.NaN]), shape: [1, 2] }, { kind: 'mask', dropFraction: 0.1 }))).toMatchInlineSnapshot(`"E_NOT_FINITE: maskNoise(): sample 0, feature 1 is NaN; every value must be a finite number. Drop or impute missing values first."`)
  })
})
