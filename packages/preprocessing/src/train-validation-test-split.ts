import { AedetectError, DEFAULT_SEED, permutation } from '@aedetect/core'
import { expectBoolean, expectOpenFraction, expectSeed, show } from './_checks'
import { ceilCount, countClasses, expectNonEmptyParts, sortedRows, splitLabels, takeStratified } from './_split-helpers'

/** Normal (label 0) and anomalous (label 1) row counts. */
export interface ClassCounts {
  /** Rows with label 0. */
  normal: number
  /** Rows with label 1. */
  anomalous: number
}

/** How many normal and anomalous rows each part of a {@link DataSplit} holds. */
export interface SplitCounts {
  /** Rows in `trainRows` (no anomalies with `normalOnlyTraining`). */
  train: ClassCounts
  /** Rows in `validationRows` (no anomalies with `normalOnlyTraining`). */
  validation: ClassCounts
  /** Rows in `testRows`: both classes, in the data's proportion when stratified. */
  test: ClassCounts
  /** Rows in no part: with `normalOnlyTraining`, the anomalous rows of the training share (`normal` is 0). */
  dropped: ClassCounts
}

/** Row indices (0-based, each part sorted ascending) of a train / validation / test split, with class counts. */
export interface DataSplit {
  /** Rows to fit the scaler and the model on. */
  trainRows: Uint32Array
  /** Rows held out of training, e.g. for early stopping or to calibrate a threshold on unseen normal rows. */
  validationRows: Uint32Array
  /** Rows to evaluate on; they keep both classes. */
  testRows: Uint32Array
  /**
   * Anomalous rows outside the test part, left out of training and validation (`normalOnlyTraining`); use them
   * to calibrate a labelled threshold, never to train. Empty without `normalOnlyTraining`.
   */
  droppedRows: Uint32Array
  /** Normal and anomalous rows per part, and the anomalies dropped from training. */
  counts: SplitCounts
}

/** Options of {@link trainValidationTestSplit}. */
export interface TrainValidationTestOptions {
  /** Share of all rows that go to test, strictly between 0 and 1. Default 0.2. */
  testFraction?: number
  /**
   * Share of the (normal, with `normalOnlyTraining`) training rows held out for validation, in [0, 1);
   * 0 = no validation rows. Default 0.1.
   */
  validationFraction?: number
  /** Seed of the one permutation all parts are drawn from (an integer). Default {@link DEFAULT_SEED} (42). */
  seed?: number
  /** Keep the anomaly share of the test part (and, without `normalOnlyTraining`, of validation) equal to the data's. Default `true`. */
  stratify?: boolean
  /**
   * Train and validate on normal rows only (the novelty protocol for autoencoders): the anomalous rows of the
   * training share go to no part and are counted in `counts.dropped`. Default `true`.
   */
  normalOnlyTraining?: boolean
}

/**
 * Splits labelled rows into train, validation and test in one call. First `ceil(testFraction · n)` rows go to
 * test (stratified by default); from the remaining rows, anomalies are dropped when `normalOnlyTraining`, and
 * `ceil(validationFraction · m)` of the remaining m rows go to validation; the rest train. Every part is drawn
 * from one seeded permutation, so the same labels and seed give the same split in Node and every browser.
 * Throws `E_EMPTY` / `E_LABELS` for missing or non-0/1 labels, `E_OPTION` for a bad fraction or seed, or when
 * no training row would remain.
 */
export function trainValidationTestSplit(labels: ArrayLike<number>, options: TrainValidationTestOptions = {}): DataSplit {
  const where = 'trainValidationTestSplit()'
  const y = splitLabels(labels, where)
  const testFraction = expectOpenFraction(options.testFraction ?? 0.2, 'testFraction', where)
  const validationFraction = options.validationFraction ?? 0.1
  if (typeof validationFraction !== 'number' || !(validationFraction >= 0 && validationFraction < 1)) {
    throw new AedetectError('E_OPTION', `${where}: validationFraction is ${show(validationFraction)}; it must be a fraction in [0, 1) of the training rows (0 = no validation rows). Pass e.g. validationFraction: 0.1.`)
  }
  const seed = expectSeed(options.seed ?? DEFAULT_SEED, where)
  const stratify = expectBoolean(options.stratify ?? true, 'stratify', where)
  const normalOnlyTraining = expectBoolean(options.normalOnlyTraining ?? true, 'normalOnlyTraining', where)
  const n = y.length
  const nTest = ceilCount(testFraction, n)
  expectNonEmptyParts(n - nTest, nTest, n, testFraction, where)
  const order = permutation(n, seed)
  const { first: test, rest } = stratify ? takeStratified(y, order, nTest) : { first: order.subarray(0, nTest), rest: order.subarray(nTest) }

  let pool = rest
  let dropped = new Uint32Array(0)
  if (normalOnlyTraining) {
    pool = rest.filter((row) => y[row] === 0)
    dropped = rest.filter((row) => y[row] === 1)
  }
  const nValidation = ceilCount(validationFraction, pool.length)
  const { first: validation, rest: train } =
    stratify && !normalOnlyTraining ? takeStratified(y, pool, nValidation) : { first: pool.subarray(0, nValidation), rest: pool.subarray(nValidation) }
  if (train.length === 0) {
    throw new AedetectError('E_OPTION', `${where}: no training rows remain (${rest.length} rows after the test part, ${dropped.length} of them anomalous and dropped, ${validation.length} to validation). Lower testFraction or validationFraction${normalOnlyTraining ? ', or pass more normal rows' : ''}.`)
  }
  const trainRows = sortedRows(train)
  const validationRows = sortedRows(validation)
  const testRows = sortedRows(test)
  return {
    trainRows,
    validationRows,
    testRows,
    droppedRows: sortedRows(dropped),
    counts: { train: countClasses(y, trainRows), validation: countClasses(y, validationRows), test: countClasses(y, testRows), dropped: countClasses(y, dropped) },
  }
}
