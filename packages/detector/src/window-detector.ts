import { AedetectError, DEFAULT_SEED, type Labels, type Samples } from '@aedetect/core'
import { applyAlarmRule, createAlarmHold, findSlidingWindow, findThreshold, type AlarmRule, type AlarmRuleResult, type NonparametricStream, type RollingMeanStd, type Threshold, type ThresholdOptions } from '@aedetect/metrics'
import type { AutoencoderConfig, EpochProgress } from '@aedetect/models'
import { slidingWindows, windowFeatureScoresToPoints, windowScoresToPoints, type Scaler } from '@aedetect/preprocessing'
import type { Detector } from './detector'
import type { DetectorOptions, DetectorTrainOptions, ThresholdOptionsWithoutData } from './detector-options'
import { fitDetector } from './fit-detector'
import { onlineAlarm } from './_online-alarm'
import { channelErrorMeans, scaleChannelErrors, scaledWindowScores, type ChannelErrorScale } from './window-channel-errors'
import { explainEvents, pointEvents, type EventExplanation, type PointEvent } from './window-events'
import { fitWindowScaler, type WindowScalerChoice } from './window-scaler'
import { asSeries, checkChannels } from './window-series'

/** What a window detector records besides its detector: the window geometry and the point threshold. */
export interface WindowDetectorState {
  /** Time steps per window. */
  windowSize: number
  /** Time steps between the starts of scored windows. */
  stride: number
  /** How a point's score is taken from the scores of the windows covering it. */
  reduce: 'mean' | 'max'
  /** Channels (variables) of the series. */
  channels: number
  /** Threshold on point scores: a point is anomalous when its score >= `threshold.value`. */
  threshold: Threshold
  /** How `windowSize` was chosen: `'given'` or `'auto'` (the period rule, see `fitWindowDetector`). */
  windowSizeRule: 'given' | 'auto'
  /**
   * With `channelErrorScale: 'channel'`: each channel's mean error on the training windows, the divisor of that
   * channel's errors before they are averaged. Absent: plain errors (folders saved before issue 19).
   */
  channelErrorMeans?: number[]
  /**
   * How point scores become alarms (`flagPoints`): `'fixed'` (score >= `threshold.value`), `'rollingNonparametric'`
   * or `'rollingMeanStd'` (a threshold computed again on the trailing scores as the stream goes, see `applyAlarmRule`), then a
   * causal hold (`hold` points, absent = 0), then events with a minimum length and a cool-down. Absent (folders saved before this field): `{ strategy: 'fixed', minLength: 1, coolDown: 0 }`.
   */
  alarm?: AlarmRule
  /** With a rolling rule: the training part's last `history` point scores, where its stream starts. */
  calibrationScores?: number[]
}

/**
 * A fitted detector of anomalous points in a time series: sliding windows → autoencoder → window
 * reconstruction errors → one score per point. Scores: higher = more anomalous; a point is anomalous when
 * `score >= threshold.value`. Create it with `fitWindowDetector` or `loadWindowDetector`; `dispose()` frees its
 * tensors.
 */
