import { expectBothClasses, toCheckedLabels, toScores64 } from './_validate'
import { sweepDescending } from './_sweep'

/** A ROC curve: one point per distinct score plus the leading point (0, 0). */
export interface RocCurve {
  /** False-positive rate at each threshold: normals with `score >= threshold` / all normals. */
  fpr: Float64Array
  /** True-positive rate (recall) at each threshold: anomalies with `score >= threshold` / all anomalies. */
  tpr: Float64Array
  /**
   * Thresholds, descending. `thresholds[0]` is `+Infinity` (nothing flagged), as in scikit-learn >= 1.3;
   * scikit-learn 1.2 wrote `max(score) + 1` there. Every other entry is an observed score.
   */
  thresholds: Float64Array
  /** Area under the curve (trapezoidal), in [0, 1]. */
  auc: number
}

/**
 * ROC curve of anomaly scores against labels (1 = anomaly = positive), identical to scikit-learn's
 * `roc_curve(labels, scores, drop_intermediate=False)` including ties: tied scores form one point. A sample
 * is flagged when `score >= threshold`. Runs in O(n log n); scores are read as float64.
 * @throws `E_EMPTY` (no scores), `E_NOT_FINITE` (a NaN or ±Infinity score, by index), `E_LENGTH_MISMATCH`,
 * `E_LABELS` (a label other than 0/1), `E_SINGLE_CLASS` (labels hold one class only).
 */
export function rocCurve(labels: ArrayLike<number>, scores: ArrayLike<number>): RocCurve {
  return rocCurveAt(labels, scores, 'rocCurve()')
}

/**
 * Area under the ROC curve of anomaly scores (higher = more anomalous), equal to scikit-learn's
 * `roc_auc_score`; equals the Mann–Whitney U statistic / (anomalies × normals) with ties counted 1/2.
 * @throws like {@link rocCurve}, `E_SINGLE_CLASS` when the labels hold one class (the AUC is undefined).
 */
export function rocAuc(labels: ArrayLike<number>, scores: ArrayLike<number>): number {
  return rocCurveAt(labels, scores, 'rocAuc()').auc
}

/** {@link rocCurve} with the caller's name in error messages. */
export function rocCurveAt(labels: ArrayLike<number>, scores: ArrayLike<number>, where: string): RocCurve {
  const s = toScores64(scores, where)
  const y = toCheckedLabels(labels, where, s.length)
  expectBothClasses(y, where)
  const sweep = sweepDescending(y, s)
  const m = sweep.thresholds.length + 1
  const fpr = new Float64Array(m)
  const tpr = new Float64Array(m)
  const thresholds = new Float64Array(m)
  thresholds[0] = Infinity
  for (let k = 1; k < m; k++) {
    thresholds[k] = sweep.thresholds[k - 1]
    fpr[k] = sweep.fps[k - 1] / sweep.normals
    tpr[k] = sweep.tps[k - 1] / sweep.anomalies
  }
  return { fpr, tpr, thresholds, auc: trapezoid(fpr, tpr) }
}

/** numpy.trapz(y, x): Σ (x[i+1] − x[i]) · (y[i+1] + y[i]) / 2. */
function trapezoid(x: Float64Array, y: Float64Array): number {
  let area = 0
  for (let i = 1; i < x.length; i++) area += ((x[i] - x[i - 1]) * (y[i] + y[i - 1])) / 2
  return area
}
