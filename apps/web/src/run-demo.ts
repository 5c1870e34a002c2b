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
}

/** Options of {@link trainDemo}. */
export interface TrainDemoOptions {
  epochs: number
  seed: number
  onEpochEnd?: (progress: EpochProgress) => void
  signal?: AbortSignal
}

// Contributions listed per flagged sample in the page's table (the package's default is 3).
const TOP_K = 5

/**
 * The experiment `aedetect train` runs on a table (`runSampleExperiment`, kind 'tabular': the recorded seeded
 * split, the dense default, the threshold chosen without the test rows, the PCA baseline on the same split), with
 * the page's epochs. Returns the fitted detector (the caller disposes it) and what the page shows.
 * Throws the package's errors (`E_ABORTED` when `signal` aborts).
 */
export async function trainDemo(data: LabelledData, options: TrainDemoOptions): Promise<{ detector: Detector; result: DemoResult }> {
  const experiment = await runSampleExperiment(data, {
    kind: 'tabular',
    seed: options.seed,
    overrides: { training: { epochs: options.epochs } },
    topK: TOP_K,
    onEpochEnd: options.onEpochEnd,
    signal: options.signal,
  })
  const { detector, split, config, history, timingsMs, ...evaluation } = experiment
  return { detector, result: { evaluation, split, splitOrigin: 'trained', history, fitMs: timingsMs.fit } }
}

/**
 * Evaluates a loaded detector with `evaluateSampleDetector`: on the split recorded beside it (the CLI's
 * experiment.json) when there is one, else on `createSplitRecord` with the detector's own seed and the package's
 * tabular fractions (what `aedetect train` would have drawn). Throws `E_OPTION` when the data has another row count
 * than the recorded split.
 */
export async function evaluateLoaded(detector: Detector, data: LabelledData, recorded: { split: SplitRecord; config: ExperimentDefaults | null; where: string } | null): Promise<DemoResult> {
  const defaults = defaultsFor('tabular')
  let split: SplitRecord
  if (recorded) {
    checkRequestedSplit(recorded.split, { rows: data.labels.length }, { option: 'the data choice', model: 'the detector', recordedIn: recorded.where })
    split = recorded.split
  } else {
    split = createSplitRecord(data.labels, { seed: detector.state.seed, testFraction: defaults.testFraction, validationFraction: defaults.validationFraction })
  }
  const evaluation = await evaluateSampleDetector(detector, data, split, { topK: TOP_K, config: recorded?.config ?? defaults })
  return { evaluation, split, splitOrigin: recorded ? 'recorded' : 'seeded-default', history: detector.state.history, fitMs: 0 }
}
