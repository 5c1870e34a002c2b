import { describe, expect, it } from 'vitest'
import { saltAndPepperNoise } from '@aedetect/preprocessing'
import { halfSamples, share, thrown } from './_test-support'

describe('saltAndPepperNoise', () => {
  it('replaces about `fraction` of the values, half by low and half by high', () => {
    const noisy = saltAndPepperNoise(halfSamples, { fraction: 0.2, seed: 6 })
    // standard errors ≈ √(0.1 · 0.9 / 10^5) ≈ 9.5e-4 for each of low and high.
    expect(Math.abs(share(noisy.data, 0) - 0.1)).toBeLessThan(5e-3)
    expect(Math.abs(share(noisy.data, 1) - 0.1)).toBeLessThan(5e-3)
    expect(share(noisy.data, 0) + share(noisy.data, 1) + share(noisy.data, 0.5)).toBe(1)
  })

  it('rejects a non-finite low', () => {
    expect(thrown(() => saltAndPepperNoise(halfSamples, { fraction: 0.1, low: Number.NEGATIVE_INFINITY }))).toMatchInlineSnapshot(`"E_OPTION: saltAndPepperNoise(): low is -Infinity; it must be a finite number."`)
  })
})
