import { AedetectError } from '@aedetect/core'
import { expectBothClasses, toCheckedLabels, toScores64 } from './_validate'
import { downsampleCurve } from './_downsample'
import { metricsFromMatrix } from './classification-metrics'
import type { ClassificationMetrics } from './classification-metrics'
import type { ConfusionMatrix } from './confusion-matrix'
import { histogram } from './histogram'
import { prCurveAt } from './pr-curve'
import { rocCurveAt } from './roc-curve'
import type { Threshold, ThresholdStrategy } from './threshold'

/** Points kept of the ROC and PR curves in a report: enough for a plot, small enough for JSON. */
const CURVE_POINTS = 200
/** Bins of the score histogram in a report. */
const HISTOGRAM_BINS = 40

/** The threshold a report was made with; `strategy` is `'fixed'` when a plain number was given. */
export interface EvaluationThreshold {
  value: number
  strategy: ThresholdStrategy | 'fixed'
  params: Record<string, number>
}

/**
 * Everything a report on labelled test scores shows, as one plain JSON-serialisable record (arrays are
 * `number[]`), shared by the CLI and the web demo. Anomaly is the positive class unless a field says
 * otherwise; a sample is flagged when `score >= threshold.value`.
 */
export interface EvaluationReport {
  /** Samples evaluated. */
  n: number
  /** Samples labelled 1. */
  anomalies: number
  /** Samples labelled 0. */
  normals: number
  threshold: EvaluationThreshold
  /** Samples with `score >= threshold.value`. */
  flagged: number
  confusionMatrix: ConfusionMatrix
  /** Figures with anomaly as the positive class. */
  anomalyPositive: ClassificationMetrics
  /** Figures with normal as the positive class (as the TensorFlow ECG tutorial reports them). */
  normalPositive: ClassificationMetrics
  /** Area under the ROC curve of the scores, threshold-free. */
  rocAuc: number
  /** Average precision of the scores, threshold-free. */
  averagePrecision: number
  /** The ROC curve, at most 200 points evenly spaced along the curve, for plotting. */
  roc: { fpr: number[]; tpr: number[] }
  /** The PR curve (recall falling), at most 200 points, for plotting. */
  pr: { precision: number[]; recall: number[] }
  /** Scores of each class counted into 40 equal-width bins over the range of all scores. */
  histogram: { edges: number[]; normal: number[]; anomalous: number[] }
  /** Ill-defined figures set to 0 and other caveats, each once. */
  warnings: string[]
}

/**
 * Evaluates anomaly scores (higher = more anomalous) against labels (1 = anomaly) at a threshold: counts,
 * anomaly- and normal-positive classification figures, ROC-AUC, average precision, plot-ready ROC and
 * PR curves and a per-class score histogram. Scores are read as float64.
 * @param threshold a {@link Threshold} from `findThreshold` or a plain number; flagged when `score >= value`.
 * @param options.predicted the flags of a stateful alarm rule (1 = flagged, e.g. `applyAlarmRule`), used instead of
 * `score >= value` for the counts and the figures at the threshold; `threshold` is then reported as the rule's start.
 * @throws `E_EMPTY`, `E_NOT_FINITE` (a NaN or ±Infinity score, by index), `E_LENGTH_MISMATCH`,
 * `E_LABELS`, `E_SINGLE_CLASS` (ROC-AUC needs both classes), `E_OPTION` (a NaN threshold).
 */
export function evaluateDetection(labels: ArrayLike<number>, scores: ArrayLike<number>, threshold: Threshold | number, options: { predicted?: ArrayLike<number> } = {}): EvaluationReport {
  const where = 'evaluateDetection()'
  const t: EvaluationThreshold = typeof threshold === 'number' ? { value: threshold, strategy: 'fixed', params: {} } : { value: threshold?.value, strategy: threshold?.strategy, params: { ...threshold?.params } }
  if (typeof t.value !== 'number' || Number.isNaN(t.value)) {
    throw new AedetectError('E_OPTION', `${where}: threshold is ${String(t.value)}; expected a number or a Threshold from findThreshold() (a sample is anomalous when score >= threshold).`)
  }
  const s = toScores64(scores, where)
  const y = toCheckedLabels(labels, where, s.length)
  const predicted = options.predicted
  if (predicted !== undefined && predicted.length !== s.length) {
    throw new AedetectError('E_LENGTH_MISMATCH', `${where}: ${predicted.length} predicted flags for ${s.length} scores. Pass one flag per score.`)
  }
  const { anomalies, normals } = expectBothClasses(y, where)
  const cm: ConfusionMatrix = { tp: 0, fp: 0, tn: 0, fn: 0 }
  const normalScores = new Float64Array(normals)
  const anomalousScores = new Float64Array(anomalies)
  let a = 0
  let b = 0
  for (let i = 0; i < s.length; i++) {
    const flagged = predicted ? predicted[i] === 1 : s[i] >= t.value
    if (y[i] === 1) {
      anomalousScores[a++] = s[i]
      if (flagged) cm.tp++
      else cm.fn++
    } else {
      normalScores[b++] = s[i]
      if (flagged) cm.fp++
      else cm.tn++
    }
  }
  const anomalyPositive = metricsFromMatrix(cm, 'anomaly', where)
  const normalPositive = metricsFromMatrix(cm, 'normal', where)
  const roc = rocCurveAt(y, s, where)
  const pr = prCurveAt(y, s, where)
  const range = histogram(s, { bins: HISTOGRAM_BINS })
  const bounds = { bins: HISTOGRAM_BINS, min: range.edges[0], max: range.edges[HISTOGRAM_BINS] }
  const rocPoints = downsampleCurve(roc.fpr, roc.tpr, CURVE_POINTS)
  const prPoints = downsampleCurve(pr.recall, pr.precision, CURVE_POINTS)
  const warnings = [...new Set([...anomalyPositive.warnings, ...normalPositive.warnings, ...pr.warnings])]
  if (t.value === Infinity) warnings.push(`${where}: the threshold is +Infinity, so nothing is flagged; JSON writes it as null.`)
  return {
    n: s.length,
    anomalies,
    normals,
    threshold: t,
    flagged: cm.tp + cm.fp,
    confusionMatrix: cm,
    anomalyPositive,
    normalPositive,
    rocAuc: roc.auc,
    averagePrecision: pr.averagePrecision,
    roc: { fpr: rocPoints.x, tpr: rocPoints.y },
    pr: { precision: prPoints.y, recall: prPoints.x },
    histogram: {
      edges: Array.from(range.edges),
      normal: Array.from(histogram(normalScores, bounds).counts),
      anomalous: Array.from(histogram(anomalousScores, bounds).counts),
    },
    warnings,
  }
}
