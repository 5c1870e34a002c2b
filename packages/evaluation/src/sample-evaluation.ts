import { selectSamples, type Labels, type Samples } from '@aedetect/core'
import { explainFlagged, fitDetector, type Detector } from '@aedetect/detector'
import { compareThresholds, type EvaluationReport, type ThresholdComparisonRow } from '@aedetect/metrics'
import { finiteOrNull, type BaselineResult } from './baseline'
import { defaultsFor, type ExperimentDefaults } from './defaults'
import { detectionReport } from './detection-report'
import type { LabelledSamples } from './labelled-data'
import { largestGaps, type FeatureError, type ReconstructionExample } from './reconstruction-example'
import type { SplitRecord } from './split-record'

/** Normal and anomalous rows of one part of the split. */
export interface PartCounts {
  rows: number
  normal: number
  anomalous: number
}

/** One flagged test sample and its top contributing features. */
export interface SampleExplanation {
  /** 0-based data row. */
  row: number
  score: number
  top: Array<{ feature: string; share: number; input: number; reconstruction: number }>
}

/** Options of {@link evaluateSampleDetector}. */
export interface SampleEvaluationOptions {
  /** Contributing features listed per flagged sample. Default 3. */
  topK?: number
  /** Fit the PCA baseline on the split's training rows and score it beside. Default true. */
  baseline?: boolean
  /** Scaler, threshold rule, score metric and smoothing the baseline shares. Default `defaultsFor('tabular')`. */
  config?: ExperimentDefaults
}

/** A detector of single samples evaluated on the recorded test rows. */
export interface SampleEvaluation {
  /** At the detector's threshold, both positive-class conventions; ROC-AUC NaN when `absentReason` is set. */
  report: EvaluationReport
  absentReason?: string
  /** Every threshold strategy chosen on the calibration scores (validation normals + the training part's anomalies), evaluated on the test rows. */
  thresholds: ThresholdComparisonRow[]
  counts: { train: PartCounts; validation: PartCounts; calibration: PartCounts; test: PartCounts }
  /** 0-based data rows evaluated (the split's `testRows`). */
  testRows: Uint32Array
  testLabels: Labels
  /** One score per test row, higher = more anomalous; anomalous when `score >= threshold.value`. */
  testScores: Float32Array
  /** Flagged test samples, highest score first. */
  explanations: SampleExplanation[]
  /** Features most often among the top-k of the flagged samples. */
  topFeatures: Array<{ feature: string; flaggedSamples: number }>
  /** The median-scored normal and anomalous test samples with their reconstructions (chart data). */
  examples: { normal: ReconstructionExample; anomalous: ReconstructionExample }
  /** Mean per-feature error of normal and anomalous test samples, largest gap first (15 at most). */
  featureErrors: FeatureError[]
  /** The PCA baseline on the same split; null when `baseline: false`. */
  baseline: BaselineResult | null
  /** Scoring and evaluation time, milliseconds (the baseline's fit excluded). */
  scoreMs: number
}

/**
 * Evaluates a fitted (or loaded) detector of single samples on exactly the test rows of `split`: the report at
 * its threshold, every threshold strategy on the calibration scores (the detector's held-out normal validation
 * scores and the split's calibration anomalies, never the test rows), explanations, chart data and the PCA
 * baseline fitted on the same training rows. Scores: higher = more anomalous.
 * Throws `E_OPTION` when `data` has another row count than `split`, and the detector's errors.
 */
