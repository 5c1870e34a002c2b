import { AedetectError } from '@aedetect/core'
import type { ThresholdOverride } from './chart-options'

/**
 * Counts the test split at a threshold of your choice (a sample is anomalous when `score >= value`; labels
 * 1 = anomaly), for the `threshold` option of the report charts. One pass over the scores: cheap enough to
 * call on every pointer move.
 * @throws `E_LENGTH_MISMATCH` when labels and scores differ in length, `E_OPTION` for a NaN threshold.
 */
export function thresholdOverride(labels: ArrayLike<number>, scores: ArrayLike<number>, value: number): ThresholdOverride {
  const where = 'thresholdOverride()'
  if (labels.length !== scores.length) {
    throw new AedetectError('E_LENGTH_MISMATCH', `${where}: ${labels.length} labels but ${scores.length} scores; pass the labels and scores of the same test samples.`)
  }
  if (typeof value !== 'number' || Number.isNaN(value)) {
    throw new AedetectError('E_OPTION', `${where}: threshold is ${String(value)}; expected a number in score units (a sample is anomalous when score >= threshold).`)
  }
  const cm = { tp: 0, fp: 0, tn: 0, fn: 0 }
  for (let i = 0; i < scores.length; i++) {
    const flagged = scores[i] >= value
    if (labels[i] === 1) {
      if (flagged) cm.tp++
      else cm.fn++
    } else if (flagged) cm.fp++
    else cm.tn++
  }
  return { value, confusionMatrix: cm }
}
