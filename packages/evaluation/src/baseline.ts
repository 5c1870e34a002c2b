import type { Threshold, TimeSeriesMetrics } from '@aedetect/metrics'

/**
 * The PCA reconstruction baseline fitted on the same training rows (or windows) as the autoencoder, scored on the
 * same test split: whether the neural model earns its cost.
 */
export interface BaselineResult {
  architecture: 'pca'
  /** ROC-AUC of its test scores; null when the test split holds one class. */
  rocAuc: number | null
  /** Average precision of its test scores; null when the test split holds one class. */
  averagePrecision: number | null
  /** F1 (anomaly positive) at its own threshold, chosen by the same rule as the autoencoder's. */
  f1: number
  threshold: Threshold
  /** Fitting time, milliseconds. */
  fitMs: number
  /** Time series: TSB-AD's metrics of its point scores (F scores at the oracle threshold); samples: null. */
  timeSeries: TimeSeriesMetrics | null
}

/** NaN (one class in the test split) as null, for JSON. */
export function finiteOrNull(value: number): number | null {
  return Number.isFinite(value) ? value : null
}
