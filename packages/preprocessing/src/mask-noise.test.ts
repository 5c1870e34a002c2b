import { describe, expect, it } from 'vitest'
import { maskNoise } from '@aedetect/preprocessing'
import { halfSamples, sameValues, share, thrown } from './_test-support'

describe('maskNoise', () => {
  it('drops about dropFraction of the values, to `value`', () => {
    const masked = maskNoise(halfSamples, { dropFraction: 0.25, seed: 5, value: -1 })
    // binomial standard error √(0.25 · 0.75 / 10^5) ≈ 1.4e-3.
    expect(Math.abs(share(masked.data, -1) - 0.25)).toBeLessThan(7e-3)
    expect(share(masked.data, -1) + share(masked.data, 0.5)).toBe(1)
    expect(sameValues(maskNoise(halfSamples, { dropFraction: 0.25, seed: 5, value: -1 }).data, masked.data)).toBe(true)
  })

  it('gives the same mask in every engine (pinned: core draws with 32-bit integer arithmetic only)', () => {
    const masked = maskNoise({ data: Float64Array.from([1, 2, 3, 4, 5, 6, 7, 8]), shape: [2, 4] }, { dropFraction: 0.5, seed: 2 })
    // seed 2 draws 0.788 0.564 0.052 0.959 0.599 0.149 0.796 0.597: values 2 and 5 fall below 0.5.
    expect(Array.from(masked.data)).toEqual([1, 2, 0, 4, 5, 0, 7, 8])
  })

  it('rejects fractions outside [0, 1]', () => {
    expect(thrown(() => maskNoise(halfSamples, { dropFraction: 1.5 }))).toMatchInlineSnapshot(`"E_OPTION: maskNoise(): dropFraction is 1.5; it must be a fraction in [0, 1]. Pass e.g. dropFraction: 0.1."`)
  })
})
