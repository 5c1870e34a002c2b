import { describe, expect, it } from 'vitest'
import { applyScaler, fitStandard, invertScaler } from '@aedetect/preprocessing'
import { toSamples64 } from '@aedetect/core'
import { scalerFixture as f } from './_scaler-fixture'
import { testWith } from '@aedetect/test-data'
import { flat, maxError, readOddsLabels, readOddsRows, thrown } from './_test-support'

// Expected values: scikit-learn 1.2.1 StandardScaler, fixtures/sklearn-reference.json `scalers.standard`
// (float64 input). Tolerance 1e-9 (relative above 1): the bound. numpy sums pairwise and we sum in a
// loop, so the last bits of mean and variance may differ; the measured error is below 1e-14.
const TOL = 1e-9
const c = f.standard

describe('fitStandard', () => {
  it('fitted mean, variance, scale, transform and inverse equal scikit-learn', () => {
    const scaler = fitStandard(toSamples64(f.train))
    expect(maxError(scaler.mean, c.fitted.mean as number[])).toBeLessThanOrEqual(TOL)
    expect(maxError(scaler.variance, c.fitted.var as number[])).toBeLessThanOrEqual(TOL)
    expect(maxError(scaler.scale, c.fitted.scale as number[])).toBeLessThanOrEqual(TOL)
    expect(scaler.sampleCount).toBe(200)
    expect(maxError(applyScaler(scaler, toSamples64(f.test)).data, flat(c.transformTest))).toBeLessThanOrEqual(TOL)
    expect(maxError(invertScaler(scaler, toSamples64(f.inverseTransformInput)).data, flat(c.inverseTransform))).toBeLessThanOrEqual(TOL)
    const roundTrip = invertScaler(scaler, applyScaler(scaler, toSamples64(f.test)))
    expect(maxError(roundTrip.data, flat(c.inverseTransformOfTransformTest))).toBeLessThanOrEqual(TOL)
  })

  it('gives a column constant in training scale 1 (scikit-learn), so test values stay finite', () => {
    const scaler = fitStandard(f.constantTrain)
    expect(maxError(scaler.mean, c.constantFitted.mean as number[])).toBeLessThanOrEqual(TOL)
    expect(maxError(scaler.variance, c.constantFitted.var as number[])).toBeLessThanOrEqual(TOL)
    expect(Array.from(scaler.scale.subarray(3))).toEqual([1])
    const z = applyScaler(scaler, toSamples64(f.constantTrain.slice(0, 5)))
    expect(maxError(z.data, flat(c.constantColumnTransform))).toBeLessThanOrEqual(TOL)
    // A test value of 5007 in the constant column becomes 5000, not 5000 / ε: bounded by clipTo when set.
    const row = [[0, 10, -5, 5007]]
    expect(applyScaler(scaler, row).data[3]).toBe(5000)
    expect(applyScaler(fitStandard(f.constantTrain, { clipTo: 10 }), row).data[3]).toBe(10)
  })

  testWith(['odds'], 'ODDS arrhythmia: constant columns get scale 1, so scores of all rows stay bounded', () => {
    // arrhythmia (452 × 274): 17 columns are constant over the whole table, 25 over its 386 normal rows.
    // Fitted on the normal rows and applied to every row, the largest |z| is 126.39 (measured); a scaler
    // dividing by std + ε would send the 8 columns that vary only among anomalies to ~1e8 or beyond.
    const rows = readOddsRows('arrhythmia')
    const labels = readOddsLabels('arrhythmia')
    expect(fitStandard(rows).variance.filter((v) => v === 0).length).toBe(17)
    const scaler = fitStandard(rows.filter((_, i) => labels[i] === 0))
    expect(scaler.variance.filter((v) => v === 0).length).toBe(25)
    expect(scaler.scale.filter((v, p) => v === 1 && scaler.variance[p] === 0).length).toBe(25)
    const largest = (data: Float64Array): number => data.reduce((m, v) => Math.max(m, Math.abs(v)), 0)
    expect(largest(applyScaler(scaler, rows).data)).toBeCloseTo(126.386, 3)
    expect(largest(applyScaler(fitStandard(rows.filter((_, i) => labels[i] === 0), { clipTo: 10 }), rows).data)).toBe(10)
  })

  it('a column equal to 0.1 in every row (variance ~1e-34 from rounding) counts as constant', () => {
    // mean = 0.1 summed 200 times is not exactly 0.1, so the variance is a tiny positive number;
    // scikit-learn's bound n·ε·var + (n·mean·ε)² catches it and uses scale 1.
    const rows = Array.from({ length: 200 }, (_, i) => [0.1, i])
    const scaler = fitStandard(rows)
    expect(scaler.scale[0]).toBe(1)
    expect(scaler.scale[1]).toBeCloseTo(Math.sqrt((200 * 200 - 1) / 12), 10)
  })

  it('withMean: false only divides; withStd: false only centres', () => {
    const x = [[1, 10], [3, 30]]
    expect(Array.from(applyScaler(fitStandard(x, { withMean: false }), x).data)).toEqual([1, 1, 3, 3])
    expect(Array.from(applyScaler(fitStandard(x, { withStd: false }), x).data)).toEqual([-1, -10, 1, 10])
  })

  it("per 'global' uses one mean and population std over every value", () => {
    const scaler = fitStandard([[1, 2], [3, 6]], { per: 'global' })
    expect(Array.from(scaler.mean)).toEqual([3])
    expect(Array.from(scaler.variance)).toEqual([3.5])
  })

  it('rejects bad options with a message naming the fix', () => {
    expect(thrown(() => fitStandard(f.train, { withMean: 'yes' as never }))).toMatchInlineSnapshot(`"E_OPTION: fitStandard(): withMean is 'yes'; it must be true or false."`)
    expect(thrown(() => fitStandard(f.train, { clipTo: Number.POSITIVE_INFINITY }))).toMatchInlineSnapshot(`"E_OPTION: fitStandard(): clipTo is Infinity; it must be a positive finite number (scaled values are clipped to [-clipTo, clipTo]). Omit it for no clipping."`)
    expect(thrown(() => fitStandard({ data: new Float64Array(4), shape: [4] }))).toMatchInlineSnapshot(`"E_SHAPE: fitStandard(): expected Samples { data: Float32Array, shape: [n, ...sampleShape] }. Use toSamples(rows) to convert arrays of rows."`)
  })
})
