import { countClasses, toCheckedLabels, toScores64 } from './_validate'
import { sweepDescending } from './_sweep'

/** A precision–recall curve in scikit-learn's order: thresholds ascending, recall falling. */
export interface PrCurve {
  /** Precision at each threshold (anomaly = positive), then a final 1 with no threshold. */
  precision: Float64Array
  /** Recall at each threshold, then a final 0 with no threshold. */
  recall: Float64Array
  /** Distinct observed scores, ascending; one fewer than `precision` and `recall`. */
  thresholds: Float64Array
  /** Average precision: Σ (Rₖ − Rₖ₋₁) · Pₖ over the thresholds, a step sum (no interpolation). */
  averagePrecision: number
  /** Where scikit-learn defines the value with a warning (labels without anomalies), the warning. */
  warnings: string[]
}

/**
 * Precision–recall curve of anomaly scores against labels (1 = anomaly = positive), identical to
 * scikit-learn's `precision_recall_curve` including ties; a sample is flagged when `score >= threshold`.
 * Labels without any anomaly are allowed, as in scikit-learn: recall is then 1 at every threshold, the
 * average precision is 0 and `warnings` says so. O(n log n); scores are read as float64.
 * @throws `E_EMPTY`, `E_NOT_FINITE` (by index), `E_LENGTH_MISMATCH`, `E_LABELS`.
 */
export function prCurve(labels: ArrayLike<number>, scores: ArrayLike<number>): PrCurve {
  return prCurveAt(labels, scores, 'prCurve()')
}

/**
 * Average precision of anomaly scores, equal to scikit-learn's `average_precision_score`:
 * Σ (Rₖ − Rₖ₋₁) · Pₖ over the distinct scores in descending order, in [0, 1]. With no anomaly in
 * `labels` it returns 0 (scikit-learn's value, which it returns with a warning); use {@link prCurve} to
 * receive that warning.
 * @throws `E_EMPTY`, `E_NOT_FINITE` (by index), `E_LENGTH_MISMATCH`, `E_LABELS`.
 */
export function averagePrecision(labels: ArrayLike<number>, scores: ArrayLike<number>): number {
  return prCurveAt(labels, scores, 'averagePrecision()').averagePrecision
}

/** {@link prCurve} with the caller's name in error messages. */
export function prCurveAt(labels: ArrayLike<number>, scores: ArrayLike<number>, where: string): PrCurve {
  const s = toScores64(scores, where)
  const y = toCheckedLabels(labels, where, s.length)
  const warnings: string[] = []
  if (countClasses(y).anomalies === 0) {
    warnings.push(`${where}: labels hold no anomaly, so recall is undefined; as in scikit-learn it is set to 1 at every threshold and the average precision is 0.`)
  }
  const sweep = sweepDescending(y, s)
  const m = sweep.thresholds.length
  const precision = new Float64Array(m + 1)
  const recall = new Float64Array(m + 1)
  const thresholds = new Float64Array(m)
  // scikit-learn reverses the descending sweep so that thresholds ascend and recall falls.
  for (let k = 0; k < m; k++) {
    const d = m - 1 - k
    const tp = sweep.tps[d]
    precision[k] = tp / (tp + sweep.fps[d])
    recall[k] = sweep.anomalies === 0 ? 1 : tp / sweep.anomalies
    thresholds[k] = sweep.thresholds[d]
  }
  precision[m] = 1
  recall[m] = 0
  // average_precision_score: -Σ diff(recall) · precision[:-1]
  let ap = 0
  for (let k = 0; k < m; k++) ap -= (recall[k + 1] - recall[k]) * precision[k]
  return { precision, recall, thresholds, averagePrecision: ap === 0 ? 0 : ap, warnings }
}
