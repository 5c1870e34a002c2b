import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { shuffleSplit } from '@aedetect/preprocessing'
import { partitions, thrown } from './_test-support'

describe('shuffleSplit', () => {
  it('gives the same rows for the same seed, pinned so any change of generator shows', () => {
    // Pinned output of core's sfc32 generator (32-bit integer arithmetic, engine-independent); a browser run
    // must give these same rows.
    const split = shuffleSplit(10, { testFraction: 0.3, seed: 7 })
    expect(Array.from(split.testRows)).toEqual([0, 4, 9])
    expect(Array.from(split.trainRows)).toEqual([1, 2, 3, 5, 6, 7, 8])
    expect(shuffleSplit(10, { testFraction: 0.3, seed: 7 })).toEqual(split)
    expect(shuffleSplit(1000, { testFraction: 0.3, seed: 8 }).testRows).not.toEqual(shuffleSplit(1000, { testFraction: 0.3, seed: 7 }).testRows)
  })

  it("takes ceil(testFraction · n) test rows, as scikit-learn's train_test_split (ECG tutorial: 1000 of 4998)", () => {
    expect(shuffleSplit(4998, { testFraction: 0.2, seed: 21 }).testRows.length).toBe(1000)
    expect(shuffleSplit(7, { testFraction: 0.5 }).testRows.length).toBe(4)
    // 0.1 · 30 is 3.0000000000000004 in float64; rounding noise does not add a row.
    expect(shuffleSplit(30, { testFraction: 0.1 }).testRows.length).toBe(3)
  })

  it('partitions the rows into two sorted parts (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 500 }), fc.double({ min: 0.01, max: 0.99, noNaN: true }), fc.integer(), (n, testFraction, seed) => {
        const nTest = Math.ceil(Math.round(testFraction * n * 1e9) / 1e9)
        fc.pre(nTest >= 1 && nTest < n)
        const split = shuffleSplit(n, { testFraction, seed })
        expect(split.testRows.length).toBe(nTest)
        expect(partitions(n, split.trainRows, split.testRows)).toBe(true)
      }),
      { numRuns: 300, seed: 3 },
    )
  })

  it('rejects bad n, fractions and seeds', () => {
    expect(thrown(() => shuffleSplit(1, { testFraction: 0.2 }))).toMatchInlineSnapshot(`"E_OPTION: shuffleSplit(): n is 1; it must be the number of rows, an integer ≥ 2."`)
    expect(thrown(() => shuffleSplit(10, { testFraction: 20 }))).toMatchInlineSnapshot(`"E_OPTION: shuffleSplit(): testFraction is 20; it must be a fraction strictly between 0 and 1. Pass e.g. testFraction: 0.2."`)
    expect(thrown(() => shuffleSplit(10, { testFraction: 0 }))).toMatchInlineSnapshot(`"E_OPTION: shuffleSplit(): testFraction is 0; it must be a fraction strictly between 0 and 1. Pass e.g. testFraction: 0.2."`)
    expect(thrown(() => shuffleSplit(10, { testFraction: Number.NaN }))).toMatchInlineSnapshot(`"E_OPTION: shuffleSplit(): testFraction is NaN; it must be a fraction strictly between 0 and 1. Pass e.g. testFraction: 0.2."`)
    expect(thrown(() => shuffleSplit(10, { testFraction: 0.2, seed: 1.5 }))).toMatchInlineSnapshot(`"E_OPTION: shuffleSplit(): seed is 1.5; it must be an integer. Pass e.g. seed: 42."`)
    expect(thrown(() => shuffleSplit(3, { testFraction: 0.9 }))).toMatchInlineSnapshot(`"E_OPTION: shuffleSplit(): testFraction 0.9 of 3 rows gives 0 training and 3 test rows; both parts need at least one row. Change testFraction or pass more rows."`)
  })
})
