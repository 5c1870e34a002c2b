import type { Detector } from '@aedetect/detector'
import {
  checkRequestedSplit,
  createSplitRecord,
  defaultsFor,
  evaluateSampleDetector,
  runSampleExperiment,
  type ExperimentDefaults,
  type LabelledSamples,
  type SampleEvaluation,
  type SplitRecord,
} from '@aedetect/evaluation'
import type { EpochProgress, TrainingHistory } from '@aedetect/models'

/** A labelled data set loaded in the page: ECG5000 or the user's CSV (1 = anomaly). */
export type LabelledData = LabelledSamples

/** Where the split the page evaluates on came from. */
export type SplitOrigin = 'trained' | 'recorded' | 'seeded-default'

/** Everything the page shows after training or loading a detector: the evaluation package's output, as it is. */
export interface DemoResult {
  evaluation: SampleEvaluation
  split: SplitRecord
  splitOrigin: SplitOrigin
  history: TrainingHistory | null
  /** Wall time of fitting in ms, 0 for a loaded detector. */
  fitMs: number
  /** `[height, width]` when the samples are one-channel images (drawn as images and error heat maps), else null. */
  imageShape: [number, number] | null
}

/** The kind of samples for the evaluation package's defaults: images `[n, h, w, c]`, otherwise rows. */
export function sampleKind(data: LabelledData): 'image' | 'tabular' {
  return data.x.shape.length === 4 ? 'image' : 'tabular'
}

function imageShapeOf(data: LabelledData): [number, number] | null {
  return data.x.shape.length === 4 && data.x.shape[3] === 1 ? [data.x.shape[1], data.x.shape[2]] : null
}

/** Options of {@link trainDemo}. */
export interface TrainDemoOptions {
  epochs: number
  seed: number
  onEpochEnd?: (progress: EpochProgress) => void
  /** Stops training at the end of the epoch under way and keeps the best finished epoch's weights (`onAbort: 'keepBest'`). */
  signal?: AbortSignal
}

// Contributions listed per flagged sample in the page's table (the package's default is 3).
const TOP_K = 5

/**
 * The experiment `aedetect train` runs on a table or on images (`runSampleExperiment`, kind 'tabular', or 'image' for
 * `[n, h, w, c]` samples: the recorded seeded split, the kind's dense default, the threshold chosen without the test
 * rows, the PCA baseline on the same split), with the page's epochs. Returns the fitted detector (the caller disposes it) and what the page shows.
 * Throws the package's errors (`E_ABORTED` when `signal` aborts before the first epoch ended; later, the fit keeps
 * the best epoch's weights and the result's `history.aborted` is `true`).
 */
export async function trainDemo(data: LabelledData, options: TrainDemoOptions): Promise<{ detector: Detector; result: DemoResult }> {
  const experiment = await runSampleExperiment(data, {
    kind: sampleKind(data),
    seed: options.seed,
    overrides: { training: { epochs: options.epochs, onAbort: 'keepBest' } },
    topK: TOP_K,
    onEpochEnd: options.onEpochEnd,
    signal: options.signal,
  })
  const { detector, split, config, history, timingsMs, ...evaluation } = experiment
  return { detector, result: { evaluation, split, splitOrigin: 'trained', history, fitMs: timingsMs.fit, imageShape: imageShapeOf(data) } }
}

/**
 * Evaluates a loaded detector with `evaluateSampleDetector`: on the split recorded beside it (the CLI's
 * experiment.json) when there is one, else on `createSplitRecord` with the detector's own seed and the package's
 * tabular fractions (what `aedetect train` would have drawn). Throws `E_OPTION` when the data has another row count
 * than the recorded split.
 */
export async function evaluateLoaded(detector: Detector, data: LabelledData, recorded: { split: SplitRecord; config: ExperimentDefaults | null; where: string } | null): Promise<DemoResult> {
  const defaults = defaultsFor(sampleKind(data))
  let split: SplitRecord
  if (recorded) {
    checkRequestedSplit(recorded.split, { rows: data.labels.length }, { option: 'the data choice', model: 'the detector', recordedIn: recorded.where })
    split = recorded.split
  } else {
    split = createSplitRecord(data.labels, { seed: detector.state.seed, testFraction: defaults.testFraction, validationFraction: defaults.validationFraction })
  }
  const evaluation = await evaluateSampleDetector(detector, data, split, { topK: TOP_K, config: recorded?.config ?? defaults })
  return { evaluation, split, splitOrigin: recorded ? 'recorded' : 'seeded-default', history: detector.state.history, fitMs: 0, imageShape: imageShapeOf(data) }
}
