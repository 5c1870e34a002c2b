import { isAedetectError } from '@aedetect/core'
import { countClasses, toCheckedLabels, toScores64 } from './_validate'
import { findThresholdAt } from './find-threshold'
import type { LabelFreeThresholdOptions, ThresholdOptions, ThresholdStrategy } from './threshold'
import { precisionRecallF1AtThresholds } from './threshold-sweep'

/**
 * A strategy to compare: like {@link ThresholdOptions}, but the labelled strategies take their labels
 * from `calibration.labels`.
 */
export type ComparedThresholdOptions = LabelFreeThresholdOptions | { strategy: 'bestF1' } | { strategy: 'youden' } | { strategy: 'maxFpr'; maxFpr: number }

/** Input of {@link compareThresholds}. */
export interface ThresholdComparisonInput {
  /**
   * Scores the thresholds are chosen on: normal validation errors, or labelled validation scores with
   * `labels` (1 = anomaly). With labels, the label-free strategies read only the samples labelled 0.
   */
  calibration: { scores: ArrayLike<number>; labels?: ArrayLike<number> }
  /** Labelled scores each threshold is evaluated on (the test split). */
  evaluation: { scores: ArrayLike<number>; labels: ArrayLike<number> }
  /** Strategies, in row order. Default {@link DEFAULT_COMPARED_STRATEGIES}. */
  strategies?: readonly ComparedThresholdOptions[]
}

/** One strategy's threshold and its result on the evaluation scores (anomaly positive, flagged when `score >= threshold`). */
export interface ThresholdComparisonRow {
  strategy: ThresholdStrategy
  /** The threshold's params (options with defaults and the statistics behind the value); `{}` when skipped. */
  params: Record<string, number>
  /** The threshold; null when skipped. */
  threshold: number | null
  precision: number | null
  recall: number | null
  f1: number | null
  /** False-positive rate on the evaluation normals. */
  fpr: number | null
  /** Evaluation samples flagged. */
  flagged: number | null
  /** Why the strategy could not run (e.g. no calibration labels), else null. */
  skipped: string | null
}

/** The default strategies of {@link compareThresholds}. */
export const DEFAULT_COMPARED_STRATEGIES: readonly ComparedThresholdOptions[] = [
  { strategy: 'meanStd', k: 1 },
  { strategy: 'meanStd', k: 3 },
  { strategy: 'percentile', q: 0.95 },
  { strategy: 'percentile', q: 0.99 },
  { strategy: 'max' },
  { strategy: 'iqr', k: 1.5 },
  { strategy: 'mad', k: 3 },
  { strategy: 'bestF1' },
  { strategy: 'youden' },
  { strategy: 'maxFpr', maxFpr: 0.05 },
]

/**
 * One model's scores under several threshold strategies, as one table: each threshold is chosen on the
 * calibration scores and evaluated on the evaluation scores (precision, recall, F1, FPR, anomaly
 * positive, zero_division = 0). A strategy that cannot run — a labelled one without calibration labels,
 * 'bestF1' without a calibration anomaly, 'youden' or 'maxFpr' with one class — is a row with `skipped`
 * saying why, not an error.
 * @throws `E_EMPTY`, `E_NOT_FINITE`, `E_LABELS`, `E_LENGTH_MISMATCH` for bad scores or labels, `E_OPTION`
 * for a bad strategy option.
 */
export function compareThresholds(input: ThresholdComparisonInput): ThresholdComparisonRow[] {
  const where = 'compareThresholds()'
  const calibration = toScores64(input.calibration.scores, where, 'calibration.scores')
  const calibrationLabels = input.calibration.labels === undefined ? undefined : toCheckedLabels(input.calibration.labels, `${where} calibration`, calibration.length)
  const evaluation = toScores64(input.evaluation.scores, where, 'evaluation.scores')
  const evaluationLabels = toCheckedLabels(input.evaluation.labels, `${where} evaluation`, evaluation.length)
  let normalCalibration = calibration
  if (calibrationLabels) {
    normalCalibration = new Float64Array(countClasses(calibrationLabels).normals)
    let k = 0
    for (let i = 0; i < calibration.length; i++) if (calibrationLabels[i] === 0) normalCalibration[k++] = calibration[i]
  }
  const strategies = input.strategies ?? DEFAULT_COMPARED_STRATEGIES
  const rows: ThresholdComparisonRow[] = []
  for (const options of strategies) {
    const labelled = options.strategy === 'bestF1' || options.strategy === 'youden' || options.strategy === 'maxFpr'
    let skipped: string | null = null
    if (labelled && !calibrationLabels) {
      skipped = `'${options.strategy}' needs labelled calibration scores; pass calibration.labels (1 = anomaly) from a validation split, never the evaluation labels.`
    } else if (!labelled && normalCalibration.length === 0) {
      skipped = `'${options.strategy}' reads normal calibration scores, but every calibration label is 1 (anomaly).`
    }
    if (skipped === null) {
      const full = (labelled ? { ...options, labels: calibrationLabels } : options) as ThresholdOptions
      try {
        const t = findThresholdAt(labelled ? calibration : normalCalibration, full, where)
        rows.push({ strategy: t.strategy, params: t.params, threshold: t.value, precision: null, recall: null, f1: null, fpr: null, flagged: null, skipped: null })
        continue
      } catch (error) {
        if (!isAedetectError(error, 'E_NO_ANOMALY') && !isAedetectError(error, 'E_SINGLE_CLASS')) throw error
        skipped = error.message
      }
    }
    rows.push({ strategy: options.strategy, params: {}, threshold: null, precision: null, recall: null, f1: null, fpr: null, flagged: null, skipped })
  }
  const chosen = rows.filter((r) => r.threshold !== null)
  const at = precisionRecallF1AtThresholds(evaluationLabels, evaluation, chosen.map((r) => r.threshold as number))
  chosen.forEach((row, k) => {
    row.precision = at.precision[k]
    row.recall = at.recall[k]
    row.f1 = at.f1[k]
    row.fpr = at.fpr[k]
    row.flagged = at.tp[k] + at.fp[k]
  })
  return rows
}
