import { DEFAULT_SEED } from '@aedetect/core'
import { CONV2D_IMAGE_ARCHITECTURE, DEFAULT_ARCHITECTURES, IMAGE_ERROR_SMOOTHING, type ChannelErrorScale, type DetectorTrainOptions, type PcaConfig, type ScalerChoice, type ThresholdOptionsWithoutData, type WindowScalerChoice } from '@aedetect/detector'
import type { AlarmRule } from '@aedetect/metrics'
import type { AutoencoderConfig } from '@aedetect/models'

/**
 * What one sample is: a row of features (`[features]`), a fixed-length sequence such as an ECG beat
 * (`[steps, channels]`, e.g. `[140, 1]`), or an image (`[height, width, channels]`). Time series cut into
 * sliding windows are not samples: see {@link seriesDefaultsFor}.
 */
export type SampleKind = 'tabular' | 'sequence' | 'image'

/** The defaults of a sample experiment for one kind of data: what `aedetect train` runs with no flags. */
export interface ExperimentDefaults {
  architecture: AutoencoderConfig | PcaConfig
  scaler: ScalerChoice
  training: DetectorTrainOptions
  /**
   * The threshold strategy, or `null` for the detector's rule: `youden` when the training part holds anomalies
   * to calibrate on, else the 99th percentile of the held-out normal errors.
   */
  threshold: ThresholdOptionsWithoutData | null
  scoreMetric: 'mse' | 'mae'
  /** Box radius of the error smoothing (images 1, see `IMAGE_ERROR_SMOOTHING`; rows and sequences 0). */
  errorSmoothing: number
  /** Share of the normal training rows held out for validation (early stopping, label-free thresholds). */
  validationFraction: number
  /** Share of all rows in the seeded stratified test split. */
  testFraction: number
  /** Seed of the split, the initial weights, the shuffles and the noise. */
  seed: number
}

/** The defaults of a time-series (window) experiment: what `aedetect train` runs on a series with no flags. */
export interface SeriesDefaults {
  /** Time steps per window, or 'auto' (TSB-AD's period rule on the training part's first channel). */
  windowSize: number | 'auto'
  architecture: AutoencoderConfig | PcaConfig
  /** The scaler of the windows (a robust one may set `quantileRange` and `clipTo`); the PCA baseline shares it. */
  scaler: WindowScalerChoice
  training: DetectorTrainOptions
  /** How a point's score is taken from the windows covering it: 'mean' or 'max'. Absent (records before issue 19): 'mean'. */
  reduce?: 'mean' | 'max'
  /** Label-free strategy applied to the training part's point scores (the fixed alarm rule's value). */
  threshold: ThresholdOptionsWithoutData
  /**
   * How point scores become alarms (`fitWindowDetector`'s `alarm`): the fixed `threshold`, or a rolling
   * threshold (non-parametric or mean + k std) on the stream; then events with a minimum length and a cool-down. Absent (records
   * before issue 19's rule): the fixed threshold, every flagged point.
   */
  alarm?: AlarmRule
  /**
   * How the channels' errors are weighed in a window's score (`fitWindowDetector`'s `channelErrorScale`): 'none'
   * (plain mean) or 'channel' (each channel's error divided by its training mean). Absent (records written before
   * issue 19): 'none'.
   */
  channelErrorScale?: ChannelErrorScale
  seed: number
}

// The CLI's training of single samples since issue 3: up to 200 epochs (early stopping ends most runs near 60),
// batch 64; the detector's own early stopping (patience 10, best weights restored) stays on.
const SAMPLE_TRAINING: DetectorTrainOptions = { epochs: 200, batchSize: 64 }

/**
 * The defaults of a sample experiment per kind of data, defined once for the CLI, the web demo and the bench:
 * the package architecture (`DEFAULT_ARCHITECTURES`), min-max scaling per feature (rows), per channel
 * (sequences) or none (images, already in [0, 1]), error smoothing 1 for images, 200 epochs of batch 64,
 * validation 0.15 of the normal training rows, test 0.2 of all rows, seed 42.
 */
export function defaultsFor(kind: SampleKind): ExperimentDefaults {
  return {
    architecture: DEFAULT_ARCHITECTURES[kind],
    scaler: kind === 'image' ? { kind: 'none' } : kind === 'sequence' ? { kind: 'minmax', per: 'channel' } : { kind: 'minmax', per: 'feature' },
    training: { ...SAMPLE_TRAINING },
    threshold: null,
    scoreMetric: 'mse',
    errorSmoothing: kind === 'image' ? IMAGE_ERROR_SMOOTHING : 0,
    validationFraction: 0.15,
    testFraction: 0.2,
    seed: DEFAULT_SEED,
  }
}

