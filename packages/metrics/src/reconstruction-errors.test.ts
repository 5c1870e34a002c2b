import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { toSamples } from '@aedetect/core'
import { contributionMap, featureContributions, featureErrors, reconstructionErrors, topContributions } from '@aedetect/metrics'
import { codeOf } from './_shared-fixtures'

// Values chosen so every error is exact in binary: sample 0 errs by [0, 2, 0, 3], sample 1 by [1, 1, 1, 1].
const x = toSamples([
  [1, 2, 3, 4],
  [0, 0, 0, 0],
])
const r = toSamples([
  [1, 0, 3, 1],
  [1, -1, 1, -1],
])

describe('reconstructionErrors (hand-computed on exact values)', () => {
  it('mse, mae, rmse per sample over all values', () => {
    expect(Array.from(reconstructionErrors(x, r))).toEqual([13 / 4, 1])
    expect(Array.from(reconstructionErrors(x, r, { metric: 'mae' }))).toEqual([5 / 4, 1])
    expect(Array.from(reconstructionErrors(x, r, { metric: 'rmse' }))).toEqual([Math.fround(Math.sqrt(13 / 4)), 1])
  })
  it('accepts rows and float64 Samples; windows [n, steps, channels] use every value', () => {
    expect(Array.from(reconstructionErrors([[0.5, 1.5]], [[0, 0]]))).toEqual([(0.25 + 2.25) / 2])
    const w = { data: Float64Array.from([1, 2, 3, 4, 5, 6]), shape: [1, 3, 2] }
    const z = { data: new Float64Array(6), shape: [1, 3, 2] }
    expect(Array.from(reconstructionErrors(w, z))).toEqual([91 / 6].map(Math.fround))
  })
  it('featureErrors per value, same shape', () => {
    expect(featureErrors(x, r)).toEqual({ data: Float32Array.from([0, 4, 0, 9, 1, 1, 1, 1]), shape: [2, 4] })
    expect(Array.from(featureErrors(x, r, { metric: 'absolute' }).data)).toEqual([0, 2, 0, 3, 1, 1, 1, 1])
  })
  it('featureContributions: shares per sample, summing to 1; an exact reconstruction shares 0', () => {
    expect(Array.from(featureContributions(x, r).data)).toEqual([0, 4 / 13, 0, 9 / 13, 0.25, 0.25, 0.25, 0.25].map(Math.fround))
    expect(Array.from(featureContributions([[1, 2]], [[1, 2]]).data)).toEqual([0, 0])
  })
  it('mean of featureErrors equals reconstructionErrors, and contributions sum to 1 (fast-check)', () => {
    const rows = fc.integer({ min: 1, max: 6 }).chain((width) =>
      fc.array(fc.array(fc.double({ min: -100, max: 100, noNaN: true }), { minLength: width * 2, maxLength: width * 2 }), { minLength: 1, maxLength: 5 }),
    )
    fc.assert(
      fc.property(rows, (pairs) => {
        const width = pairs[0].length / 2
        const a = pairs.map((p) => p.slice(0, width))
        const b = pairs.map((p) => p.slice(width))
        const mse = reconstructionErrors(a, b)
        const fe = featureErrors(a, b)
        const share = featureContributions(a, b)
        for (let i = 0; i < a.length; i++) {
          let sum = 0
          let shares = 0
          for (let j = 0; j < width; j++) {
            sum += (a[i][j] - b[i][j]) ** 2
            shares += share.data[i * width + j]
          }
          // float32 storage: about 1e-7 relative per value.
          expect(Math.abs(mse[i] - sum / width)).toBeLessThanOrEqual(1e-6 * (sum / width) + 1e-30)
          expect(fe.data.length).toBe(a.length * width)
          if (sum > 0) expect(Math.abs(shares - 1)).toBeLessThan(1e-5)
        }
      }),
      { numRuns: 200, seed: 3 },
    )
  })
})