export interface WindowDetector {
  readonly windowSize: number
  readonly stride: number
  readonly state: WindowDetectorState
  /** The detector of windows `[windowSize, channels]` underneath. */
  readonly detector: Detector
  /**
   * One score per point of `series` (`[t, channels]` or a Float32Array for one channel, t >= windowSize): the
   * mean (or max, per `reduce`) of the reconstruction errors of the windows covering the point, in scaled
   * units. Higher = more anomalous.
   */
  scorePoints(series: Samples | Float32Array): Promise<Float64Array>
  /**
   * Per-variable point contributions `[t, channels]`: the squared (mse) or absolute (mae) reconstruction error
   * of each point and channel, taken over the windows covering the point (mean or max, per `reduce`), in scaled
   * units. Higher = that variable deviates more at that point.
   */
  scorePointFeatures(series: Samples | Float32Array): Promise<Samples<Float64Array>>
  /**
   * The detector's alarm rule (`state.alarm`) on point scores of a stream that follows the training series (e.g.
   * `scorePoints` of the test part): the flags (1 inside an alarm event) and the events with their peak scores.
   */
  flagPoints(scores: ArrayLike<number>): AlarmRuleResult
  /**
   * The online form of the alarm rule, for a scorer fed one point score at a time after the training series
   * (`createStreamScorer`'s `threshold` option): a fresh rolling threshold (non-parametric or mean + k std) from the
   * saved calibration scores, then the rule's causal `hold` (an alarm stays on `hold` points after its last
   * exceedance), so its alarms equal `flagPoints`' raw-and-held flags; null for the fixed rule without a hold (then
   * `score >= state.threshold.value`). The event step (`minLength`, `coolDown`) looks ahead and is not part of it.
   */
  onlineThreshold(): NonparametricStream | RollingMeanStd | null
  /**
   * One label per point of a series that follows the training series: 1 = anomaly, 0 = normal, by the detector's
   * alarm rule (`flagPoints`). `threshold` overrides it with a plain `score >= threshold` (no event step).
   */
  predictPoints(series: Samples | Float32Array, options?: { threshold?: number }): Promise<Labels>
  /** The events of a 0/1 point series: every maximal run of 1s as `{ start, end }`, both inclusive. */
  events(labels: ArrayLike<number>): PointEvent[]
  /**
   * Detects the events of `series` (`predictPoints`, then `events`) and names, for each, the `k` variables
   * (default 3) with the largest summed point contributions over the event.
   */
  explainEvents(series: Samples | Float32Array, options?: { k?: number; threshold?: number }): Promise<EventExplanation[]>
  dispose(): void
}

/** Options of {@link fitWindowDetector}. Every field has a default; units are given on each field. */
export interface WindowDetectorOptions {
  /**
   * Time steps per window, or `'auto'` (default): TSB-AD's period rule (`findSlidingWindow`, rank 1, fallback
   * 125) on the first channel of the training series, clamped to [8, floor(t / 4)] so that a short training
   * part (NAB's probationary period of a 1,243-row file is 186 rows) still gives windows to learn from.
   */
  windowSize?: number | 'auto'
  /** Time steps between the starts of scored windows. Default 1 (every window: the finest point scores). */
  stride?: number
  /**
   * Time steps between the starts of the training windows. Default: 1, or the smallest stride that keeps at
   * most 10,000 training windows (overlapping windows at stride 1 repeat each point `windowSize` times; beyond
   * ~10,000 more windows add training time, not information).
   */
  trainingStride?: number
  /** How a point's score is taken from the windows covering it: 'mean' (default) or 'max'. */
  reduce?: 'mean' | 'max'
  /**
   * How the channels' errors are weighed in a window's score: `'none'` (default, the plain mean of the squared or
   * absolute errors) or `'channel'` (each channel's error divided by its mean on the training windows, so a
   * channel reconstructed badly even when normal does not dominate; divisors floored at 1 % of the mean over
   * channels). Point contributions (`scorePointFeatures`) are scaled the same way.
   */
  channelErrorScale?: ChannelErrorScale
  /**
   * The autoencoder on windows, or `{ kind: 'pca' }` for the PCA reconstruction baseline on the same windows.
   * Default: a dense stack `{ kind: 'dense', hiddenUnits: [64, 32, 16, 32, 64] }` on the flattened window.
   */
  architecture?: DetectorOptions['architecture']
  /**
   * Scaler fitted on the training windows only. Default `{ kind: 'minmax', per: 'channel' }` (one min and max per
   * variable). A robust scaler may set `quantileRange` and `clipTo` (see `WindowScalerChoice`).
   */
  scaler?: WindowScalerChoice
  /**
   * A scaler of windows `[windowSize, channels]` fitted elsewhere, used as-is instead of fitting `scaler` (e.g. a
   * robust scaler with other quantiles or clipping, from `@aedetect/preprocessing`). Default: none.
   */
  fittedScaler?: Scaler
  /** Training options. Default: 30 epochs, batch 64, Adam 1e-3, MSE, early stopping (patience 5, best weights restored). */
  training?: DetectorTrainOptions
  /**
   * Label-free threshold strategy applied to the point scores of the training series (no labels are needed).
   * Default `{ strategy: 'meanStd', k: 3 }`: mean + 3 std of the training point scores.
   */
  threshold?: ThresholdOptionsWithoutData
  /**
   * How point scores become alarms (see `WindowDetectorState.alarm`). Default `{ strategy: 'fixed', minLength: 1,
   * coolDown: 0 }`: every point with score >= the threshold. With a rolling rule the saved threshold is the rule's first
   * value (on the training part's last `history` point scores) and `threshold` is not used.
   */
  alarm?: AlarmRule
  /** Seed of the validation split, initial weights and shuffles. Default 42. */
  seed?: number
  /** Called after every training epoch. */
  onEpochEnd?: (progress: EpochProgress) => void
  /** Cancels training; the promise rejects with code 'E_ABORTED'. */
  signal?: AbortSignal
}

