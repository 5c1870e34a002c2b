import type { Labels, Samples, Scores } from '@aedetect/core'
import type { Contribution, Threshold } from '@aedetect/metrics'
import type { AutoencoderConfig, TrainingHistory } from '@aedetect/models'
import type { Scaler } from '@aedetect/preprocessing'
import type { PcaConfig } from './pca-model'

/** Summary statistics of the reconstruction errors of a set of normal samples. */
export interface ErrorStatistics {
  count: number
  mean: number
  /** Population standard deviation (ddof 0). */
  std: number
  min: number
  max: number
  /** Linear percentiles 50, 90, 95, 99. */
  p50: number
  p90: number
  p95: number
  p99: number
}

/** What a detector holds besides its weights: everything `detector.json` records. */
export interface DetectorState {
  /** The autoencoder's config, or the PCA baseline's. */
  architecture: AutoencoderConfig | PcaConfig
  /** Shape of one sample, e.g. `[140]`. */
  sampleShape: number[]
  scaler: Scaler | null
  threshold: Threshold
  scoreMetric: 'mse' | 'mae'
  /** Box radius over which differences are averaged along the spatial axes before the score (0 = off); see `DetectorOptions.errorSmoothing`. */
  errorSmoothing: number
  featureNames: string[]
  seed: number
  /** Errors of the normal training samples (the model has seen them: biased low). */
  trainingErrors: ErrorStatistics
  /** Errors of the held-out normal validation samples, the base of label-free thresholds. */
  validationErrors: ErrorStatistics
  /** The held-out normal validation errors themselves, kept so the detector can be re-thresholded without retraining. */
  calibrationScores: Float32Array
  history: TrainingHistory | null
  /** tfjs backend the model was trained on ('none' for PCA). */
  backend: string
}

/**
 * A fitted anomaly detector: scaler + autoencoder + threshold. Scores are reconstruction errors, higher = more
 * anomalous; a sample is anomalous when `score >= threshold.value`. Create it with `fitDetector` or
 * `loadDetector`; call `dispose()` to free its tensors.
 */
export interface Detector {
  readonly state: DetectorState
  /** Shortcut for `state.threshold`. */
  readonly threshold: Threshold
  /**
   * Per-sample anomaly scores (reconstruction error in scaled units, the detector's `scoreMetric`), higher = more
   * anomalous; a sample is anomalous when `score >= threshold.value`. Autoencoder errors are computed on the
   * tfjs backend (8,192 rows per pass on wasm, 1,024 on cpu) and only the scores are read back.
   * Throws `E_NOT_FINITE` naming the first sample whose score is NaN (damaged weights, or values that overflow
   * inside the model): such a score is never labelled normal. A score of +Infinity (an error past float32's range,
   * from values far outside the training data) is returned and flagged by any threshold. `predict` and the window
   * detector score through it.
   */
  score(x: Samples | number[][]): Promise<Scores>
  /** Per-value squared (mse) or absolute (mae) errors in scaled units, same shape as `x` (of the smoothed differences with `errorSmoothing`); their mean is the score. */
  scoreFeatures(x: Samples | number[][]): Promise<Samples>
  /** 1 = anomaly (score >= threshold), 0 = normal. `threshold` overrides the detector's own value. */
  predict(x: Samples | number[][], options?: { threshold?: number }): Promise<Labels>
  /**
   * The `k` features contributing most to each sample's error (default 5), with the input value, the
   * reconstruction (both in original units) and the error share. `rows` restricts the samples explained.
   */
  explain(x: Samples | number[][], options?: { k?: number; rows?: ArrayLike<number> }): Promise<Contribution[][]>
  /** Reconstructions in original units (inverse-scaled): the denoised input, for a denoising model. */
  reconstruct(x: Samples | number[][]): Promise<Samples>
  /** Latent codes, shape `[n, codeSize]`: for plotting, or as features for a supervised model. */
  encode(x: Samples | number[][]): Promise<Samples>
  /** A copy sharing the same model with another threshold (no retraining). */
  withThreshold(threshold: Threshold): Detector
  dispose(): void
}
