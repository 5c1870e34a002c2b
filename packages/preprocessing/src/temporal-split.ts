import { AedetectError } from '@aedetect/core'
import { expectInteger, expectOpenFraction, expectRowCount } from './_checks'
import { floorCount, rangeRows } from './_split-helpers'
import type { TrainTestSplit } from './shuffle-split'

/** Options of {@link temporalSplit}. */
export interface TemporalSplitOptions {
  /** Share of the time steps, from the start, that go to training; strictly between 0 and 1. */
  trainFraction: number
  /**
   * Time steps left out between the train and the test part, an integer ≥ 0. Default 0. Set it to the window
   * size − 1 when you cut windows afterwards, so no test window shares a point with a training window.
   */
  gap?: number
}

/**
 * Splits time steps `0 … n−1` without shuffling, so nothing leaks across time: the first
 * `floor(trainFraction · n)` steps train, the steps after `gap` more test. `trainRows` and `testRows` are
 * ascending and every training step comes before every test step. Throws `E_OPTION` for a bad `n`, fraction or
 * gap, or when a part would be empty.
 */
export function temporalSplit(n: number, options: TemporalSplitOptions): TrainTestSplit {
  const where = 'temporalSplit()'
  expectRowCount(n, where, 2)
  const trainFraction = expectOpenFraction(options?.trainFraction, 'trainFraction', where, 0.7)
  const gap = expectInteger(options.gap ?? 0, 'gap', where, 0)
  const nTrain = floorCount(trainFraction, n)
  const testStart = nTrain + gap
  if (nTrain < 1 || testStart >= n) {
    throw new AedetectError('E_OPTION', `${where}: trainFraction ${trainFraction} and gap ${gap} of ${n} steps give ${nTrain} training and ${Math.max(0, n - testStart)} test steps; both parts need at least one step. Change trainFraction or gap, or pass a longer series.`)
  }
  return { trainRows: rangeRows(0, nTrain), testRows: rangeRows(testStart, n) }
}
