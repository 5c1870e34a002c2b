import { DEFAULT_SEED, permutation } from '@aedetect/core'
import { expectOpenFraction, expectRowCount, expectSeed } from './_checks'
import { ceilCount, expectNonEmptyParts, sortedRows } from './_split-helpers'

/** Row indices (0-based) of a two-way split; each part sorted ascending; together they partition the rows. */
export interface TrainTestSplit {
  /** Rows to fit on. */
  trainRows: Uint32Array
  /** Rows to evaluate on. */
  testRows: Uint32Array
}

/** Options of {@link shuffleSplit}. */
export interface ShuffleSplitOptions {
  /** Share of the rows that go to the test part, strictly between 0 and 1. */
  testFraction: number
  /** Seed of the shuffle (an integer). Default {@link DEFAULT_SEED} (42). */
  seed?: number
}

/**
 * Splits rows `0 … n−1` at random into train and test: `ceil(testFraction · n)` test rows (scikit-learn's
 * rounding), the rest train. Seeded with core's generator, so the same `n` and seed give the same split in
 * Node and every browser. Throws `E_OPTION` for a bad `n`, fraction or seed, or when a part would be empty.
 */
export function shuffleSplit(n: number, options: ShuffleSplitOptions): TrainTestSplit {
  const where = 'shuffleSplit()'
  expectRowCount(n, where, 2)
  const testFraction = expectOpenFraction(options?.testFraction, 'testFraction', where)
  const seed = expectSeed(options.seed ?? DEFAULT_SEED, where)
  const nTest = ceilCount(testFraction, n)
  expectNonEmptyParts(n - nTest, nTest, n, testFraction, where)
  const order = permutation(n, seed)
  return { trainRows: sortedRows(order.subarray(nTest)), testRows: sortedRows(order.subarray(0, nTest)) }
}
