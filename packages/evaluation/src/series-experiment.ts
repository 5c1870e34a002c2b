import { fitWindowDetector, type WindowDetector } from '@aedetect/detector'
import type { EpochProgress, TrainingHistory } from '@aedetect/models'
import { applySeriesOverrides } from './apply-overrides'
import { seriesDefaultsFor, type SeriesDefaults } from './defaults'
import type { LabelledSeries } from './labelled-data'
import type { SeriesOverrides } from './overrides'
import { evaluateSeriesDetector, type SeriesEvaluation, type SeriesEvaluationOptions } from './series-evaluation'

/** Options of {@link runSeriesExperiment}. */
export interface SeriesExperimentOptions extends Omit<SeriesEvaluationOptions, 'config'> {
  /** What the caller changes; undefined fields keep `seriesDefaultsFor(channels)`. */
  overrides?: SeriesOverrides
  /** Seed of the initial weights, shuffles and validation split. Default 42. */
  seed?: number
  onEpochEnd?: (progress: EpochProgress) => void
  signal?: AbortSignal
  /** Called with the fitted detector and its configuration before the test part is evaluated (save it here: evaluation cannot cost it). */
  onFitted?: (detector: WindowDetector, config: SeriesDefaults) => Promise<void> | void
}

/** A time-series experiment: the fitted window detector (the caller disposes it), the configuration it ran and its evaluation. */
export interface SeriesExperiment extends SeriesEvaluation {
  detector: WindowDetector
  /** The configuration after the overrides: what was fitted. */
  config: SeriesDefaults
  history: TrainingHistory | null
  timingsMs: { fit: number; score: number; baselineFit: number | null; total: number }
}

/**
 * The time-series experiment `aedetect train` runs and the `nab` / `smd` benches measure: fits a window detector
 * with `seriesDefaultsFor(channels)` (plus `overrides`) on the training part, sets its point threshold on the
 * training part's point scores (label-free), then `evaluateSeriesDetector` on the test part with the PCA baseline
 * on the same windows. Scores: higher = more anomalous.
 * Throws the window detector's errors (`E_OPTION` for a window longer than the series or a labelled threshold
 * strategy, `E_ABORTED`, …).
 */
export async function runSeriesExperiment(data: LabelledSeries, options: SeriesExperimentOptions = {}): Promise<SeriesExperiment> {
  const started = performance.now()
  const defaults = seriesDefaultsFor(data.train.shape[1])
  const config = applySeriesOverrides({ ...defaults, seed: options.seed ?? defaults.seed }, options.overrides)
  const detector = await fitWindowDetector(data.train, {
    windowSize: config.windowSize,
    architecture: config.architecture,
    scaler: config.scaler,
    training: config.training,
    threshold: config.threshold,
    ...(config.alarm ? { alarm: config.alarm } : {}),
    reduce: config.reduce ?? 'mean',
    channelErrorScale: config.channelErrorScale ?? 'none',
    seed: config.seed,
    onEpochEnd: options.onEpochEnd,
    signal: options.signal,
  })
  try {
    const fitMs = performance.now() - started
    await options.onFitted?.(detector, config)
    const evaluation = await evaluateSeriesDetector(detector, data, { ...options, config })
    return {
      ...evaluation,
      detector,
      config,
      history: detector.detector.state.history,
      timingsMs: { fit: fitMs, score: evaluation.scoreMs, baselineFit: evaluation.baseline?.fitMs ?? null, total: performance.now() - started },
    }
  } catch (error) {
    detector.dispose()
    throw error
  }
}