/** The dense stack used when no architecture is given. */
export const DEFAULT_WINDOW_ARCHITECTURE: AutoencoderConfig = { kind: 'dense', hiddenUnits: [64, 32, 16, 32, 64] }
const DEFAULT_TRAINING: DetectorTrainOptions = { epochs: 30, batchSize: 64, learningRate: 1e-3, loss: 'mse', earlyStopping: { patience: 5, minDelta: 0, restoreBestWeights: true } }
const FIXED_ALARM: AlarmRule = { strategy: 'fixed', minLength: 1, coolDown: 0 }
const MAX_TRAINING_WINDOWS = 10_000
const MIN_AUTO_WINDOW = 8

/**
 * Fits a window detector on a normal (training) series: cuts it into sliding windows, fits `fitDetector` on
 * them (scaler fitted on the training windows only, autoencoder, window threshold), then sets the point
 * threshold from the training series' own point scores with the label-free `threshold` strategy.
 * `series` is `[t, channels]` (one row per time step) or a Float32Array of t values (one channel).
 * Throws 'E_EMPTY', 'E_SHAPE', 'E_NOT_FINITE' for a bad series, 'E_OPTION' for a window longer than the series,
 * a labelled threshold strategy or another bad option, 'E_ABORTED' when `signal` aborts.
 */
