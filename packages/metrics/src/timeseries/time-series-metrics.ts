import type { Labels } from '@aedetect/core'
import { prCurve } from '../pr-curve'
import { rocAuc } from '../roc-curve'
import { checkPredicted, checkSeries } from './_series'
import { rangeBounds } from './_ranges'
import { computeAffiliationF } from './affiliation-f'
import { computeEventF1 } from './event-f1'
import { computePointAdjustedF1 } from './point-adjusted-f1'
import { computeRangeF1 } from './range-f1'
import { computeOracleF1 } from './search-oracle-f1'
import { bestStandardF1, predictedF1 } from './standard-f1'
import { checkVusOptions, computeVus } from './vus'

/** Options of {@link timeSeriesMetrics}. */
export interface TimeSeriesMetricsOptions {
  /** VUS's largest buffer width, in points. Default 100 (TSB-AD's default); pick it with `findSlidingWindow(series)`. */
  slidingWindow?: number
  /**
   * A given 0/1 prediction (1 = anomaly), one per point: the five F scores are then computed on it.
   * Default: none — each F score takes its best threshold (TSB-AD's oracle search).
   */
  predicted?: ArrayLike<number>
}

/** The nine metrics of TSB-AD's `get_metrics`, all in [0, 1], higher = better. */
export interface TimeSeriesMetrics {
  /** scikit-learn's `roc_auc_score`. */
  aucRoc: number
  /** scikit-learn's `average_precision_score`. */
  aucPr: number
  /** Volume under the range-ROC surface. */
  vusRoc: number
  /** Volume under the range-PR surface. */
  vusPr: number
  /** Point-wise F1 (oracle: TSB-AD's 2PR / (P + R + 0.00001) at the best PR-curve point). */
  standardF1: number
  /** Point-adjusted F1. */
  pointAdjustedF1: number
  /** Event-based F1 (event recall, point precision). */
  eventF1: number
  /** Range-based F1 (Tatbul et al.). */
  rangeF1: number
  /** Affiliation F (Huet et al.); `null` only for a given prediction with no predicted point. */
  affiliationF: number | null
}

/**
 * The nine time-series metrics of TSB-AD (Liu & Paparrizos, NeurIPS 2024), equal to its `get_metrics(score,
 * labels, slidingWindow, version='opt', thre=250)`: AUC-ROC, AUC-PR, VUS-ROC, VUS-PR, and Standard-F1,
 * PA-F1, Event-based-F1, R-based-F1 and Affiliation-F — the F scores each at its own best threshold (an
 * oracle: an upper bound), or on `predicted` when given. Labels: 1 = anomaly; higher scores = more
 * anomalous. The definitions are in TIMESERIES.md.
 * @throws `E_EMPTY`, `E_NOT_FINITE` (by index), `E_LENGTH_MISMATCH`, `E_LABELS` (labels or `predicted`
 * not 0/1), `E_NO_ANOMALY`, `E_SINGLE_CLASS`, `E_OPTION` (a bad `slidingWindow`).
 */
export function timeSeriesMetrics(labels: Labels, scores: ArrayLike<number>, options: TimeSeriesMetricsOptions = {}): TimeSeriesMetrics {
  const where = 'timeSeriesMetrics()'
  const { slidingWindow } = checkVusOptions({ slidingWindow: options.slidingWindow }, where)
  const { labels: y, scores: s, anomalies } = checkSeries(labels, scores, where)
  const predicted = options.predicted === undefined ? undefined : checkPredicted(options.predicted, y.length, where)
  const curve = prCurve(y, s)
  const volume = computeVus(y, s, anomalies, slidingWindow, 250)
  const thresholdFree = { aucRoc: rocAuc(y, s), aucPr: curve.averagePrecision, vusRoc: volume.vusRoc, vusPr: volume.vusPr }
  if (predicted === undefined) {
    const oracle = computeOracleF1(y, s)
    return {
      ...thresholdFree,
      standardF1: bestStandardF1(curve).f1,
      pointAdjustedF1: oracle.pointAdjustedF1.best,
      eventF1: oracle.eventF1.best,
      rangeF1: oracle.rangeF1.best,
      affiliationF: oracle.affiliationF.best,
    }
  }
  const real = rangeBounds(y)
  return {
    ...thresholdFree,
    standardF1: predictedF1(y, predicted).f1,
    pointAdjustedF1: computePointAdjustedF1(y, real, predicted).f1,
    eventF1: computeEventF1(y, real, predicted).f1,
    rangeF1: computeRangeF1(y, real, predicted).f1,
    affiliationF: computeAffiliationF(y.length, real, rangeBounds(predicted)).f1,
  }
}