export async function evaluateSampleDetector(detector: Detector, data: LabelledSamples, split: SplitRecord, options: SampleEvaluationOptions = {}): Promise<SampleEvaluation> {
  const started = performance.now()
  const testRows = Uint32Array.from(split.testRows)
  const testX = selectSamples(data.x, testRows)
  const testLabels = Uint8Array.from(testRows, (r) => data.labels[r])
  const testScores = await detector.score(testX)
  const { report, absentReason } = detectionReport(testLabels, testScores, detector.threshold)
  const anomalyScores = split.calibrationRows.length > 0 ? await detector.score(selectSamples(data.x, split.calibrationRows)) : new Float32Array(0)
  const normals = detector.state.calibrationScores
  const calibrationScores = new Float32Array(normals.length + anomalyScores.length)
  calibrationScores.set(normals)
  calibrationScores.set(anomalyScores, normals.length)
  const calibrationLabels = new Uint8Array(calibrationScores.length).fill(1, normals.length)
  const { flagged, frequentFeatures } = await explainFlagged(detector, testX, testScores, { k: options.topK ?? 3 })
  const count = (rows: ArrayLike<number>): PartCounts => {
    let anomalous = 0
    for (let i = 0; i < rows.length; i++) anomalous += data.labels[rows[i]]
    return { rows: rows.length, normal: rows.length - anomalous, anomalous }
  }
  const result: SampleEvaluation = {
    report,
    ...(absentReason === undefined ? {} : { absentReason }),
    thresholds: absentReason === undefined ? compareThresholds({ calibration: { scores: calibrationScores, labels: calibrationLabels }, evaluation: { scores: testScores, labels: testLabels } }) : [],
    counts: { train: count(split.trainRows), validation: count(split.validationRows), calibration: count(split.calibrationRows), test: count(testRows) },
    testRows,
    testLabels,
    testScores,
    explanations: flagged.map((sample) => ({ row: testRows[sample.index], score: sample.score, top: sample.top.map((c) => ({ feature: c.name, share: c.share, input: c.input, reconstruction: c.reconstruction })) })),
    topFeatures: frequentFeatures,
    examples: { normal: await example(detector, testX, testRows, testLabels, testScores, 0), anomalous: await example(detector, testX, testRows, testLabels, testScores, 1) },
    featureErrors: await featureErrors(detector, testX, testLabels),
    baseline: null,
    scoreMs: 0,
  }
  result.scoreMs = performance.now() - started
  if (options.baseline ?? true) result.baseline = await sampleBaseline(data, split, testX, testLabels, options.config ?? defaultsFor('tabular'))
  return result
}

/** PCA fitted on the same training rows, validated and calibrated on the same rows, with the same threshold rule. */
export async function sampleBaseline(data: LabelledSamples, split: SplitRecord, testX: Samples, testLabels: Labels, config: ExperimentDefaults): Promise<BaselineResult> {
  const started = performance.now()
  const pca = await fitDetector(selectSamples(data.x, split.trainRows), {
    architecture: { kind: 'pca' },
    scaler: config.scaler,
    validation: selectSamples(data.x, split.validationRows),
    calibration: split.calibrationRows.length > 0 ? { x: selectSamples(data.x, split.calibrationRows), labels: new Uint8Array(split.calibrationRows.length).fill(1) } : undefined,
    threshold: config.threshold ?? undefined,
    scoreMetric: config.scoreMetric,
    errorSmoothing: config.errorSmoothing,
    seed: split.seed,
  })
  try {
    const fitMs = performance.now() - started
    const { report } = detectionReport(testLabels, await pca.score(testX), pca.threshold)
    return { architecture: 'pca', rocAuc: finiteOrNull(report.rocAuc), averagePrecision: finiteOrNull(report.averagePrecision), f1: report.anomalyPositive.f1, threshold: pca.threshold, fitMs, timeSeries: null }
  } finally {
    pca.dispose()
  }
}

// The median-scored test sample of a class (of all test samples when the class is absent).
async function example(detector: Detector, testX: Samples, testRows: Uint32Array, labels: Labels, scores: Float32Array, label: 0 | 1): Promise<ReconstructionExample> {
  let rows: number[] = []
  for (let i = 0; i < labels.length; i++) if (labels[i] === label) rows.push(i)
  const name = label === 1 ? 'anomalous' : 'normal'
  const absent = rows.length === 0
  if (absent) rows = Array.from(labels.keys())
  rows.sort((a, b) => scores[a] - scores[b])
  const pick = rows[Math.floor(rows.length / 2)]
  const sample = selectSamples(testX, [pick])
  const reconstruction = await detector.reconstruct(sample)
  const title = absent
    ? `A test sample (data row ${testRows[pick]}, the median score ${scores[pick].toPrecision(3)}; the test split holds no ${name} sample)`
    : `${label === 1 ? 'An' : 'A'} ${name} test sample (data row ${testRows[pick]}, the median score of the ${name} ones: ${scores[pick].toPrecision(3)})`
  return { title, input: sample.data, reconstruction: reconstruction.data }
}

async function featureErrors(detector: Detector, testX: Samples, labels: Labels): Promise<FeatureError[]> {
  const errors = await detector.scoreFeatures(testX)
  const d = errors.data.length / errors.shape[0]
  const sums = [new Float64Array(d), new Float64Array(d)]
  const counts = [0, 0]
  for (let i = 0; i < labels.length; i++) {
    const y = labels[i] === 1 ? 1 : 0
    counts[y]++
    for (let j = 0; j < d; j++) sums[y][j] += errors.data[i * d + j]
  }
  const names = detector.state.featureNames
  return largestGaps(Array.from({ length: d }, (_, j) => ({ feature: names[j] ?? `f${j}`, normal: sums[0][j] / counts[0], anomalous: sums[1][j] / counts[1] })))
}
