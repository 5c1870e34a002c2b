import { AedetectError } from '@aedetect/core'
import { countClasses, toCheckedLabels, toScores64 } from './_validate'
import { sortByClass } from './_sweep'

/** Counts and ratios at each given threshold, anomaly = positive, flagged when `score >= threshold`. */
export interface ThresholdMetrics {
  /** The thresholds, in the order given. */
  thresholds: Float64Array
  tp: Float64Array
  fp: Float64Array
  tn: Float64Array
  fn: Float64Array
  /** tp / (tp + fp); 0 when nothing is flagged. */
  precision: Float64Array
  /** tp / (tp + fn); 0 when the labels hold no anomaly. */
  recall: Float64Array
  /** 2PR / (P + R); 0 when both are 0. */
  f1: Float64Array
  /** fp / (fp + tn); 0 when the labels hold no normal sample. */
  fpr: Float64Array
}

/**
 * Precision, recall, F1 and false-positive rate of anomaly scores at each of the given thresholds, with
 * anomaly as the positive class and a sample flagged when `score >= threshold` (ratios as scikit-learn
 * with `zero_division=0`). O((n + m) log n) for n scores and m thresholds.
 * @throws `E_EMPTY`, `E_NOT_FINITE` (a NaN or ±Infinity score, by index), `E_LENGTH_MISMATCH`,
 * `E_LABELS`, `E_OPTION` (a NaN threshold).
 */
export function precisionRecallF1AtThresholds(labels: ArrayLike<number>, scores: ArrayLike<number>, thresholds: ArrayLike<number>): ThresholdMetrics {
  const where = 'precisionRecallF1AtThresholds()'
  const s = toScores64(scores, where)
  const y = toCheckedLabels(labels, where, s.length)
  const m = thresholds.length
  for (let k = 0; k < m; k++) {
    if (typeof thresholds[k] !== 'number' || Number.isNaN(thresholds[k])) {
      throw new AedetectError('E_OPTION', `${where}: thresholds[${k}] is ${String(thresholds[k])}; every threshold must be a number.`)
    }
  }
  const { anomalous, normal } = sortByClass(y, s)
  const { anomalies, normals } = countClasses(y)
  const out: ThresholdMetrics = {
    thresholds: Float64Array.from(thresholds),
    tp: new Float64Array(m),
    fp: new Float64Array(m),
    tn: new Float64Array(m),
    fn: new Float64Array(m),
    precision: new Float64Array(m),
    recall: new Float64Array(m),
    f1: new Float64Array(m),
    fpr: new Float64Array(m),
  }
  for (let k = 0; k < m; k++) {
    const t = out.thresholds[k]
    const tp = anomalies - lowerBound(anomalous, t)
    const fp = normals - lowerBound(normal, t)
    const p = tp + fp > 0 ? tp / (tp + fp) : 0
    const r = anomalies > 0 ? tp / anomalies : 0
    out.tp[k] = tp
    out.fp[k] = fp
    out.tn[k] = normals - fp
    out.fn[k] = anomalies - tp
    out.precision[k] = p
    out.recall[k] = r
    out.f1[k] = p + r === 0 ? 0 : (2 * p * r) / (p + r)
    out.fpr[k] = normals > 0 ? fp / normals : 0
  }
  return out
}

/** Number of values in ascending `sorted` that are < t. */
export function lowerBound(sorted: Float64Array, t: number): number {
  let lo = 0
  let hi = sorted.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (sorted[mid] < t) lo = mid + 1
    else hi = mid
  }
  return lo
}
