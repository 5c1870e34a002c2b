import { DEFAULT_SEED, permutation } from '@aedetect/core'
import { expectOpenFraction, expectSeed } from './_checks'
import { ceilCount, expectNonEmptyParts, sortedRows, splitLabels, takeStratified } from './_split-helpers'
import type { TrainTestSplit } from './shuffle-split'

/** Options of {@link stratifiedSplit}. */
export interface StratifiedSplitOptions {
  /** Share of the rows that go to the test part, strictly between 0 and 1. */
  testFraction: number
  /** Seed of the shuffle (an integer). Default {@link DEFAULT_SEED} (42). */
  seed?: number
}

/**
 * Splits rows at random into train and test keeping the share of anomalies (label 1) the same in both:
 * `ceil(testFraction · n)` test rows, divided over the two classes in proportion to their sizes (largest
 * remainder), each class's test rows drawn from one seeded permutation. Same labels and seed give the same
 * split in Node and every browser. Throws `E_EMPTY` / `E_LABELS` for missing or non-0/1 labels, `E_OPTION` for
 * a bad fraction or seed, or when a part would be empty.
 */
export function stratifiedSplit(labels: ArrayLike<number>, options: StratifiedSplitOptions): TrainTestSplit {
  const where = 'stratifiedSplit()'
  const y = splitLabels(labels, where)
  const testFraction = expectOpenFraction(options?.testFraction, 'testFraction', where)
  const seed = expectSeed(options.seed ?? DEFAULT_SEED, where)
  const n = y.length
  const nTest = ceilCount(testFraction, n)
  expectNonEmptyParts(n - nTest, nTest, n, testFraction, where)
  const { first, rest } = takeStratified(y, permutation(n, seed), nTest)
  return { trainRows: sortedRows(rest), testRows: sortedRows(first) }
}
