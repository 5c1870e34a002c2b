import { describe, expect, it } from 'vitest'
import { addGaussianNoise, applyNoise, maskNoise, saltAndPepperNoise } from '@aedetect/preprocessing'
import { halfSamples, sameValues, thrown } from './_test-support'

describe('applyNoise', () => {
  it('runs the configured noise with the given seed, equal to calling it directly', () => {
    expect(sameValues(applyNoise(halfSamples, { kind: 'gaussian', std: 0.2, clip: [0, 1] }, 9).data, addGaussianNoise(halfSamples, { std: 0.2, clip: [0, 1], seed: 9 }).data)).toBe(true)
    expect(sameValues(applyNoise(halfSamples, { kind: 'mask', dropFraction: 0.3 }, 9).data, maskNoise(halfSamples, { dropFraction: 0.3, seed: 9 }).data)).toBe(true)
    expect(sameValues(applyNoise(halfSamples, { kind: 'saltAndPepper', fraction: 0.3, low: -1 }, 9).data, saltAndPepperNoise(halfSamples, { fraction: 0.3, low: -1, seed: 9 }).data)).toBe(true)
    // Without a seed, the default seed 42.
    expect(sameValues(applyNoise(halfSamples, { kind: 'mask', dropFraction: 0.3 }).data, maskNoise(halfSamples, { dropFraction: 0.3, seed: 42 }).data)).toBe(true)
  })

  it('rejects an unknown kind and bad samples', () => {
    expect(thrown(() => applyNoise(halfSamples, { kind: 'dropout' } as never, 1))).toMatchInlineSnapshot(`"E_OPTION: applyNoise(): noise.kind is 'dropout'; expected one of 'gaussian' | 'mask' | 'saltAndPepper'."`)
    expect(thrown(() => applyNoise({ data: Float64Array.from([0, Number.NaN]), shape: [1, 2] }, { kind: 'mask', dropFraction: 0.1 }))).toMatchInlineSnapshot(`"E_NOT_FINITE: maskNoise(): sample 0, feature 1 is NaN; every value must be a finite number. Drop or impute missing values first."`)
  })
})
