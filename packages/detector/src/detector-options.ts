import type { Labels, Samples } from '@aedetect/core'
import type { ThresholdOptions } from '@aedetect/metrics'
import type { AutoencoderConfig, EpochProgress, TrainOptions } from '@aedetect/models'
import type { Scaler } from '@aedetect/preprocessing'
import type { PcaConfig } from './pca-model'

/** Which scaler the detector fits on the normal training samples, and over which axis. */
export interface ScalerChoice {
  /** 'minmax' (default), 'standard', 'robust', or 'none'. */
  kind: 'minmax' | 'standard' | 'robust' | 'none'
  /** 'feature' (default): one parameter per value position; 'channel': per last axis; 'global': one for all. */
  per?: 'feature' | 'channel' | 'global'
}

/** The training options the detector passes to the model; see `TrainOptions` in `@aedetect/models`. */
export type DetectorTrainOptions = Omit<TrainOptions, 'validation' | 'onEpochEnd' | 'signal' | 'seed'>

/** Options of {@link fitDetector}. Every field has a default; units are given on each field. */
export interface DetectorOptions {
  /**
   * The autoencoder, or `{ kind: 'pca' }` for the PCA reconstruction baseline (same detector, no training).
   * Default `{ kind: 'dense' }` (see `DEFAULT_ARCHITECTURES` for one default per kind of data).
   */
  architecture?: AutoencoderConfig | PcaConfig
  /** Default `{ kind: 'minmax', per: 'feature' }`. */
  scaler?: ScalerChoice
  /**
   * A scaler fitted elsewhere, used as-is instead of fitting `scaler` (e.g. the TensorFlow tutorial's global
   * min-max of its whole training split). Default: none.
   */
  fittedScaler?: Scaler
  /** Training options. Default: 100 epochs, batch 64, Adam 1e-3, MSE, early stopping (patience 10, restoring the best weights). */
  training?: DetectorTrainOptions
  /**
   * Normal samples held out for validation loss, early stopping and threshold calibration.
   * Default: `validationFraction` of the normal training samples, seeded.
   */
  validation?: Samples
  /** Fraction of the normal samples held out when no `validation` is given. Default 0.1. */
  validationFraction?: number
  /**
   * Labelled samples (not the test split) for the labelled threshold strategies ('bestF1', 'youden', 'maxFpr').
   * Their anomalies are never trained on. Default: none.
   */
  calibration?: { x: Samples; labels: Labels }
  /**
   * How the threshold is chosen. Label-free strategies use the reconstruction errors of the held-out normal
   * validation samples; labelled ones use `calibration` together with the validation samples (as normals).
   * Default: `{ strategy: 'youden' }` (independent of the anomaly share) when `calibration` holds anomalies, else `{ strategy: 'percentile', q: 0.99 }`.
   */
  threshold?: ThresholdOptionsWithoutData
  /** Per-sample error used as the anomaly score: 'mse' (default) or 'mae'. */
  scoreMetric?: 'mse' | 'mae'
  /**
   * Box radius over which each difference x − reconstruction is averaged with its neighbours along the spatial
   * axes (height and width of images `[h, w, c]`, the steps of sequences `[steps, channels]`) before it is squared
   * (or made absolute) and averaged into the score. A coherent error, such as a missing sleeve or a wrong stroke,
   * then counts more than the same amount of scattered pixel noise. `1` (3 × 3 pixels) is the choice for images:
   * on one-class MNIST / Fashion-MNIST it raised every image detector's mean ROC-AUC (see
   * `IMAGE_ERROR_SMOOTHING`). Scores, thresholds, `scoreFeatures` and `explain` all use it. Default `0` (off);
   * tabular samples `[features]` have no neighbours and take only 0.
   */
  errorSmoothing?: number
  /** Feature names, one per value of a sample (for explanations and reports). Default 'f0', 'f1', …. */
  featureNames?: string[]
  /** Seed of every random choice (validation split, initial weights, shuffling, noise). Default 42. */
  seed?: number
  /** Called after every epoch. */
  onEpochEnd?: (progress: EpochProgress) => void
  /**
   * Stops training (seen within one epoch). By default the promise rejects with code 'E_ABORTED'; with
   * `training: { onAbort: 'keepBest' }` it resolves with a detector on the weights of the best finished epoch, its
   * threshold calibrated on them (`state.history.aborted` is `true`).
   */
  signal?: AbortSignal
}

/** A threshold strategy without its data: the detector supplies the scores (and labels) itself. */
export type ThresholdOptionsWithoutData = DistributiveOmit<ThresholdOptions, 'labels'>

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never
