import { selectSamples } from '@aedetect/core'
import { fitDetector, type Detector } from '@aedetect/detector'
import type { EpochProgress, TrainingHistory } from '@aedetect/models'
import { applyOverrides } from './apply-overrides'
import { defaultsFor, type ExperimentDefaults, type SampleKind } from './defaults'
import type { LabelledSamples } from './labelled-data'
import type { DetectorOverrides } from './overrides'
import { evaluateSampleDetector, type SampleEvaluation } from './sample-evaluation'
import { createSplitRecord, type SplitRecord } from './split-record'

/** Options of {@link runSampleExperiment}. */
export interface SampleExperimentOptions {
  /** What one sample is; picks the defaults (`defaultsFor(kind)`). */
  kind: SampleKind
  /** What the caller changes; undefined fields keep the kind's defaults. */
  overrides?: DetectorOverrides
  /** Seed of the split, the validation rows, the initial weights and the shuffles. Default 42. */
  seed?: number
  /** Share of all rows in the seeded stratified test split. Default 0.2. */
  testFraction?: number
  /** Train and test rows given (a split file, ECG5000's UCR files) instead of the seeded split. */
  given?: { source: 'file' | 'ucr'; trainRows: ArrayLike<number>; testRows: ArrayLike<number> }
  /** Contributing features listed per flagged sample. Default 3. */
  topK?: number
  /** Fit and score the PCA baseline on the same split. Default true. */
  baseline?: boolean
  onEpochEnd?: (progress: EpochProgress) => void
  signal?: AbortSignal
  /** Called with the fitted detector, its split and its configuration before the test split is evaluated (save them here). */
  onFitted?: (detector: Detector, split: SplitRecord, config: ExperimentDefaults) => Promise<void> | void
}

/** A sample experiment: the fitted detector (the caller disposes it), its split, its configuration and its evaluation. */
export interface SampleExperiment extends SampleEvaluation {
  detector: Detector
  split: SplitRecord
  /** The configuration after the overrides: what was fitted. */
  config: ExperimentDefaults
  history: TrainingHistory | null
  timingsMs: { fit: number; score: number; baselineFit: number | null; total: number }
}

/**
 * The experiment `aedetect train` runs on a labelled table, sequences or images: the recorded split
 * (`createSplitRecord`), a detector fitted with `defaultsFor(kind)` plus `overrides` on the normal training rows,
 * validated on the held-out normals, its threshold chosen on the calibration rows (`youden` when the training part
 * holds anomalies, else the 99th percentile of the validation errors, unless `overrides.threshold` says), then
 * `evaluateSampleDetector` on the test rows with the PCA baseline on the same split. Scores: higher = more anomalous.
 * Throws the split's and the detector's errors (`E_OPTION`, `E_LABELS`, `E_NOT_FINITE`, `E_ABORTED`, …).
 */
export async function runSampleExperiment(data: LabelledSamples, options: SampleExperimentOptions): Promise<SampleExperiment> {
  const started = performance.now()
  const defaults = defaultsFor(options.kind)
  const config = applyOverrides({ ...defaults, seed: options.seed ?? defaults.seed, testFraction: options.testFraction ?? defaults.testFraction }, options.overrides)
  const split = createSplitRecord(data.labels, { seed: config.seed, testFraction: config.testFraction, validationFraction: config.validationFraction, given: options.given })
  const calibration = split.calibrationRows
  const detector = await fitDetector(selectSamples(data.x, split.trainRows), {
    architecture: config.architecture,
    scaler: config.scaler,
    training: config.training,
    validation: selectSamples(data.x, split.validationRows),
    // The training part's anomalies only help choose the threshold; they are never trained on.
    calibration: calibration.length > 0 ? { x: selectSamples(data.x, calibration), labels: new Uint8Array(calibration.length).fill(1) } : undefined,
    threshold: config.threshold ?? undefined,
    scoreMetric: config.scoreMetric,
    errorSmoothing: config.errorSmoothing,
    featureNames: data.featureNames,
    seed: config.seed,
    onEpochEnd: options.onEpochEnd,
    signal: options.signal,
  })
  try {
    const fitMs = performance.now() - started
    await options.onFitted?.(detector, split, config)
    const evaluation = await evaluateSampleDetector(detector, data, split, { topK: options.topK, baseline: options.baseline, config })
    return {
      ...evaluation,
      detector,
      split,
      config,
      history: detector.state.history,
      timingsMs: { fit: fitMs, score: evaluation.scoreMs, baselineFit: evaluation.baseline?.fitMs ?? null, total: performance.now() - started },
    }
  } catch (error) {
    detector.dispose()
    throw error
  }
}