// Issue 19's alarm rule, one per kind, chosen on the developer data from the cached scores of the defaults
// (bench/src/scripts/choose-series-threshold.ts; every rule tried is in issue 19's closing note): mean + k std of the
// trailing `history` point scores (the training part's first), computed again every 70 points; flags as they come
// (no minimum length, no cool-down: a point's flag is known when its score is, so `score --follow` flags what
// `score` and `evaluate` flag). Own-threshold standard F1 against the oracle F1 of the same scores:
// - NAB (45 series), k 2.5, history 4200, then a causal hold of 50 points (a point is flagged when the rule flagged
//   it or one of the 50 before it: it reads no later point, so the stream still equals the file). The nab bench suite
//   (the rule over the whole stream, as `aedetect score` runs it): 0.450 / 0.519, ratio of the means 0.866, mean
//   per-series ratio 0.900 (k 2 without the hold 0.794 / 0.764; k 2 with it 0.834 / 0.871), event F1 0.56,
//   affiliation F 0.74. Both knobs were chosen on the same 45 series (k 2.5 + hold 50 is better than k 2 + hold 50
//   on every column below, with fewer flags), which is two choices fitted to them, not one. NAB's labels are
//   wide windows around each anomaly; the hold recovers the recall inside them. The script with WHOLE=1 (same
//   protocol, cached scores), ratio of means / mean ratio / flagged share of the test points: no hold 0.798 / 0.766 /
//   11 %; hold 25 0.828 / 0.836 / 14 %; 50 0.840 / 0.874 / 17 %; 75 0.836 / 0.887 / 20 %; 100 0.831 / 0.890 / 22 %;
//   150 0.824 / 0.904 / 27 %; 200 0.796 / 0.885 / 31 %: 50 is the shortest hold past 0.85 on the mean ratio, and
//   longer holds buy little ratio for many more flags; k 2.5 with hold 50 gave 0.866 / 0.900 / 14 % (event F1 0.561,
//   affiliation F 0.749, against 0.524 / 0.740 for k 2), k 3 with hold 50 0.831 / 0.869 / 11 %. Against the oracle of
//   the held flags (best threshold in hindsight with the same hold, mean 0.547 against 0.519) the ratios are 0.822 /
//   0.809 (k 2: 0.797 / 0.791). The cost: synthetic:series' F1 at the alarms falls from 0.389 to 0.336 (its
//   anomalies are short). Before the hold: mean + 3 std of the training scores gave 0.364 (0.702 / 0.668) while flagging 19 % of
//   the test points; Telemanom's rolling ε 0.367 (0.706 / 0.709).
// - SMD (4 machines), k 3, history 2100: 0.473 / 0.541, 0.875 / 0.946; mean + 3 std of the training scores gave
//   0.310 (0.573 / 0.627), the best fixed rule (mad k 10) 0.359 (0.663 / 0.708), Telemanom's rolling ε 0.458
//   (0.847 / 0.905). No hold: hold 25 on this rule gave 0.801 / 0.877 (50: 0.693 / 0.764); SMD's labels are tight.
const UNIVARIATE_ALARM: AlarmRule = { strategy: 'rollingMeanStd', batch: 70, history: 4200, k: 2.5, minLength: 1, coolDown: 0, hold: 50 }
const MULTIVARIATE_ALARM: AlarmRule = { strategy: 'rollingMeanStd', batch: 70, history: 2100, k: 3, minLength: 1, coolDown: 0 }

/**
 * The window detector's configuration for a series of `channels` variables, chosen once per kind and measured
 * by the `nab` and `smd` benches through this same function:
 * - univariate (NAB streams): windows from the period rule ('auto'), a dense [64, 32, 16, 32, 64] stack,
 *   15 epochs of batch 64, min-max per channel, a point scored by the worst window covering it (`reduce: 'max'`).
 *   On the 45 developer NAB series (issue 19, bench/src/scripts/nab-variants.ts) this gave mean VUS-PR 0.489
 *   against 0.442 for 30 epochs with 'mean'; 'max' alone 0.475, 15 epochs alone 0.460;
 * - multivariate (SMD server metrics, issue 19): windows of 16 steps, a 1-D convolutional autoencoder (filters
 *   [32, 16], kernel 3), 5 epochs of batch 64; a robust scaler per channel (median, 5–95 % quantile range, clipped
 *   at ±10), each channel's error divided by its training mean (`channelErrorScale: 'channel'`), and a point
 *   scored by the worst window covering it (`reduce: 'max'`). On the four developer machines (seed 42) this gave
 *   mean VUS-PR 0.462 against 0.350 for min-max with plain errors, and beat the PCA on the same windows on each
 *   machine (0.411 mean); training 7–26 s per machine on wasm. Chosen among the variants of issue 19's closing
 *   note on those machines only: no held-out machine was looked at.
 * Both: alarms by a rolling mean + k std of the trailing point scores (univariate: held 50 points), started from
 * the training part's (`alarm`, see the constants above; a `threshold` override, e.g. the `--threshold` flag,
 * replaces it with that fixed rule; `threshold` mean + 3 std is kept for records and the threshold comparison),
 * MSE, seed 42.
 */
export function seriesDefaultsFor(channels: number): SeriesDefaults {
  const common = { threshold: { strategy: 'meanStd', k: 3 } as ThresholdOptionsWithoutData, seed: DEFAULT_SEED }
  if (channels <= 1) {
    return { windowSize: 'auto', architecture: { kind: 'dense', hiddenUnits: [64, 32, 16, 32, 64] }, scaler: { kind: 'minmax', per: 'channel' }, training: { epochs: 15, batchSize: 64 }, reduce: 'max', ...common, alarm: UNIVARIATE_ALARM }
  }
  return {
    windowSize: 16,
    architecture: { kind: 'conv1d', filters: [32, 16], kernelSize: 3 },
    scaler: { kind: 'robust', per: 'channel', quantileRange: [0.05, 0.95], clipTo: 10 },
    training: { epochs: 5, batchSize: 64 },
    reduce: 'max',
    channelErrorScale: 'channel',
    ...common,
    alarm: MULTIVARIATE_ALARM,
  }
}

/** The convolutional choice for images, for callers that offer it (`--architecture conv2d`). */
export const IMAGE_CONV2D_ARCHITECTURE: AutoencoderConfig = CONV2D_IMAGE_ARCHITECTURE
