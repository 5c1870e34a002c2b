import type { DetectorTrainOptions, PcaConfig, ScalerChoice, ThresholdOptionsWithoutData } from '@aedetect/detector'
import type { AlarmRule } from '@aedetect/metrics'
import type { AutoencoderConfig } from '@aedetect/models'

/**
 * What a caller (a CLI flag, a config file key, a web form) changes in an experiment. Every field is optional:
 * `undefined` means the data kind's default (see `defaultsFor` / `seriesDefaultsFor`). Fields are merged over
 * the defaults one level deep (`training.epochs` alone keeps the default batch size).
 */
export interface DetectorOverrides {
  /** The autoencoder, or `{ kind: 'pca' }` for the PCA baseline. */
  architecture?: AutoencoderConfig | PcaConfig
  scaler?: ScalerChoice
  /** Epochs, batch size, learning rate, loss, noise (denoising), early stopping. */
  training?: Partial<DetectorTrainOptions>
  /** The threshold strategy and its parameters (labelled ones read the calibration rows). */
  threshold?: ThresholdOptionsWithoutData
  /** Per-sample error used as the score: 'mse' or 'mae'. */
  scoreMetric?: 'mse' | 'mae'
  /** Box radius of the error smoothing (images: 1). */
  errorSmoothing?: number
  /** Share of the normal training rows held out for validation (early stopping and label-free thresholds). */
  validationFraction?: number
}

/** {@link DetectorOverrides} for a time-series (window) experiment, plus the window length. */
export interface SeriesOverrides extends Omit<DetectorOverrides, 'validationFraction'> {
  /** Time steps per window, or 'auto' (the period rule). */
  windowSize?: number | 'auto'
  /** How point scores become alarms (a fixed threshold or a rolling one, then events); see `SeriesDefaults.alarm`. */
  alarm?: AlarmRule
}
