import { AedetectError, DEFAULT_SEED, permutation } from '@aedetect/core'
import { expectBoolean, expectInteger, expectRowCount, expectSeed } from './_checks'
import { rangeRows, sortedRows } from './_split-helpers'
import type { TrainTestSplit } from './shuffle-split'

/** Options of {@link kFold}. */
export interface KFoldOptions {
  /** Number of folds, an integer from 2 to n. Default 5. */
  k?: number
  /**
   * Shuffle the rows (seeded) before cutting the folds. Default `true` — unlike scikit-learn's `KFold`, because
   * anomaly tables are often sorted by label and unshuffled folds would then hold one class each.
   */
  shuffle?: boolean
  /** Seed of the shuffle (an integer). Default {@link DEFAULT_SEED} (42). Unused when `shuffle` is false. */
  seed?: number
}

/**
 * K-fold cross-validation over rows `0 … n−1`: `k` splits whose test parts partition the rows; the first
 * `n mod k` folds have `floor(n / k) + 1` test rows, the others `floor(n / k)` (scikit-learn's sizes). Each
 * split's rows are sorted. Same `n`, `k` and seed give the same folds in Node and every browser.
 * Throws `E_OPTION` for a bad `n`, `k` (< 2 or > n) or seed.
 */
export function kFold(n: number, options: KFoldOptions = {}): TrainTestSplit[] {
  const where = 'kFold()'
  expectRowCount(n, where, 2)
  const k = expectInteger(options.k ?? 5, 'k', where, 2)
  if (k > n) {
    throw new AedetectError('E_OPTION', `${where}: k is ${k} but there are only ${n} rows; each fold needs at least one test row. Pass k ≤ ${n}.`)
  }
  const shuffle = expectBoolean(options.shuffle ?? true, 'shuffle', where)
  const seed = expectSeed(options.seed ?? DEFAULT_SEED, where)
  const order = shuffle ? permutation(n, seed) : rangeRows(0, n)
  const folds: TrainTestSplit[] = []
  const base = Math.floor(n / k)
  let start = 0
  for (let fold = 0; fold < k; fold++) {
    const size = base + (fold < n % k ? 1 : 0)
    const train = new Uint32Array(n - size)
    train.set(order.subarray(0, start))
    train.set(order.subarray(start + size), start)
    folds.push({ trainRows: sortedRows(train), testRows: sortedRows(order.subarray(start, start + size)) })
    start += size
  }
  return folds
}
