import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { kFold } from '@aedetect/preprocessing'
import { partitions, thrown } from './_test-support'

describe('kFold', () => {
  it("gives scikit-learn's fold sizes and, unshuffled, its contiguous folds", () => {
    // scikit-learn KFold(n_splits=3).split(range(10)): test folds [0..3], [4..6], [7..9].
    const folds = kFold(10, { k: 3, shuffle: false })
    expect(folds.map((f) => Array.from(f.testRows))).toEqual([[0, 1, 2, 3], [4, 5, 6], [7, 8, 9]])
    expect(Array.from(folds[1].trainRows)).toEqual([0, 1, 2, 3, 7, 8, 9])
  })

  it('test folds partition the rows and each split partitions them too (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 200 }), fc.integer({ min: 2, max: 20 }), fc.integer(), fc.boolean(), (n, k, seed, shuffle) => {
        fc.pre(k <= n)
        const folds = kFold(n, { k, seed, shuffle })
        expect(folds.length).toBe(k)
        expect(partitionsOfFolds(n, folds.map((f) => f.testRows))).toBe(true)
        for (const fold of folds) expect(partitions(n, fold.trainRows, fold.testRows)).toBe(true)
        for (const fold of folds) expect(Math.abs(fold.testRows.length - n / k)).toBeLessThan(1)
      }),
      { numRuns: 200, seed: 9 },
    )
  })

  it('is reproducible for a seed', () => {
    expect(kFold(50, { k: 5, seed: 3 })).toEqual(kFold(50, { k: 5, seed: 3 }))
    expect(kFold(50, { k: 5, seed: 3 })[0].testRows).not.toEqual(kFold(50, { k: 5, seed: 4 })[0].testRows)
  })

  it('rejects k outside 2 … n', () => {
    expect(thrown(() => kFold(4, { k: 5 }))).toMatchInlineSnapshot(`"E_OPTION: kFold(): k is 5 but there are only 4 rows; each fold needs at least one test row. Pass k ≤ 4."`)
    expect(thrown(() => kFold(4, { k: 1 }))).toMatchInlineSnapshot(`"E_OPTION: kFold(): k is 1; it must be an integer ≥ 2."`)
    expect(thrown(() => kFold(10, { shuffle: 'yes' as never }))).toMatchInlineSnapshot(`"E_OPTION: kFold(): shuffle is 'yes'; it must be true or false."`)
  })
})

/** true when the test folds together hold each row once (each fold sorted, folds in any order). */
function partitionsOfFolds(n: number, folds: Uint32Array[]): boolean {
  const seen = new Uint8Array(n)
  for (const fold of folds) for (const row of fold) seen[row]++
  return seen.every((v) => v === 1)
}
