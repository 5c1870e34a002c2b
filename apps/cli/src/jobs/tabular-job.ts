import { permutation, selectSamples, type Labels, type Samples } from '@aedetect/core'
import { explainFlagged, fitDetector, type Detector, type DetectorOptions } from '@aedetect/detector'
import { saveDetector } from '@aedetect/detector/node'
import type { EvaluationReport } from '@aedetect/metrics'
import { trainValidationTestSplit } from '@aedetect/preprocessing'
import { reportOrPartial } from './single-class-report'

/** A labelled table to run the main job on. */
export interface LabelledTable {
  /** What the data is, for the report: e.g. 'ECG5000 (bundled copy)'. */
  name: string
  x: Samples
  labels: Labels
  featureNames: string[]
}

export interface TabularJobOptions {
  seed: number
  testFraction: number
  validationFraction: number
  detector: Omit<DetectorOptions, 'validation' | 'calibration' | 'seed' | 'featureNames'>
  /** Where the detector is saved. */
  outDir: string
  /** Rows given explicitly (`--split-file`) instead of a seeded split; 0-based data rows. */
  rows?: { trainRows: Uint32Array; testRows: Uint32Array }
  /** Number of top contributing features listed per flagged sample. */
  topK: number
}

/** Counts of normal and anomalous rows in one part of the split. */
export interface PartCounts { rows: number; normal: number; anomalous: number }

export interface TabularJobResult {
  detector: Detector
  split: { train: PartCounts; validation: PartCounts; calibrationAnomalies: number; test: PartCounts }
  report: EvaluationReport
  /** Why ROC-AUC and average precision are absent (NaN): the test split holds one class only. */
  rocAbsentReason?: string
  explanations: Array<{ row: number; score: number; top: Array<{ feature: string; share: number; input: number; reconstruction: number }> }>
  topFeatures: Array<{ feature: string; flaggedSamples: number }>
  timingsMs: { fit: number; score: number; total: number }
  testScores: Float32Array
  testLabels: Labels
}

/**
 * The main job on a labelled table: a seeded stratified train/test split; the normal rows of the training
 * part (minus a held-out validation part) train the detector; the threshold is chosen on the validation
 * normals and the training part's anomalies (never on the test split); the test split is scored and
 * reported; the detector is saved (before the test split is evaluated). A test split of one class still
 * gives the figures at the threshold; ROC-AUC is then NaN and `rocAbsentReason` says why.
 */
export async function runTabularJob(table: LabelledTable, options: TabularJobOptions): Promise<TabularJobResult> {
  const start = performance.now()
  const split = options.rows
    ? splitFromRows(table.labels, options.rows, options.validationFraction, options.seed)
    : trainValidationTestSplit(table.labels, { testFraction: options.testFraction, validationFraction: options.validationFraction, seed: options.seed, stratify: true, normalOnlyTraining: true })
  // The training part's anomalies only help choose the threshold; they are never trained on.
  const calibrationRows = split.droppedRows
  const fitStart = performance.now()
  const detector = await fitDetector(selectSamples(table.x, split.trainRows), {
    ...options.detector,
    validation: selectSamples(table.x, split.validationRows),
    calibration: calibrationRows.length > 0 ? { x: selectSamples(table.x, calibrationRows), labels: new Uint8Array(calibrationRows.length).fill(1) } : undefined,
    seed: options.seed,
    featureNames: table.featureNames,
  })
  const fitMs = performance.now() - fitStart
  // Saved before the test split is evaluated: a test split that cannot give every figure (normal-only
  // data has no ROC-AUC) must not cost the trained detector.
  await saveDetector(detector, options.outDir)
  const testX = selectSamples(table.x, split.testRows)
  const testLabels = Uint8Array.from(split.testRows, (r) => table.labels[r])
  const scoreStart = performance.now()
  const testScores = await detector.score(testX)
  const scoreMs = performance.now() - scoreStart
  const { report, absentReason } = reportOrPartial(testLabels, testScores, detector.threshold)

  const { flagged, frequentFeatures } = await explainFlagged(detector, testX, testScores, { k: options.topK })

  const count = (rows: ArrayLike<number>): PartCounts => {
    let anomalous = 0
    for (let i = 0; i < rows.length; i++) anomalous += table.labels[rows[i]]
    return { rows: rows.length, normal: rows.length - anomalous, anomalous }
  }
  return {
    detector,
    split: { train: count(split.trainRows), validation: count(split.validationRows), calibrationAnomalies: calibrationRows.length, test: count(split.testRows) },
    report,
    ...(absentReason === undefined ? {} : { rocAbsentReason: absentReason }),
    explanations: flagged.map((sample) => ({
      row: split.testRows[sample.index],
      score: sample.score,
      top: sample.top.map((c) => ({ feature: c.name, share: c.share, input: c.input, reconstruction: c.reconstruction })),
    })),
    topFeatures: frequentFeatures,
    timingsMs: { fit: fitMs, score: scoreMs, total: performance.now() - start },
    testScores,
    testLabels,
  }
}

// --split-file gives train and test rows; the validation part is still held out of the normal training rows.
function splitFromRows(labels: Labels, rows: { trainRows: Uint32Array; testRows: Uint32Array }, validationFraction: number, seed: number) {
  const normalTrain = Uint32Array.from(Array.from(rows.trainRows).filter((r) => labels[r] === 0))
  const order = permutation(normalTrain.length, seed)
  const held = Math.max(1, Math.round(normalTrain.length * validationFraction))
  const pick = (from: number, to: number) => Uint32Array.from(order.subarray(from, to), (i) => normalTrain[i]).sort()
  const droppedRows = Uint32Array.from(Array.from(rows.trainRows).filter((r) => labels[r] === 1)).sort()
  return { trainRows: pick(held, order.length), validationRows: pick(0, held), testRows: rows.testRows, droppedRows }
}