export async function fitWindowDetector(series: Samples | Float32Array, options: WindowDetectorOptions = {}): Promise<WindowDetector> {
  const where = 'fitWindowDetector()'
  const x = asSeries(series, where)
  const [t, channels] = x.shape
  const windowSize = chooseWindowSize(x, options.windowSize ?? 'auto', where)
  const stride = positiveInteger(options.stride ?? 1, 'stride', where)
  const count = t - windowSize + 1
  const trainingStride = positiveInteger(options.trainingStride ?? Math.max(1, Math.ceil(count / MAX_TRAINING_WINDOWS)), 'trainingStride', where)
  const reduce = options.reduce ?? 'mean'
  if (reduce !== 'mean' && reduce !== 'max') {
    throw new AedetectError('E_OPTION', `${where}: reduce must be one of 'mean' | 'max', got '${String(reduce)}'.`)
  }
  const errorScale = options.channelErrorScale ?? 'none'
  if (errorScale !== 'none' && errorScale !== 'channel') {
    throw new AedetectError('E_OPTION', `${where}: channelErrorScale must be one of 'none' | 'channel', got '${String(errorScale)}'.`)
  }
  // The alarm's hold is checked before training (createAlarmHold throws E_OPTION naming the option).
  if (options.alarm?.hold !== undefined) createAlarmHold(options.alarm.hold, `${where}: alarm`)
  const strategy = options.threshold ?? { strategy: 'meanStd', k: 3 }
  if (strategy.strategy === 'bestF1' || strategy.strategy === 'youden' || strategy.strategy === 'maxFpr') {
    throw new AedetectError('E_OPTION', `${where}: threshold strategy '${strategy.strategy}' needs labels; a window detector sets its threshold on the training series without labels. Choose a label-free strategy such as { strategy: 'meanStd', k: 3 } or { strategy: 'percentile', q: 0.99 }.`)
  }
  const windows = slidingWindows(x, { size: windowSize, stride: trainingStride })
  if (windows.shape[0] < 10) {
    throw new AedetectError('E_OPTION', `${where}: the training series of ${t} steps gives ${windows.shape[0]} windows of ${windowSize} steps at trainingStride ${trainingStride}; at least 10 are needed. Pass a longer series, a smaller windowSize or trainingStride.`)
  }
  const scalerChoice = options.scaler ?? { kind: 'minmax', per: 'channel' }
  const fittedScaler = options.fittedScaler ?? fitWindowScaler(windows, scalerChoice, where)
  const detector = await fitDetector(windows, {
    architecture: options.architecture ?? DEFAULT_WINDOW_ARCHITECTURE,
    scaler: { kind: scalerChoice.kind, ...(scalerChoice.per ? { per: scalerChoice.per } : {}) },
    ...(fittedScaler ? { fittedScaler } : {}),
    training: { ...DEFAULT_TRAINING, ...options.training },
    threshold: { strategy: 'percentile', q: 0.99 },
    featureNames: windowFeatureNames(windowSize, channels),
    seed: options.seed ?? DEFAULT_SEED,
    onEpochEnd: options.onEpochEnd,
    signal: options.signal,
  })
  try {
    const means = errorScale === 'channel' ? { channelErrorMeans: channelErrorMeans(await detector.scoreFeatures(windows), channels) } : {}
    const provisional = createWindowDetector(detector, { windowSize, stride, reduce, channels, windowSizeRule: options.windowSize === undefined || options.windowSize === 'auto' ? 'auto' : 'given', threshold: { value: Number.POSITIVE_INFINITY, strategy: 'max', params: {} }, ...means })
    const trainingScores = await provisional.scorePoints(x)
    const alarm = options.alarm ?? FIXED_ALARM
    if (alarm.strategy === 'rollingNonparametric' || alarm.strategy === 'rollingMeanStd') {
      const calibrationScores = Array.from(trainingScores.subarray(Math.max(0, trainingScores.length - alarm.history)))
      const first = (onlineAlarm(alarm, calibrationScores, Number.NaN) as RollingMeanStd).threshold
      const { strategy, ...params } = alarm
      const threshold: Threshold = { value: first, strategy: strategy === 'rollingNonparametric' ? 'nonparametric' : 'meanStd', params }
      return createWindowDetector(detector, { ...provisional.state, threshold, alarm, calibrationScores })
    }
    const threshold = findThreshold(trainingScores, strategy as ThresholdOptions)
    return createWindowDetector(detector, { ...provisional.state, threshold, alarm })
  } catch (error) {
    detector.dispose()
    throw error
  }
}

