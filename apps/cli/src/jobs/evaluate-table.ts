import { selectSamples, type Labels, type Samples } from '@aedetect/core'
import type { Detector } from '@aedetect/detector'
import { compareThresholds, evaluateDetection, type EvaluationReport, type ThresholdComparisonRow } from '@aedetect/metrics'
import { trainValidationTestSplit } from '@aedetect/preprocessing'
import type { LoadedTable } from '../data-source'
import type { SplitRows } from '../split-file'

/** Options of {@link evaluateTable}: the split the detector was trained with. */
export interface TableEvaluationOptions {
  /** Rows from `--split-file`; else the seeded split of `aedetect train`. */
  rows?: SplitRows
  seed: number
  testFraction: number
}

/** A saved detector evaluated on the test split of labelled data. */
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
}

/**
 * Scores the test split of `data` with a saved detector and reports it: the report of the main job
 * (`evaluateDetection` at the detector's threshold) and every threshold strategy side by side
 * (`compareThresholds`). The test rows are those of `aedetect train` with the same seed and test
 * fraction (or split file); the calibration scores are the detector's held-out normal validation errors
 * plus the training part's anomalies, as at training — never the test split.
 */
export async function evaluateTable(detector: Detector, data: LoadedTable, options: TableEvaluationOptions): Promise<TableEvaluation> {
  const testRows = options.rows
    ? options.rows.testRows
    : trainValidationTestSplit(data.labels, { testFraction: options.testFraction, validationFraction: 0.15, seed: options.seed, stratify: true, normalOnlyTraining: true }).testRows
  const testSet = new Set(testRows)
  const anomalyRows: number[] = []
  for (let i = 0; i < data.labels.length; i++) if (data.labels[i] === 1 && !testSet.has(i)) anomalyRows.push(i)
  const testX = selectSamples(data.x, testRows)
  const testLabels = Uint8Array.from(testRows, (r) => data.labels[r])
  const testScores = await detector.score(testX)
  const anomalyScores = anomalyRows.length > 0 ? await detector.score(selectSamples(data.x, Uint32Array.from(anomalyRows))) : new Float32Array(0)
  const normals = detector.state.calibrationScores
  const calibrationScores = new Float32Array(normals.length + anomalyScores.length)
  calibrationScores.set(normals)
  calibrationScores.set(anomalyScores, normals.length)
  const calibrationLabels = new Uint8Array(calibrationScores.length).fill(1, normals.length)
  return {
    report: evaluateDetection(testLabels, testScores, detector.threshold),
    thresholds: compareThresholds({ calibration: { scores: calibrationScores, labels: calibrationLabels }, evaluation: { scores: testScores, labels: testLabels } }),
    testRows,
    testX,
    testLabels,
    testScores,
    calibrationAnomalies: anomalyRows.length,
  }
}
