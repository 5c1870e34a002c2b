import { AedetectError } from '@aedetect/core'
import type { ScalerChoice, ThresholdOptionsWithoutData } from '@aedetect/detector'
import type { DetectorOverrides, SeriesOverrides } from '@aedetect/evaluation'
import { Option, type Command, type OptionValues } from '@commander-js/extra-typings'
import { ARCHITECTURE_CHOICES, architectureFor, type ArchitectureChoice } from './architecture'
import type { SampleKind } from './data-source'
import { parseFraction, parseInteger, parseIntegerList, parsePositiveInteger, parsePositiveNumber } from './parse-options'

/** The values of `--threshold`: the label-free strategies, then the labelled ones (they need labelled calibration rows). */
export const THRESHOLD_CHOICES = ['meanStd', 'percentile', 'contamination', 'max', 'iqr', 'mad', 'pot', 'nonparametric', 'bestF1', 'youden', 'maxFpr'] as const

/** A value of `--threshold`. */
export type ThresholdChoice = (typeof THRESHOLD_CHOICES)[number]

/** The strategies that read labels: anomalies among the calibration rows (the training part's anomalies). */
export const LABELLED_THRESHOLDS: readonly ThresholdChoice[] = ['bestF1', 'youden', 'maxFpr']

/** The values of `--loss` and `--score-metric`. */
export const ERROR_METRIC_CHOICES = ['mse', 'mae'] as const

/** The values of `--scaler`. */
export const SCALER_CHOICES = ['minmax', 'standard', 'robust', 'none'] as const

/** What {@link withModelOptions} adds to a command's parsed options. Undefined = the data kind's default. */
export type ModelOptionValues = {
  architecture?: ArchitectureChoice
  threshold?: ThresholdChoice
  k?: number
  q?: number
  contamination?: number
  maxFpr?: number
  noise?: number
  loss?: (typeof ERROR_METRIC_CHOICES)[number]
  scoreMetric?: (typeof ERROR_METRIC_CHOICES)[number]
  learningRate?: number
  codeSize?: number
  units?: number[]
  sparsity?: number
  scaler?: (typeof SCALER_CHOICES)[number]
  smoothing?: number
  epochs?: number
  batchSize?: number
  validationFraction?: number
  window?: number
}

const KIND_DEFAULT = 'default: per kind of data'


// Return type written out and the result cast, as in common-options.ts: inferred, each chained option nests one
// more commander generic and tsc spends minutes serialising them.

/**
 * Registers the model flags on a command: architecture and its sizes, threshold strategy and its parameters,
 * training (epochs, batch size, learning rate, loss, noise), scoring (score metric, smoothing), validation
 * fraction and window length. None has a commander default: undefined means the data kind's default.
 */
export function withModelOptions<Args extends unknown[], Opts extends OptionValues>(command: Command<Args, Opts>): Command<Args, Opts & ModelOptionValues> {
  return command
    .addOption(new Option('--architecture <kind>', 'model; which fits which data: see below (default: dense for rows and images, conv1d for sequences; windows of a series: dense for one variable, conv1d for several)').choices(ARCHITECTURE_CHOICES))
    .addOption(new Option('--code-size <n>', `units of the code: the dense code, the LSTM's units, the variational latent size, PCA's components (${KIND_DEFAULT}; PCA: 90 % of the variance)`).argParser(parsePositiveInteger))
    .addOption(new Option('--units <list>', `hidden layers, encoder side, e.g. 64,32,16 (the decoder mirrors them; conv1d/conv2d: the dense layers before the code; ${KIND_DEFAULT})`).argParser(parseIntegerList))
    .addOption(new Option('--sparsity <weight>', 'L1 weight on the code activations of --architecture sparse (default: 1e-4)').argParser(parsePositiveNumber))
    .addOption(new Option('--threshold <strategy>', `threshold strategy; bestF1, youden and maxFpr need anomalies among the calibration rows (default: youden when there are some, else percentile --q 0.99)`).choices(THRESHOLD_CHOICES))
    .addOption(new Option('--k <n>', 'multiplier of --threshold meanStd (default 3), iqr (1.5) or mad (3)').argParser(parsePositiveNumber))
    .addOption(new Option('--q <f>', 'quantile of --threshold percentile, a fraction (default 0.99)').argParser(parseFraction))
    .addOption(new Option('--contamination <f>', 'expected anomalous share for --threshold contamination, a fraction').argParser(parseFraction))
    .addOption(new Option('--max-fpr <f>', 'largest false-positive rate for --threshold maxFpr, a fraction').argParser(parseFraction))
    .addOption(new Option('--noise <std>', 'denoising: Gaussian noise of this std (in scaled units; images: clipped to [0, 1]) on the training inputs, fresh each epoch (default: none)').argParser(parsePositiveNumber))
    .addOption(new Option('--loss <metric>', 'training loss (default: mse)').choices(ERROR_METRIC_CHOICES))
    .addOption(new Option('--score-metric <metric>', 'error metric of the anomaly score (default: mse)').choices(ERROR_METRIC_CHOICES))
    .addOption(new Option('--learning-rate <r>', 'Adam learning rate (default: 1e-3)').argParser(parsePositiveNumber))
    .addOption(new Option('--scaler <kind>', `scaler fitted on the normal training data (${KIND_DEFAULT}: minmax; images: none)`).choices(SCALER_CHOICES))
    .addOption(new Option('--smoothing <radius>', `box radius of the error smoothing over neighbouring pixels or steps, 0 = off (${KIND_DEFAULT}: 1 for images, 0 otherwise)`).argParser(parseInteger))
    .addOption(new Option('--epochs <n>', `maximum training epochs; early stopping may end sooner (${KIND_DEFAULT})`).argParser(parsePositiveInteger))
    .addOption(new Option('--batch-size <n>', `training batch size (${KIND_DEFAULT})`).argParser(parsePositiveInteger))
    .addOption(new Option('--validation-fraction <f>', `share of the normal training rows held out for validation (${KIND_DEFAULT})`).argParser(parseFraction))
    .addOption(new Option('--window <n>', "time series: window length in points (default: from the data's period)").argParser(parsePositiveInteger)) as unknown as Command<Args, Opts & ModelOptionValues>
}

