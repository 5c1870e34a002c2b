import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { applyScaler, fitMinMax, fitRobust, fitStandard, invertScaler } from '@aedetect/preprocessing'
import type { Scaler, ScalerAxis } from '@aedetect/preprocessing'
import { scalerFixture as f } from './_scaler-fixture'
import { maxError, thrown } from './_test-support'

const fits: Record<Scaler['kind'], (x: { data: Float64Array; shape: number[] }, per: ScalerAxis) => Scaler> = {
  minmax: (x, per) => fitMinMax(x, { per }),
  standard: (x, per) => fitStandard(x, { per }),
  robust: (x, per) => fitRobust(x, { per }),
}

/** Samples [n, steps, channels] of float64 values in ±1e6, n ≥ 2. */
const samplesArb = fc
  .tuple(fc.integer({ min: 2, max: 12 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 3 }))
  .chain(([n, steps, channels]) =>
    fc
      .array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: n * steps * channels, maxLength: n * steps * channels })
      .map((values) => ({ data: Float64Array.from(values), shape: [n, steps, channels] })),
  )

describe('applyScaler / invertScaler', () => {
  it('invertScaler(applyScaler(x)) returns x to 1e-9 relative for every kind and axis (property)', () => {
    // Each value goes through one multiply-add and its inverse; with scales ≥ 10·ε (smaller ones become 1)
    // the round trip loses a few ulps of the largest value of the column: 1e-9 of max(1, |x|) is a wide margin.
    fc.assert(
      fc.property(samplesArb, fc.constantFrom<Scaler['kind']>('minmax', 'standard', 'robust'), fc.constantFrom<ScalerAxis>('feature', 'channel', 'global'), (x, kind, per) => {
        const scaler = fits[kind](x, per)
        const back = invertScaler(scaler, applyScaler(scaler, x))
        let largest = 1
        for (const v of x.data) largest = Math.max(largest, Math.abs(v))
        for (let i = 0; i < x.data.length; i++) expect(Math.abs(back.data[i] - x.data[i])).toBeLessThanOrEqual(1e-9 * largest)
      }),
      { numRuns: 300, seed: 7 },
    )
  })

  it('maps the training values of a min-max scaler into featureRange (property)', () => {
    fc.assert(
      fc.property(samplesArb, fc.constantFrom<ScalerAxis>('feature', 'channel', 'global'), (x, per) => {
        const z = applyScaler(fitMinMax(x, { per, featureRange: [-1, 1] }), x)
        for (const v of z.data) expect(v >= -1 - 1e-12 && v <= 1 + 1e-12).toBe(true)
      }),
      { numRuns: 200, seed: 11 },
    )
  })

  it('does not modify its input', () => {
    const x = { data: Float64Array.from([1, 2, 3, 4]), shape: [2, 2] }
    applyScaler(fitStandard(x), x)
    invertScaler(fitStandard(x), x)
    expect(Array.from(x.data)).toEqual([1, 2, 3, 4])
  })

  it('rejects samples of another shape, NaN and an unknown scaler kind', () => {
    const scaler = fitMinMax(f.train)
    expect(thrown(() => applyScaler(scaler, [[1, 2, 3]]))).toMatchInlineSnapshot(`"E_FEATURE_COUNT: applyScaler(): each sample has shape [3]; expected [4]. Pass the same columns in the same order as at fit time."`)
    expect(thrown(() => invertScaler(scaler, { data: new Float32Array(8), shape: [1, 2, 4] }))).toMatchInlineSnapshot(`"E_FEATURE_COUNT: invertScaler(): each sample has shape [2, 4]; expected [4]. Pass the same columns in the same order as at fit time."`)
    expect(thrown(() => applyScaler(scaler, [[1, 2, 3, Number.NaN]]))).toMatchInlineSnapshot(`"E_NOT_FINITE: applyScaler(): row 0, column 3 is NaN; every value must be a finite number. Drop or impute missing values first."`)
    expect(thrown(() => applyScaler({ kind: 'zscore' } as never, [[1]]))).toMatchInlineSnapshot(`"E_OPTION: applyScaler(): scaler.kind is 'zscore'; expected one of 'minmax' | 'standard' | 'robust'. Pass a scaler from fitMinMax(), fitStandard(), fitRobust() or scalerFromJSON()."`)
  })
})
