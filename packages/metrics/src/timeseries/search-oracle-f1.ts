import type { Labels } from '@aedetect/core'
import { checkSeries } from './_series'
import { oracleThresholds } from './_linspace'
import { rangeBounds } from './_ranges'
import { computeAffiliationF } from './affiliation-f'
import { computeEventF1 } from './event-f1'
import { computePointAdjustedF1 } from './point-adjusted-f1'
import { computeRangeF1 } from './range-f1'

/** One metric over the oracle thresholds, and its best value. */
export interface OracleF1Curve {
  /** The metric at each threshold of {@link OracleF1Search.thresholds}; NaN where it is undefined (affiliation, nothing predicted). */
  byThreshold: Float64Array
  /** The largest value of `byThreshold` (undefined values ignored). */
  best: number
  /** The first index reaching `best`. */
  bestIndex: number
  /** The threshold at `bestIndex` (predicted = `score > threshold`, strict). */
  bestThreshold: number
}

/** TSB-AD's threshold search for the four event-aware F scores. */
export interface OracleF1Search {
  /** The 100 thresholds, ascending: numpy's `linspace(min(score), max(score), 100)`. */
  thresholds: Float64Array
  pointAdjustedF1: OracleF1Curve
  eventF1: OracleF1Curve
  rangeF1: OracleF1Curve
  affiliationF: OracleF1Curve
}

/**
 * The oracle ("best threshold") versions of PA-F1, Event-based-F1, R-based-F1 and Affiliation-F, as in
 * TSB-AD's `get_metrics`: each metric is computed at the 100 thresholds `linspace(min(score), max(score),
 * 100)` with predicted = `score > threshold` (strict, so the last threshold predicts nothing), and each
 * takes its own maximum. This is an upper bound a deployed detector does not reach: it picks the threshold
 * with the labels. O(100 · n). Labels: 1 = anomaly; higher scores = more anomalous.
 * @throws `E_EMPTY`, `E_NOT_FINITE`, `E_LENGTH_MISMATCH`, `E_LABELS`, `E_NO_ANOMALY`, `E_SINGLE_CLASS`.
 */
export function searchOracleF1(labels: Labels, scores: ArrayLike<number>): OracleF1Search {
  const series = checkSeries(labels, scores, 'searchOracleF1()')
  return computeOracleF1(series.labels, series.scores)
}

/** The oracle search on checked input. */
export function computeOracleF1(labels: Labels, scores: Float64Array): OracleF1Search {
  const n = labels.length
  const thresholds = oracleThresholds(scores)
  const real = rangeBounds(labels)
  const predicted = new Uint8Array(n)
  const count = thresholds.length
  const pa = new Float64Array(count)
  const event = new Float64Array(count)
  const range = new Float64Array(count)
  const affiliation = new Float64Array(count)
  for (let k = 0; k < count; k++) {
    const t = thresholds[k]
    for (let i = 0; i < n; i++) predicted[i] = scores[i] > t ? 1 : 0
    pa[k] = computePointAdjustedF1(labels, real, predicted).f1
    event[k] = computeEventF1(labels, real, predicted).f1
    range[k] = computeRangeF1(labels, real, predicted).f1
    affiliation[k] = computeAffiliationF(n, real, rangeBounds(predicted)).f1 ?? Number.NaN
  }
  return {
    thresholds,
    pointAdjustedF1: sweep(pa, thresholds),
    eventF1: sweep(event, thresholds),
    rangeF1: sweep(range, thresholds),
    affiliationF: sweep(affiliation, thresholds),
  }
}

function sweep(values: Float64Array, thresholds: Float64Array): OracleF1Curve {
  let best = -Infinity
  let bestIndex = 0
  for (let k = 0; k < values.length; k++) {
    if (values[k] > best) {
      best = values[k]
      bestIndex = k
    }
  }
  return { byThreshold: values, best, bestIndex, bestThreshold: thresholds[bestIndex] }
}
