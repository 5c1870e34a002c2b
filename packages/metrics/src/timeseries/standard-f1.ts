import type { Labels } from '@aedetect/core'
import { prCurve } from '../pr-curve'
import type { PrCurve } from '../pr-curve'
import { checkPredicted, checkSeries } from './_series'
import { f1FromCounts } from './f1-score'
import type { F1Score } from './f1-score'

/** Options of {@link standardF1}. */
export interface StandardF1Options {
  /** A given 0/1 prediction (1 = anomaly), one per point. Default: none — search the best threshold (oracle). */
  predicted?: ArrayLike<number>
}

/** Standard (point-wise) F1, with the threshold the oracle chose. */
export interface StandardF1 extends F1Score {
  /** The chosen score threshold (predicted = `score >= threshold`); `null` when a prediction was given. */
  threshold: number | null
}

/**
 * TSB-AD's Standard-F1. Without `predicted` (the oracle): the best point of scikit-learn's precision–recall
 * curve — every distinct score as threshold, predicted = `score >= threshold` — by TSB-AD's
 * `2PR / (P + R + 0.00001)`, so a perfect detector scores 0.999995 (ties: the lowest such threshold).
 * With `predicted`: the ordinary point-wise F1 of that prediction (0 without a true positive); the
 * scores are then checked but not used. Labels: 1 = anomaly; higher scores = more anomalous.
 * @throws `E_EMPTY`, `E_NOT_FINITE`, `E_LENGTH_MISMATCH`, `E_LABELS` (labels or `predicted` not 0/1),
 * `E_NO_ANOMALY`, `E_SINGLE_CLASS`.
 */
export function standardF1(labels: Labels, scores: ArrayLike<number>, options: StandardF1Options = {}): StandardF1 {
  const where = 'standardF1()'
  const series = checkSeries(labels, scores, where)
  if (options.predicted !== undefined) {
    const predicted = checkPredicted(options.predicted, series.labels.length, where)
    return { ...predictedF1(series.labels, predicted), threshold: null }
  }
  return oracleStandardF1(series.labels, series.scores)
}

/** The oracle Standard-F1 on checked input. */
export function oracleStandardF1(labels: Labels, scores: Float64Array): StandardF1 {
  return bestStandardF1(prCurve(labels, scores))
}

/** The best point of a precision–recall curve by TSB-AD's Standard-F1. */
export function bestStandardF1(curve: PrCurve): StandardF1 {
  let best = -1
  let bestIndex = 0
  for (let k = 0; k < curve.precision.length; k++) {
    const p = curve.precision[k]
    const r = curve.recall[k]
    // TSB-AD's metric_best_F: the 0.00001 keeps 0/0 away and caps a perfect score at 0.999995.
    const f = (2 * (p * r)) / (p + r + 0.00001)
    if (f > best) {
      best = f
      bestIndex = k
    }
  }
  return {
    f1: best,
    precision: curve.precision[bestIndex],
    recall: curve.recall[bestIndex],
    threshold: bestIndex < curve.thresholds.length ? curve.thresholds[bestIndex] : null,
  }
}

/** Point-wise F1 of a checked prediction. */
export function predictedF1(labels: Labels, predicted: Uint8Array): F1Score {
  let tp = 0
  let fp = 0
  let fn = 0
  for (let i = 0; i < labels.length; i++) {
    if (predicted[i] === 1) {
      if (labels[i] === 1) tp++
      else fp++
    } else if (labels[i] === 1) fn++
  }
  return f1FromCounts(tp, fp, fn)
}