describe('topContributions', () => {
  it('the k largest errors per sample with input, reconstruction, share and names', () => {
    const top = topContributions(x, r, { k: 2, featureNames: ['a', 'b', 'c', 'd'] })
    expect(top[0]).toEqual([
      { index: 3, name: 'd', position: [3], input: 4, reconstruction: 1, error: 9, share: 9 / 13 },
      { index: 1, name: 'b', position: [1], input: 2, reconstruction: 0, error: 4, share: 4 / 13 },
    ])
    // Ties keep the lower index first.
    expect(top[1].map((c) => c.index)).toEqual([0, 1])
  })
  it('rows select samples; positions follow the sample shape; default names', () => {
    const img = { data: Float32Array.from([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3]), shape: [2, 2, 3, 1] }
    const zero = { data: new Float32Array(12), shape: [2, 2, 3, 1] }
    const top = topContributions(img, zero, { k: 1, rows: [1] })
    expect(top).toEqual([[{ index: 5, name: '[1, 2, 0]', position: [1, 2, 0], input: 3, reconstruction: 0, error: 9, share: 1 }]])
    expect(topContributions(x, r, { k: 1, metric: 'absolute' })[0][0]).toMatchObject({ name: 'feature 3', error: 3, share: 3 / 5 })
  })
  it('bad options', () => {
    expect(() => topContributions(x, r, { k: 0 })).toThrowErrorMatchingInlineSnapshot(`[AedetectError: topContributions(): k must be a positive integer (values per sample), got 0.]`)
    expect(() => topContributions(x, r, { featureNames: ['a'] })).toThrowErrorMatchingInlineSnapshot(`[AedetectError: topContributions(): featureNames has 1 names, but each sample has 4 values (sample shape [4]). Pass one name per value.]`)
    expect(() => topContributions(x, r, { rows: [2] })).toThrowErrorMatchingInlineSnapshot(`[AedetectError: topContributions(): rows[0] is 2; expected an integer sample index in [0, 1].]`)
  })
})

describe('contributionMap', () => {
  it('sums an image sample over channels into an [h, w] map of shares', () => {
    // One 2 × 2 image with 2 channels; errors per pixel 1 + 1, 0, 4 + 0, 2 + 0 (absolute).
    const img = { data: Float32Array.from([1, 1, 0, 0, 4, 0, 2, 0]), shape: [1, 2, 2, 2] }
    const zero = { data: new Float32Array(8), shape: [1, 2, 2, 2] }
    expect(contributionMap(img, zero, { row: 0, metric: 'absolute' })).toEqual({ data: Float32Array.from([2 / 8, 0, 4 / 8, 2 / 8]), shape: [2, 2] })
  })
  it('rejects tabular samples and a bad row', () => {
    expect(() => contributionMap(x, r, { row: 0 })).toThrowErrorMatchingInlineSnapshot(`[AedetectError: contributionMap(): needs 2-D samples ([h, w], [steps, features]) or images ([h, w, c]); got sample shape [4]. Use topContributions() for tabular samples.]`)
    const w = { data: new Float32Array(4), shape: [1, 2, 2] }
    expect(() => contributionMap(w, w, { row: 1 })).toThrowErrorMatchingInlineSnapshot(`[AedetectError: contributionMap(): row is 1; expected an integer sample index in [0, 0].]`)
  })
})

describe('bad input', () => {
  it('shape mismatch names both shapes', () => {
    expect(() => reconstructionErrors(x, toSamples([[1, 2, 3]]))).toThrowErrorMatchingInlineSnapshot(`[AedetectError: reconstructionErrors(): x has shape [2, 4] but reconstruction has shape [1, 3]; they must match. Pass the model's output for the same samples, reshaped like the input.]`)
    expect(codeOf(() => featureErrors(x, toSamples([[1, 2, 3, 4]])))).toBe('E_SHAPE')
  })
  it('NaN, empty, unknown metric', () => {
    expect(() => reconstructionErrors([[1, NaN]], [[1, 2]])).toThrowErrorMatchingInlineSnapshot(`[AedetectError: reconstructionErrors() x: row 0, column 1 is NaN; every value must be a finite number. Drop or impute missing values first.]`)
    expect(() => reconstructionErrors([], [])).toThrowErrorMatchingInlineSnapshot(`[AedetectError: reconstructionErrors() x: got no rows. Pass at least one sample.]`)
    expect(() => reconstructionErrors(x, r, { metric: 'max' as 'mse' })).toThrowErrorMatchingInlineSnapshot(`[AedetectError: reconstructionErrors(): metric must be one of 'mse' | 'mae' | 'rmse', got 'max'.]`)
    expect(() => featureErrors(x, r, { metric: 'mse' as 'squared' })).toThrowErrorMatchingInlineSnapshot(`[AedetectError: featureErrors(): metric must be one of 'squared' | 'absolute', got 'mse'.]`)
  })
})