const THRESHOLD_PARAMS: Record<'k' | 'q' | 'contamination' | 'maxFpr', { flag: string; strategies: ThresholdChoice[] }> = {
  k: { flag: '--k', strategies: ['meanStd', 'iqr', 'mad'] },
  q: { flag: '--q', strategies: ['percentile'] },
  contamination: { flag: '--contamination', strategies: ['contamination'] },
  maxFpr: { flag: '--max-fpr', strategies: ['maxFpr'] },
}

/**
 * The threshold of `--threshold` and its parameter, or undefined (the data kind's default). Throws `E_OPTION`
 * for a parameter that does not belong to the chosen strategy (or has none chosen) and for a missing
 * `--contamination` / `--max-fpr`.
 */
export function thresholdOverride(opts: ModelOptionValues): ThresholdOptionsWithoutData | undefined {
  const strategy = opts.threshold
  for (const [key, { flag, strategies }] of Object.entries(THRESHOLD_PARAMS)) {
    const value = opts[key as keyof typeof THRESHOLD_PARAMS]
    if (value === undefined || (strategy !== undefined && strategies.includes(strategy))) continue
    const fits = strategies.map((s) => `--threshold ${s}`).join(' | ')
    const chosen = strategy === undefined ? 'no --threshold is given' : `--threshold ${strategy} ${strategy === 'max' || LABELLED_THRESHOLDS.includes(strategy) ? 'takes no such parameter' : `takes ${Object.values(THRESHOLD_PARAMS).find((p) => p.strategies.includes(strategy))?.flag}`}`
    throw new AedetectError('E_OPTION', `${flag} ${value} belongs to ${fits}, but ${chosen}; pass the matching --threshold or leave ${flag} out.`)
  }
  switch (strategy) {
    case undefined:
      return undefined
    case 'meanStd':
    case 'iqr':
    case 'mad':
      return opts.k === undefined ? { strategy } : { strategy, k: opts.k }
    case 'percentile':
      return { strategy, q: opts.q ?? 0.99 }
    case 'contamination':
      if (opts.contamination === undefined) throw new AedetectError('E_OPTION', '--threshold contamination needs --contamination F, the expected anomalous share (e.g. 0.05).')
      return { strategy, contamination: opts.contamination }
    case 'maxFpr':
      if (opts.maxFpr === undefined) throw new AedetectError('E_OPTION', '--threshold maxFpr needs --max-fpr F, the largest false-positive rate allowed (e.g. 0.01).')
      return { strategy, maxFpr: opts.maxFpr }
    default:
      return { strategy }
  }
}

/**
 * Refuses a labelled `--threshold` (bestF1, youden, maxFpr) when the calibration rows hold no anomaly to
 * calibrate on. `calibrationAnomalies`: the anomalies of the training part (never trained on). Throws `E_OPTION`.
 */
export function checkLabelledThreshold(opts: ModelOptionValues, calibrationAnomalies: number): void {
  if (opts.threshold === undefined || !LABELLED_THRESHOLDS.includes(opts.threshold) || calibrationAnomalies > 0) return
  throw new AedetectError('E_OPTION', `--threshold ${opts.threshold} needs labelled anomalies among the calibration rows (the training part's anomalies), and this split's training part holds none; pick a label-free strategy (meanStd | percentile | contamination | max | iqr | mad | pot | nonparametric), or a split whose training part holds anomalies.`)
}

function scalerOverride(opts: ModelOptionValues, kind: SampleKind | 'series'): ScalerChoice | undefined {
  if (opts.scaler === undefined) return undefined
  return { kind: opts.scaler, per: kind === 'tabular' ? 'feature' : 'channel' }
}

