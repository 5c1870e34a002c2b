import { AedetectError } from '@aedetect/core'
import { confusionMatrixAt } from './confusion-matrix'
import type { ConfusionMatrix } from './confusion-matrix'

/** Options of {@link classificationMetrics}. */
export interface ClassificationMetricsOptions {
  /**
   * Which class counts as positive for precision, recall, F1, specificity and support. Default
   * `'anomaly'`. The TensorFlow ECG tutorial reports `'normal'`-positive figures.
   */
  positive?: 'anomaly' | 'normal'
}

/** Scores of a binary prediction for one explicit positive class. */
export interface ClassificationMetrics {
  /** The class these figures treat as positive. */
  positive: 'anomaly' | 'normal'
  /** Share of samples labelled correctly, in [0, 1]. */
  accuracy: number
  /** Of the samples predicted positive, the share truly positive; 0 when none is predicted positive. */
  precision: number
  /** Of the truly positive samples, the share predicted positive; 0 when there is none. */
  recall: number
  /** 2PR / (P + R); 0 when both are 0. */
  f1: number
  /** Matthews correlation coefficient, in [−1, 1]; 0 when a row or column of the matrix is empty. */
  mcc: number
  /** Mean of the recalls of the two classes (of the class present, when only one is). */
  balancedAccuracy: number
  /** Of the truly negative samples, the share predicted negative; 0 when there is none. */
  specificity: number
  /** Number of truly positive samples. */
  support: number
  /** Where a figure is ill-defined and set to 0 (scikit-learn's `zero_division=0`), why. */
  warnings: string[]
}

/**
 * Accuracy, precision, recall, F1, MCC, balanced accuracy and specificity of predicted labels against
 * true labels (both 0 = normal, 1 = anomaly), with the positive class explicit (default anomaly). Equal to
 * scikit-learn's functions with `zero_division=0`: an undefined ratio is 0 and a warning is returned.
 * @throws `E_EMPTY`, `E_LABELS` (a value other than 0/1), `E_LENGTH_MISMATCH`, `E_OPTION` (bad `positive`).
 */
export function classificationMetrics(labels: ArrayLike<number>, predicted: ArrayLike<number>, options: ClassificationMetricsOptions = {}): ClassificationMetrics {
  const where = 'classificationMetrics()'
  const positive = options.positive ?? 'anomaly'
  if (positive !== 'anomaly' && positive !== 'normal') {
    throw new AedetectError('E_OPTION', `${where}: positive must be one of 'anomaly' | 'normal', got '${String(positive)}'.`)
  }
  return metricsFromMatrix(confusionMatrixAt(labels, predicted, where), positive, where)
}

/** The figures of {@link classificationMetrics} from a confusion matrix (anomaly = positive in `cm`). */
export function metricsFromMatrix(cm: ConfusionMatrix, positive: 'anomaly' | 'normal', where: string): ClassificationMetrics {
  // Swap the roles of the classes for normal-positive figures.
  const { tp, fp, tn, fn } = positive === 'anomaly' ? cm : { tp: cm.tn, fp: cm.fn, tn: cm.tp, fn: cm.fp }
  const n = tp + fp + tn + fn
  const warnings: string[] = []
  const other = positive === 'anomaly' ? 'normal' : 'anomaly'
  let precision = 0
  if (tp + fp > 0) precision = tp / (tp + fp)
  else warnings.push(`${where}: no sample is predicted ${positive}, so precision (${positive} positive) is ill-defined and set to 0.`)
  let recall = 0
  if (tp + fn > 0) recall = tp / (tp + fn)
  else warnings.push(`${where}: the labels hold no ${positive} sample, so recall (${positive} positive) is ill-defined and set to 0.`)
  let specificity = 0
  if (tn + fp > 0) specificity = tn / (tn + fp)
  else warnings.push(`${where}: the labels hold no ${other} sample, so specificity (${positive} positive) is ill-defined and set to 0.`)
  // scikit-learn's fbeta with beta = 1: (1 + 1) * P * R / (1 * P + R), 0 when the denominator is 0.
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall)
  // balanced_accuracy_score: mean of the per-class recalls, over the classes present in the labels.
  let balancedAccuracy: number
  if (tp + fn > 0 && tn + fp > 0) balancedAccuracy = (recall + specificity) / 2
  else balancedAccuracy = tp + fn > 0 ? recall : specificity
  if (tp + fn === 0 || tn + fp === 0) {
    warnings.push(`${where}: the labels hold one class only, so balanced accuracy is the recall of that class.`)
  }
  return { positive, accuracy: (tp + tn) / n, precision, recall, f1, mcc: matthews(tp, fp, tn, fn), balancedAccuracy, specificity, support: tp + fn, warnings }
}

/** scikit-learn's `matthews_corrcoef`, computed as it does from the confusion matrix (exact integer covariances). */
function matthews(tp: number, fp: number, tn: number, fn: number): number {
  const t0 = tn + fp
  const t1 = fn + tp
  const p0 = tn + fn
  const p1 = fp + tp
  const n = p0 + p1
  const covYtYp = (tp + tn) * n - (t0 * p0 + t1 * p1)
  const covYpYp = n * n - (p0 * p0 + p1 * p1)
  const covYtYt = n * n - (t0 * t0 + t1 * t1)
  if (covYpYp * covYtYt === 0) return 0
  return covYtYp / Math.sqrt(covYtYt * covYpYp)
}
