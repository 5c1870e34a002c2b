import { classificationMetrics, evaluateDetection, histogram, type EvaluationReport, type Threshold } from '@aedetect/metrics'

/** An evaluation report, and why ROC-AUC and average precision are absent (NaN) when they are. */
export interface DetectionReport {
  report: EvaluationReport
  /** Set when the labels hold one class only; then `rocAuc` and `averagePrecision` are NaN. */
  absentReason?: string
}

/**
 * The report of `evaluateDetection`, also when the test labels hold one class only (normal-only data):
 * then ROC-AUC and average precision are NaN (written as null in JSON), the curves are empty and
 * `absentReason` says why, while the confusion matrix and the figures at the threshold are still reported.
 * `flags`: a stateful alarm rule's point flags, used instead of `score >= threshold.value`.
 */
export function detectionReport(labels: ArrayLike<number>, scores: ArrayLike<number>, threshold: Threshold, flags?: ArrayLike<number>): DetectionReport {
  let anomalies = 0
  for (let i = 0; i < labels.length; i++) anomalies += labels[i]
  if (labels.length === 0 || (anomalies > 0 && anomalies < labels.length)) return { report: evaluateDetection(labels, scores, threshold, { predicted: flags }) }
  const values = Float32Array.from(scores)
  const only = anomalies === 0 ? 'normal' : 'anomalous'
  const absentReason = `the test split holds only ${only} samples (${labels.length}), and ROC-AUC and average precision need both classes; label some anomalies in the data to get them.`
  const predicted = new Uint8Array(values.length)
  for (let i = 0; i < values.length; i++) predicted[i] = flags ? (flags[i] === 1 ? 1 : 0) : values[i] >= threshold.value ? 1 : 0
  const anomalyPositive = classificationMetrics(Uint8Array.from(labels), predicted, { positive: 'anomaly' })
  const normalPositive = classificationMetrics(Uint8Array.from(labels), predicted, { positive: 'normal' })
  const cm = { tp: 0, fp: 0, tn: 0, fn: 0 }
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] === 1) predicted[i] ? cm.tp++ : cm.fn++
    else predicted[i] ? cm.fp++ : cm.tn++
  }
  const range = histogram(values, { bins: 40 })
  const counts = Array.from(range.counts)
  const zeros = counts.map(() => 0)
  return {
    absentReason,
    report: {
      n: labels.length,
      anomalies,
      normals: labels.length - anomalies,
      threshold: { value: threshold.value, strategy: threshold.strategy, params: { ...threshold.params } },
      flagged: cm.tp + cm.fp,
      confusionMatrix: cm,
      anomalyPositive,
      normalPositive,
      rocAuc: Number.NaN,
      averagePrecision: Number.NaN,
      roc: { fpr: [], tpr: [] },
      pr: { precision: [], recall: [] },
      histogram: { edges: Array.from(range.edges), normal: anomalies === 0 ? counts : zeros, anomalous: anomalies === 0 ? zeros : counts },
      warnings: [...new Set([...anomalyPositive.warnings, ...normalPositive.warnings])],
    },
  }
}