// Images train on pixels in [0, 1]: noisy pixels are clipped back into that range, as in the Keras denoising
// recipe (noise factor 0.2, then clip to [0, 1]); other data is min-max scaled and keeps its noise unclipped.
function trainingOverride(opts: ModelOptionValues, kind: SampleKind | 'series'): DetectorOverrides['training'] {
  const training: NonNullable<DetectorOverrides['training']> = {}
  if (opts.epochs !== undefined) training.epochs = opts.epochs
  if (opts.batchSize !== undefined) training.batchSize = opts.batchSize
  if (opts.learningRate !== undefined) training.learningRate = opts.learningRate
  if (opts.loss !== undefined) training.loss = opts.loss
  if (opts.noise !== undefined) training.noise = kind === 'image' ? { kind: 'gaussian', std: opts.noise, clip: [0, 1] } : { kind: 'gaussian', std: opts.noise }
  return Object.keys(training).length === 0 ? undefined : training
}

function architectureOverride(opts: ModelOptionValues, kind: SampleKind | 'series', steps: number | undefined, values: number, channels?: number): DetectorOverrides['architecture'] {
  if (opts.architecture === undefined && opts.codeSize === undefined && opts.units === undefined && opts.sparsity === undefined) return undefined
  if (opts.architecture === 'pca' && opts.codeSize !== undefined && values > 0 && opts.codeSize > values) {
    throw new AedetectError('E_OPTION', `--code-size ${opts.codeSize}: PCA keeps at most as many components as a sample has values (${values}); pass --code-size ${values} or less.`)
  }
  return architectureFor(kind, opts.architecture, { codeSize: opts.codeSize, units: opts.units, sparsity: opts.sparsity, steps, channels })
}

function withoutUndefined<T extends object>(record: T): T {
  return Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined)) as T
}

/**
 * The {@link DetectorOverrides} the flags ask for, for samples of `kind` with shape `sampleShape` (one sample,
 * e.g. `[140]`, `[140, 1]`, `[28, 28, 1]`). Only the flags given appear; the pipeline fills the rest with the
 * kind's defaults. Throws `E_OPTION` naming the flag for an architecture that does not fit the data, a threshold
 * parameter of another strategy, `--smoothing` on rows, and `--window` (series only).
 */
export function modelOverrides(opts: ModelOptionValues, kind: SampleKind, sampleShape: number[]): DetectorOverrides {
  if (opts.window !== undefined) {
    throw new AedetectError('E_OPTION', `--window ${opts.window}: this data is ${kind === 'image' ? 'a set of images' : kind === 'sequence' ? 'a set of sequences' : 'a table'}, not a time series; --window applies only to series (nab:, smd:, synthetic:series). Leave --window out.`)
  }
  if (opts.smoothing !== undefined && opts.smoothing > 0 && kind === 'tabular') {
    throw new AedetectError('E_OPTION', `--smoothing ${opts.smoothing}: rows of features have no neighbouring pixels or steps to smooth over; leave --smoothing out, or read rows as sequences or images with --shape.`)
  }
  const values = sampleShape.reduce((a, b) => a * b, 1)
  return withoutUndefined<DetectorOverrides>({
    architecture: architectureOverride(opts, kind, kind === 'sequence' ? sampleShape[0] : undefined, values),
    scaler: scalerOverride(opts, kind),
    training: trainingOverride(opts, kind),
    threshold: thresholdOverride(opts),
    scoreMetric: opts.scoreMetric,
    errorSmoothing: opts.smoothing,
    validationFraction: opts.validationFraction,
  })
}

/**
 * The {@link SeriesOverrides} the flags ask for, for a time series of `channels` channels (windows
 * `[window, channels]`). Throws `E_OPTION` for what a series cannot take: a labelled threshold (its training part
 * is unlabelled), `--validation-fraction`, and architectures that do not fit windows.
 */
export function seriesOverrides(opts: ModelOptionValues, channels: number): SeriesOverrides {
  if (opts.threshold !== undefined && LABELLED_THRESHOLDS.includes(opts.threshold)) {
    throw new AedetectError('E_OPTION', `--threshold ${opts.threshold} needs labelled calibration rows, and a time series trains on unlabelled history (${channels} channel${channels === 1 ? '' : 's'}); pick a label-free strategy (meanStd | percentile | contamination | max | iqr | mad | pot | nonparametric).`)
  }
  if (opts.validationFraction !== undefined) {
    throw new AedetectError('E_OPTION', `--validation-fraction ${opts.validationFraction}: a time series holds out its last training windows itself; leave --validation-fraction out.`)
  }
  return withoutUndefined<SeriesOverrides>({
    architecture: architectureOverride(opts, 'series', opts.window, 0, channels),
    scaler: scalerOverride(opts, 'series'),
    training: trainingOverride(opts, 'series'),
    threshold: thresholdOverride(opts),
    scoreMetric: opts.scoreMetric,
    errorSmoothing: opts.smoothing,
    windowSize: opts.window,
  })
}
