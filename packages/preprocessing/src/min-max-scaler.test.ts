import { describe, expect, it } from 'vitest'
import { applyScaler, fitMinMax, invertScaler } from '@aedetect/preprocessing'
import { toSamples, toSamples64 } from '@aedetect/core'
import { scalerFixture as f } from './_scaler-fixture'
import { flat, maxError, thrown } from './_test-support'

// Expected values: scikit-learn 1.2.1 MinMaxScaler, fixtures/sklearn-reference.json `scalers` (float64 input).
// Tolerance 1e-9 (relative above 1): the bound; min-max uses the same float64 operations as
// scikit-learn, so the measured error is 0.
const TOL = 1e-9

describe('fitMinMax', () => {
  for (const name of ['minmax', 'minmaxSymmetric'] as const) {
    const c = f[name]
    const featureRange = c.featureRange ?? [0, 1]
    it(`${name}: fitted parameters, transform and inverse equal scikit-learn`, () => {
      const scaler = fitMinMax(toSamples64(f.train), { featureRange })
      expect(maxError(scaler.dataMin, c.fitted.dataMin as number[])).toBe(0)
      expect(maxError(scaler.dataMax, c.fitted.dataMax as number[])).toBe(0)
      expect(maxError(scaler.dataRange, c.fitted.dataRange as number[])).toBeLessThanOrEqual(TOL)
      expect(maxError(scaler.scale, c.fitted.scale as number[])).toBeLessThanOrEqual(TOL)
      expect(maxError(scaler.offset, c.fitted.min as number[])).toBeLessThanOrEqual(TOL)
      expect(scaler.sampleCount).toBe(c.fitted.nSamplesSeen)
      expect(maxError(applyScaler(scaler, toSamples64(f.test)).data, flat(c.transformTest))).toBeLessThanOrEqual(TOL)
      expect(maxError(invertScaler(scaler, toSamples64(f.inverseTransformInput)).data, flat(c.inverseTransform))).toBeLessThanOrEqual(TOL)
      const roundTrip = invertScaler(scaler, applyScaler(scaler, toSamples64(f.test)))
      expect(maxError(roundTrip.data, flat(c.inverseTransformOfTransformTest))).toBeLessThanOrEqual(TOL)
    })
    it(`${name}: a column constant in training gets range 1, as scikit-learn`, () => {
      const scaler = fitMinMax(f.constantTrain, { featureRange })
      expect(maxError(scaler.dataRange, c.constantFitted.dataRange as number[])).toBeLessThanOrEqual(TOL)
      expect(maxError(scaler.scale, c.constantFitted.scale as number[])).toBeLessThanOrEqual(TOL)
      expect(maxError(scaler.offset, c.constantFitted.min as number[])).toBeLessThanOrEqual(TOL)
      const z = applyScaler(scaler, toSamples64(f.constantTrain.slice(0, 5)))
      expect(maxError(z.data, flat(c.constantColumnTransform))).toBeLessThanOrEqual(TOL)
    })
  }

  it('keeps float32 in and out and agrees with the float64 result to float32 rounding', () => {
    const scaler = fitMinMax(toSamples(f.train))
    const z = applyScaler(scaler, toSamples(f.test))
    expect(z.data).toBeInstanceOf(Float32Array)
    // float32 inputs differ from the float64 fixture by ≤ 6e-8 relative; the scaled values stay within 1e-6.
    expect(maxError(z.data, flat(f.minmax.transformTest))).toBeLessThan(1e-6)
  })

  it("per 'global' uses one min and max over every value (the TensorFlow ECG tutorial)", () => {
    const scaler = fitMinMax([[1, 2], [3, 10]], { per: 'global' })
    expect(Array.from(scaler.dataMin)).toEqual([1])
    expect(Array.from(scaler.dataMax)).toEqual([10])
    // x · (1/9) + (−1/9), scikit-learn's operation order, is within 1e-15 of (x − 1) / 9.
    expect(maxError(applyScaler(scaler, [[1, 10], [5.5, 3]]).data, [0, 1, 0.5, 2 / 9])).toBeLessThan(1e-15)
  })

  it("per 'channel' uses one min and max per last axis of windows [n, steps, channels]", () => {
    // Two windows of 2 steps × 2 channels: channel 0 spans 0..6, channel 1 spans 10..40.
    const x = { data: Float64Array.from([0, 10, 2, 20, 4, 30, 6, 40]), shape: [2, 2, 2] }
    const scaler = fitMinMax(x, { per: 'channel' })
    expect(Array.from(scaler.dataMin)).toEqual([0, 10])
    expect(Array.from(scaler.dataMax)).toEqual([6, 40])
    expect(maxError(applyScaler(scaler, x).data, [0, 0, 2 / 6, 1 / 3, 4 / 6, 2 / 3, 1, 1])).toBeLessThan(1e-15)
  })

  it('clips scaled values to [-clipTo, clipTo] when asked', () => {
    const scaler = fitMinMax([[0], [1]], { clipTo: 1.5 })
    expect(Array.from(applyScaler(scaler, [[-3], [0.5], [9]]).data)).toEqual([-1.5, 0.5, 1.5])
  })

  it('rejects bad options and bad samples with a message naming the fix', () => {
    expect(thrown(() => fitMinMax(f.train, { featureRange: [1, 0] }))).toMatchInlineSnapshot(`"E_OPTION: fitMinMax(): featureRange is [1, 0]; it must be [lo, hi] with finite lo < hi. Pass e.g. featureRange: [0, 1]."`)
    expect(thrown(() => fitMinMax(f.train, { per: 'column' as never }))).toMatchInlineSnapshot(`"E_OPTION: fitMinMax(): per is 'column'; expected one of 'feature' | 'channel' | 'global'."`)
    expect(thrown(() => fitMinMax(f.train, { clipTo: 0 }))).toMatchInlineSnapshot(`"E_OPTION: fitMinMax(): clipTo is 0; it must be a positive finite number (scaled values are clipped to [-clipTo, clipTo]). Omit it for no clipping."`)
    expect(thrown(() => fitMinMax([]))).toMatchInlineSnapshot(`"E_EMPTY: fitMinMax(): got no rows. Pass at least one sample."`)
    expect(thrown(() => fitMinMax([[1, 2], [3, Number.NaN]]))).toMatchInlineSnapshot(`"E_NOT_FINITE: fitMinMax(): row 1, column 1 is NaN; every value must be a finite number. Drop or impute missing values first."`)
    expect(thrown(() => fitMinMax({ data: new Float32Array([1, Number.POSITIVE_INFINITY]), shape: [1, 2] }))).toMatchInlineSnapshot(`"E_NOT_FINITE: fitMinMax(): sample 0, feature 1 is Infinity; every value must be a finite number. Drop or impute missing values first."`)
    expect(thrown(() => fitMinMax({ data: new Float32Array(0), shape: [3, 0] }))).toMatchInlineSnapshot(`"E_EMPTY: fitMinMax(): each sample has shape [0], which holds no values. Pass samples with at least one value each."`)
  })
})
