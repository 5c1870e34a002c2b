import { confusionMatrixAt } from './confusion-matrix'
import { metricsFromMatrix } from './classification-metrics'

/** Precision, recall, F1 and support of one class (or one average over both). */
export interface ClassReport {
  precision: number
  recall: number
  f1: number
  /** Number of true samples of the class; for the averages, all samples. */
  support: number
}

/**
 * scikit-learn's `classification_report(output_dict=True, zero_division=0)` for labels 0 (normal) and
 * 1 (anomaly), with camelCase keys: each class as the positive one in turn, then the averages.
 */
export interface ClassificationReport {
  /** Class 0, normal as the positive class. */
  normal: ClassReport
  /** Class 1, anomaly as the positive class. */
  anomaly: ClassReport
  /** Share of samples labelled correctly. */
  accuracy: number
  /** Unweighted mean of the two classes. */
  macroAvg: ClassReport
  /** Mean of the two classes weighted by their support. */
  weightedAvg: ClassReport
  /** Ill-defined ratios set to 0, as in scikit-learn with `zero_division=0`. */
  warnings: string[]
}

/**
 * Per-class precision, recall, F1 and support of predicted labels against true labels (0 = normal,
 * 1 = anomaly), with accuracy and macro and weighted averages, equal to scikit-learn's
 * `classification_report(labels, predicted, labels=[0, 1], output_dict=True, zero_division=0)`.
 * @throws `E_EMPTY`, `E_LABELS` (a value other than 0/1), `E_LENGTH_MISMATCH`.
 */
export function classificationReport(labels: ArrayLike<number>, predicted: ArrayLike<number>): ClassificationReport {
  const where = 'classificationReport()'
  const cm = confusionMatrixAt(labels, predicted, where)
  const a = metricsFromMatrix(cm, 'anomaly', where)
  const z = metricsFromMatrix(cm, 'normal', where)
  const anomaly: ClassReport = { precision: a.precision, recall: a.recall, f1: a.f1, support: a.support }
  const normal: ClassReport = { precision: z.precision, recall: z.recall, f1: z.f1, support: z.support }
  const n = normal.support + anomaly.support
  // numpy.average: the unweighted mean is (x0 + x1) / 2; the weighted one (x0·w0 + x1·w1) / (w0 + w1).
  const macro = (f: keyof ClassReport) => (normal[f] + anomaly[f]) / 2
  const weighted = (f: keyof ClassReport) => (normal[f] * normal.support + anomaly[f] * anomaly.support) / n
  const warnings: string[] = []
  for (const [name, predictedCount, support] of [['normal', cm.tn + cm.fn, normal.support], ['anomaly', cm.tp + cm.fp, anomaly.support]] as const) {
    if (predictedCount === 0) warnings.push(`${where}: no sample is predicted ${name}, so the precision of class ${name} is ill-defined and set to 0.`)
    if (support === 0) warnings.push(`${where}: the labels hold no ${name} sample, so the recall of class ${name} is ill-defined and set to 0.`)
  }
  return {
    normal,
    anomaly,
    accuracy: a.accuracy,
    macroAvg: { precision: macro('precision'), recall: macro('recall'), f1: macro('f1'), support: n },
    weightedAvg: { precision: weighted('precision'), recall: weighted('recall'), f1: weighted('f1'), support: n },
    warnings,
  }
}

/** Options of {@link formatClassificationReport}. */
export interface FormatClassificationReportOptions {
  /** Decimal places of the ratios. Default 2, as scikit-learn. */
  digits?: number
}

/**
 * The report as scikit-learn's text table: one row per class (`normal`, `anomaly`), then accuracy and
 * the macro and weighted averages; columns precision, recall, f1-score, support.
 */
export function formatClassificationReport(report: ClassificationReport, options: FormatClassificationReportOptions = {}): string {
  const digits = options.digits ?? 2
  const width = 'weighted avg'.length
  const cell = (v: string) => ` ${v.padStart(9)}`
  const ratio = (v: number) => cell(v.toFixed(digits))
  const row = (name: string, r: ClassReport) => `${name.padStart(width)} ${ratio(r.precision)}${ratio(r.recall)}${ratio(r.f1)}${cell(String(r.support))}\n`
  let text = `${''.padStart(width)} ${cell('precision')}${cell('recall')}${cell('f1-score')}${cell('support')}\n\n`
  text += row('normal', report.normal)
  text += row('anomaly', report.anomaly)
  text += '\n'
  text += `${'accuracy'.padStart(width)} ${cell('')}${cell('')}${ratio(report.accuracy)}${cell(String(report.macroAvg.support))}\n`
  text += row('macro avg', report.macroAvg)
  text += row('weighted avg', report.weightedAvg)
  return text
}