/** Wraps a fitted window detector around its `Detector` and state (used by fit and load). */
export function createWindowDetector(detector: Detector, state: WindowDetectorState): WindowDetector {
  const { windowSize, stride, reduce, channelErrorMeans: means } = state
  const windowsOf = (series: Samples | Float32Array, where: string): { windows: Samples; t: number } => {
    const x = asSeries(series, where)
    checkChannels(x, state.channels, where)
    if (x.shape[0] < windowSize) {
      throw new AedetectError('E_SHAPE', `${where}: the series has ${x.shape[0]} time steps; this detector's windows have ${windowSize}. Pass at least ${windowSize} steps.`)
    }
    return { windows: slidingWindows(x, { size: windowSize, stride }), t: x.shape[0] }
  }
  const scorePoints = async (series: Samples | Float32Array): Promise<Float64Array> => {
    const { windows, t } = windowsOf(series, 'scorePoints()')
    const scores = means ? scaledWindowScores(await detector.scoreFeatures(windows), means) : await detector.score(windows)
    return windowScoresToPoints(scores, { seriesLength: t, size: windowSize, stride, reduce })
  }
  const scorePointFeatures = async (series: Samples | Float32Array): Promise<Samples<Float64Array>> => {
    const { windows, t } = windowsOf(series, 'scorePointFeatures()')
    const raw = await detector.scoreFeatures(windows)
    const errors = means ? scaleChannelErrors(raw, means) : raw
    return windowFeatureScoresToPoints(errors, { seriesLength: t, stride, reduce })
  }
  const flagPoints = (scores: ArrayLike<number>): AlarmRuleResult => applyAlarmRule(scores, state.alarm ?? FIXED_ALARM, { threshold: state.threshold.value, calibration: state.calibrationScores })
  const predictPoints = async (series: Samples | Float32Array, options: { threshold?: number } = {}): Promise<Labels> => {
    const scores = await scorePoints(series)
    if (options.threshold === undefined) return flagPoints(scores).flags
    const labels = new Uint8Array(scores.length)
    for (let i = 0; i < scores.length; i++) labels[i] = scores[i] >= options.threshold ? 1 : 0
    return labels
  }
  return {
    windowSize,
    stride,
    state,
    detector,
    scorePoints,
    scorePointFeatures,
    flagPoints,
    onlineThreshold: () => (state.alarm ? onlineAlarm(state.alarm, state.calibrationScores, state.threshold.value) : null),
    predictPoints,
    events: (labels) => pointEvents(labels),
    async explainEvents(series, options = {}) {
      const labels = await predictPoints(series, { threshold: options.threshold })
      const events = pointEvents(labels)
      if (events.length === 0) return []
      return explainEvents(await scorePointFeatures(series), events, { k: options.k ?? 3 })
    },
    dispose: () => detector.dispose(),
  }
}


function chooseWindowSize(x: Samples, choice: number | 'auto', where: string): number {
  const t = x.shape[0]
  if (choice !== 'auto') {
    const size = positiveInteger(choice, 'windowSize', where)
    if (size > t) {
      throw new AedetectError('E_OPTION', `${where}: windowSize is ${size} but the training series has ${t} time steps. Pass windowSize ≤ ${t}, or 'auto'.`)
    }
    return size
  }
  const channels = x.shape[1]
  const first = new Float64Array(t)
  for (let i = 0; i < t; i++) first[i] = x.data[i * channels]
  const period = findSlidingWindow(first)
  const upper = Math.floor(t / 4)
  if (upper < MIN_AUTO_WINDOW) {
    throw new AedetectError('E_OPTION', `${where}: the training series has ${t} time steps; windowSize 'auto' needs at least ${4 * MIN_AUTO_WINDOW} (windows of ${MIN_AUTO_WINDOW} steps or more, at most a quarter of the series). Pass a longer series or a numeric windowSize.`)
  }
  return Math.min(upper, Math.max(MIN_AUTO_WINDOW, period))
}

function positiveInteger(value: number, name: string, where: string): number {
  if (!Number.isInteger(value) || value < 1) {
    throw new AedetectError('E_OPTION', `${where}: ${name} must be a positive integer number of time steps, got ${String(value)}.`)
  }
  return value
}

function windowFeatureNames(size: number, channels: number): string[] {
  const names = new Array<string>(size * channels)
  for (let s = 0; s < size; s++) for (let c = 0; c < channels; c++) names[s * channels + c] = `t${s}:c${c}`
  return names
}
