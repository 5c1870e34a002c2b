import { selectSamples, type Labels, type Samples } from '@aedetect/core'
import type { Detector } from '@aedetect/detector'
import { defaultsFor, evaluateSampleDetector, type ExperimentDefaults, type SampleEvaluation, type SplitRecord } from '@aedetect/evaluation'
import { evaluateDetection, type EvaluationReport, type ThresholdComparisonRow } from '@aedetect/metrics'
import type { LoadedTable } from '../data-source'
import { sampleKindOf } from './series-kind'

/** A saved detector evaluated on the recorded test split of labelled data. */
export interface TableEvaluation {
  report: EvaluationReport
  /** Every threshold strategy chosen on the calibration scores (held-out normals + the training part's anomalies) and evaluated on the test split. */
  thresholds: ThresholdComparisonRow[]
  testRows: Uint32Array
  testX: Samples
  testLabels: Labels
  testScores: Float32Array
  /** Training-part anomalies scored for the labelled strategies (never trained on). */
  calibrationAnomalies: number
  /** The package's full record (explanations, chart data, the PCA baseline). */
  evaluation: SampleEvaluation
}

/**
 * Scores exactly the recorded test rows of `data` with a saved detector (`evaluateSampleDetector` of
 * @aedetect/evaluation): the report at its threshold, every threshold strategy side by side, the PCA baseline
 * fitted on the recorded training rows. Throws `E_SINGLE_CLASS` when the test rows hold one class.
 */
export async function evaluateTable(detector: Detector, data: LoadedTable, split: SplitRecord, options: { topK?: number; baseline?: boolean; config?: ExperimentDefaults | null } = {}): Promise<TableEvaluation> {
  // The baseline shares the recorded configuration (scaler, threshold rule, score), else the kind's defaults with
  // the detector's own score, so the comparison is the one `train` printed.
  const config = options.config ?? { ...defaultsFor(sampleKindOf(data.kind)), scoreMetric: detector.state.scoreMetric, errorSmoothing: detector.state.errorSmoothing }
  const evaluation = await evaluateSampleDetector(detector, data, split, { topK: options.topK, baseline: options.baseline, config })
  // `evaluate` and `report` exist to give ROC-AUC and the curves: a one-class test split is a data error
  // (E_SINGLE_CLASS, exit 3) with evaluateDetection's own message, not a report of NaNs.
  if (evaluation.absentReason !== undefined) evaluateDetection(evaluation.testLabels, evaluation.testScores, detector.threshold)
  return {
    report: evaluation.report,
    thresholds: evaluation.thresholds,
    testRows: evaluation.testRows,
    testX: selectSamples(data.x, evaluation.testRows),
    testLabels: evaluation.testLabels,
    testScores: evaluation.testScores,
    calibrationAnomalies: split.calibrationRows.length,
    evaluation,
  }
}
