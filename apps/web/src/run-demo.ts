import { selectSamples, type Labels, type Samples } from '@aedetect/core'
import { DEFAULT_ARCHITECTURES, explainFlagged, fitDetector, type Detector } from '@aedetect/detector'
import { evaluateDetection, type Contribution, type EvaluationReport } from '@aedetect/metrics'
import type { EpochProgress } from '@aedetect/models'
import { trainValidationTestSplit } from '@aedetect/preprocessing'

/** A labelled data set loaded in the page: ECG5000 or the user's CSV. */
export interface LabelledData {
  /** What it is, for the page: 'ECG5000 (bundled)' or the CSV file's name. */
  name: string
  x: Samples
  /** 1 = anomaly. */
  labels: Labels
  featureNames: string[]
}

/** Rows in each part of the split. */
export interface SplitSummary {
  train: number
  validation: number
  /** Anomalies outside the test split, used only to choose the threshold. */
  calibrationAnomalies: number
  test: number
}

/** One test sample with its reconstruction, for the sample chart. */
export interface ExampleSample {
  /** Row in the data set (0-based). */
  row: number
  score: number
  input: number[]
  reconstruction: number[]
}

/** A flagged test sample and the values that contribute most to its error. */
export interface Explanation {
  row: number
  score: number
  top: Contribution[]
}

/** Everything the page shows after training or loading a detector. */
export interface DemoResult {
  report: EvaluationReport
  split: SplitSummary
  /** The normal and the anomalous test sample with the median score of their class. */
  examples: { normal: ExampleSample; anomalous: ExampleSample }
  /** The highest-scoring flagged test samples (at most 8), each with its 5 largest contributions. */
  explanations: Explanation[]
  /** Features (time steps for ECG5000) most often among the top 5 of all flagged test samples. */
  frequentFeatures: Array<{ name: string; flagged: number }>
  /** Wall time of fitting, 0 for a loaded detector. */
  fitMs: number
}

/** Options of {@link trainDetector}. */
export interface TrainDemoOptions {
  epochs: number
  seed: number
  onEpochEnd?: (progress: EpochProgress) => void
  signal?: AbortSignal
}

const TEST_FRACTION = 0.2
const VALIDATION_FRACTION = 0.1

function splitOf(data: LabelledData, seed: number) {
  const split = trainValidationTestSplit(data.labels, { testFraction: TEST_FRACTION, validationFraction: VALIDATION_FRACTION, seed })
  // The anomalies outside the test split (droppedRows) choose the threshold (Youden's J, the detector's
  // default with labelled calibration); they are never trained on and never scored in the report.
  return { ...split, calibrationRows: split.droppedRows }
}

/** Splits the data (seeded, stratified, normal-only training) and fits the default dense detector on it. */
export async function trainDetector(data: LabelledData, options: TrainDemoOptions): Promise<{ detector: Detector; fitMs: number }> {
  const split = splitOf(data, options.seed)
  const start = performance.now()
  const calibration = split.calibrationRows.length > 0 ? { x: selectSamples(data.x, split.calibrationRows), labels: new Uint8Array(split.calibrationRows.length).fill(1) } : undefined
  const detector = await fitDetector(selectSamples(data.x, split.trainRows), {
    architecture: DEFAULT_ARCHITECTURES.tabular,
    validation: selectSamples(data.x, split.validationRows),
    calibration,
    training: { epochs: options.epochs },
    featureNames: data.featureNames,
    seed: options.seed,
    onEpochEnd: options.onEpochEnd,
    signal: options.signal,
  })
  return { detector, fitMs: performance.now() - start }
}

/**
 * Scores the test split (the split of the detector's own seed, so a downloaded and reloaded detector is
 * evaluated on the rows it never saw) and builds what the page shows.
 */
export async function evaluateDemo(detector: Detector, data: LabelledData, fitMs: number): Promise<DemoResult> {
  const split = splitOf(data, detector.state.seed)
  const testX = selectSamples(data.x, split.testRows)
  const testLabels = Uint8Array.from(split.testRows, (row) => data.labels[row])
  const scores = await detector.score(testX)
  const report = evaluateDetection(testLabels, scores, detector.threshold)

  const medianOf = (label: number): number => {
    const rows = Array.from(testLabels.keys()).filter((i) => testLabels[i] === label).sort((a, b) => scores[a] - scores[b])
    return rows[Math.floor(rows.length / 2)]
  }
  const picked = [medianOf(0), medianOf(1)]
  const recon = await detector.reconstruct(selectSamples(testX, picked))
  const size = recon.data.length / 2
  const example = (i: number): ExampleSample => ({
    row: split.testRows[picked[i]],
    score: scores[picked[i]],
    input: Array.from(testX.data.subarray(picked[i] * size, (picked[i] + 1) * size)),
    reconstruction: Array.from(recon.data.subarray(i * size, (i + 1) * size)),
  })

  const { flagged, frequentFeatures } = await explainFlagged(detector, testX, scores, { k: 5 })
  return {
    report,
    split: { train: split.trainRows.length, validation: split.validationRows.length, calibrationAnomalies: split.calibrationRows.length, test: split.testRows.length },
    examples: { normal: example(0), anomalous: example(1) },
    explanations: flagged.slice(0, 8).map((sample) => ({ row: split.testRows[sample.index], score: sample.score, top: sample.top })),
    frequentFeatures: frequentFeatures.map(({ feature, flaggedSamples }) => ({ name: feature, flagged: flaggedSamples })),
    fitMs,
  }
}
