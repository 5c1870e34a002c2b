import { syntheticSeries } from '@aedetect/datasets'
import { runSeriesExperiment, seriesDefaultsFor, type LabelledSeries } from '@aedetect/evaluation'
import type { EpochProgress, TrainingHistory } from '@aedetect/models'

/** Points of normal history the window detector fits on, and of the labelled test part after it. */
export const SERIES_HISTORY_POINTS = 1000
export const SERIES_TEST_POINTS = 3000
/** Anomalies injected into the test part. */
export const SERIES_ANOMALIES = 8

/** What the page shows of a series experiment: plain data, sent from the worker. */
export interface SeriesDemoResult {
  /** The test part, one value per point. */
  values: Float32Array
  /** 1 = a point of an injected anomaly. */
  labels: Uint8Array
  /** One score per test point, higher = more anomalous; a point is anomalous when `score >= threshold`. */
  scores: Float64Array
  threshold: number
  windowSize: number
  /** TSB-AD's VUS-PR, VUS-ROC and AUC-ROC of the point scores. */
  vusPr: number
  vusRoc: number
  aucRoc: number
  /** Point-wise F1 at the detector's own threshold. */
  f1: number
  /** The PCA baseline's VUS-PR on the same windows (null without it). */
  baselineVusPr: number | null
  /** Detected events (runs of flagged test points). */
  detectedEvents: number
  history: TrainingHistory | null
  fitMs: number
}

/** Options of {@link trainSeriesDemo}. */
export interface SeriesDemoOptions {
  seed: number
  onEpochEnd?: (progress: EpochProgress) => void
  /** Stops training at the end of the epoch under way and keeps the best finished epoch's weights. */
  signal?: AbortSignal
}

/**
 * The series `aedetect train --data synthetic:series` trains on (1,000 normal points of history with seed + 1, then
 * 3,000 test points with 8 injected anomalies with `seed`: spikes, level shifts, frequency changes, noise bursts,
 * flat lines), run through `runSeriesExperiment` with `seriesDefaultsFor(1)` as it is (windows of the series'
 * period, the dense default, 30 epochs, the 3-sigma point threshold on the training part's scores).
 * Throws the package's errors (`E_ABORTED` when `signal` aborts before the first epoch ended).
 */
export async function trainSeriesDemo(options: SeriesDemoOptions): Promise<SeriesDemoResult> {
  const test = syntheticSeries({ length: SERIES_TEST_POINTS, seed: options.seed, anomalies: { count: SERIES_ANOMALIES } })
  const history = syntheticSeries({ length: SERIES_HISTORY_POINTS, seed: options.seed + 1, anomalies: [] })
  const data: LabelledSeries = {
    name: `synthetic series (seed ${options.seed})`,
    train: { data: history.values, shape: [SERIES_HISTORY_POINTS, 1] },
    test: { data: test.values, shape: [SERIES_TEST_POINTS, 1] },
    testLabels: test.labels,
    featureNames: ['value'],
  }
  const defaults = seriesDefaultsFor(1)
  const experiment = await runSeriesExperiment(data, {
    seed: options.seed,
    overrides: { training: { ...defaults.training, onAbort: 'keepBest' } },
    onEpochEnd: options.onEpochEnd,
    signal: options.signal,
  })
  try {
    const threshold = experiment.detector.state.threshold.value
    return {
      values: test.values,
      labels: test.labels,
      scores: experiment.testScores,
      threshold,
      windowSize: experiment.detector.windowSize,
      vusPr: experiment.timeSeries.vusPr,
      vusRoc: experiment.timeSeries.vusRoc,
      aucRoc: experiment.timeSeries.aucRoc,
      f1: experiment.timeSeriesAtThreshold.standardF1,
      baselineVusPr: experiment.baseline?.timeSeries?.vusPr ?? null,
      detectedEvents: experiment.events.length,
      history: experiment.history,
      fitMs: experiment.timingsMs.fit,
    }
  } finally {
    experiment.detector.dispose()
  }
}
