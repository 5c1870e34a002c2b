import type { ConfusionMatrix, EvaluationReport } from '@aedetect/metrics'
import type { ReportChartOptions } from './chart-options'

/** The threshold and the counts the charts draw: the override when given, else the report's own. */
export interface OperatingPoint {
  threshold: number
  confusionMatrix: ConfusionMatrix
  /** tp / (tp + fn); 0 without anomalies. */
  tpr: number
  /** fp / (fp + tn); 0 without normals. */
  fpr: number
  /** tp / (tp + fp); null when nothing is flagged (undefined precision). */
  precision: number | null
}

export function operatingPoint(report: EvaluationReport, options: ReportChartOptions): OperatingPoint {
  const threshold = options.threshold?.value ?? report.threshold.value
  const cm = options.threshold?.confusionMatrix ?? report.confusionMatrix
  const ratio = (a: number, b: number): number => (b > 0 ? a / b : 0)
  return { threshold, confusionMatrix: cm, tpr: ratio(cm.tp, cm.tp + cm.fn), fpr: ratio(cm.fp, cm.fp + cm.tn), precision: cm.tp + cm.fp > 0 ? cm.tp / (cm.tp + cm.fp) : null }
}
