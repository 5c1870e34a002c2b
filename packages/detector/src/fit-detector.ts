import { AedetectError, DEFAULT_SEED, expectSampleShape, permutation, selectSamples, toSamples, type Samples } from '@aedetect/core'
import { findThreshold, type Threshold, type ThresholdOptions } from '@aedetect/metrics'
import { buildAutoencoder, trainAutoencoder, type AutoencoderConfig, type TrainingHistory } from '@aedetect/models'
import { applyScaler, fitMinMax, fitRobust, fitStandard, type Scaler } from '@aedetect/preprocessing'
import { getBackend } from '@tensorflow/tfjs'
import { createDetector } from './_create-detector'
import { autoencoderReconstructor, pcaReconstructor, type Reconstructor } from './_reconstructor'
import { fitPca, type PcaConfig } from './pca-model'
import type { Detector } from './detector'
import type { DetectorOptions, ScalerChoice, ThresholdOptionsWithoutData } from './detector-options'
import { errorStatistics } from './error-statistics'
import { expectFiniteScores, expectSeparable } from './_separability'

const DEFAULT_TRAINING = { epochs: 100, batchSize: 64, learningRate: 1e-3, loss: 'mse' as const, earlyStopping: { patience: 10, minDelta: 0, restoreBestWeights: true } }

/**
 * Fits a detector on normal samples only: a scaler fitted on the normal training samples, an autoencoder
 * trained to reconstruct them, and a threshold on the reconstruction error calibrated on held-out normal
 * samples (and on `options.calibration`, for labelled strategies). Scores are reconstruction errors, higher =
 * more anomalous; a sample is anomalous when `score >= threshold`.
 * Throws 'E_EMPTY', 'E_SHAPE', 'E_NOT_FINITE' for bad input (or errors that overflow float32), 'E_OPTION' for
 * an impossible option, 'E_DEGENERATE' when the detector could separate nothing (every held-out error equal:
 * zero variance in the training data; or a labelled threshold of +Infinity, which flags nothing), 'E_ABORTED'
 * when `options.signal` aborts — unless `options.training.onAbort` is `'keepBest'` and an epoch had finished: then
 * the fit goes on with the best epoch's weights (calibration, threshold) and resolves with a usable detector.
 */
export async function fitDetector(normal: Samples | number[][], options: DetectorOptions = {}): Promise<Detector> {
  const x = toSamples(normal, 'fitDetector()')
  const seed = options.seed ?? DEFAULT_SEED
  const sampleShape = x.shape.slice(1)
  const errorSmoothing = expectErrorSmoothing(options.errorSmoothing, sampleShape)
  const { train, validation } = holdOutValidation(x, options, seed)
  const featureNames = options.featureNames ?? defaultFeatureNames(train)
  if (featureNames.length !== train.data.length / train.shape[0]) {
    throw new AedetectError('E_OPTION', `fitDetector(): featureNames has ${featureNames.length} names; each sample has ${train.data.length / train.shape[0]} values. Pass one name per value, or omit featureNames.`)
  }
  const scaler = options.fittedScaler ?? fitScaler(train, options.scaler ?? { kind: 'minmax', per: 'feature' })
  const scaledTrain = scaler ? applyScaler(scaler, train) : train
  const scaledValidation = scaler ? applyScaler(scaler, validation) : validation

  const architecture = options.architecture ?? { kind: 'dense' }
  const { model, history } = await trainModel(architecture, scaledTrain, scaledValidation, options, seed)
  try {
    const scoreMetric = options.scoreMetric ?? 'mse'
    // The same error path as detector.score(), so calibration scores and the threshold match later scores exactly.
    const errorsOf = (scaled: Samples): Promise<Float32Array> => model.errors(scaled, scoreMetric, errorSmoothing)
    const trainingErrors = await errorsOf(scaledTrain)
    const validationErrors = await errorsOf(scaledValidation)
    let calibration: { scores: Float32Array; labels: Uint8Array } | null = null
    if (options.calibration) {
      expectSampleShape(options.calibration.x, sampleShape, 'fitDetector() calibration')
      const calibrationScaled = scaler ? applyScaler(scaler, options.calibration.x) : options.calibration.x
      calibration = { scores: await errorsOf(calibrationScaled), labels: options.calibration.labels }
    }
    expectFiniteScores(trainingErrors, 'fitDetector(): training')
    expectSeparable(scaledTrain, validationErrors, null, featureNames)
    const threshold = calibrate(validationErrors, calibration, options.threshold)
    expectSeparable(scaledTrain, validationErrors, threshold, featureNames)
    return createDetector(model, {
      architecture: model.kind === 'autoencoder' ? model.autoencoder.config : architecture,
      sampleShape,
      scaler,
      threshold,
      scoreMetric,
      errorSmoothing,
      featureNames,
      seed,
      trainingErrors: errorStatistics(trainingErrors),
      validationErrors: errorStatistics(validationErrors),
      calibrationScores: validationErrors,
      history,
      backend: model.kind === 'pca' ? 'none' : getBackend(),
    })
  } catch (error) {
    model.dispose()
    throw error
  }
}

async function trainModel(architecture: AutoencoderConfig | PcaConfig, train: Samples, validation: Samples, options: DetectorOptions, seed: number): Promise<{ model: Reconstructor; history: TrainingHistory | null }> {
  if (architecture.kind === 'pca') return { model: pcaReconstructor(fitPca(train, { components: architecture.components })), history: null }
  const autoencoder = buildAutoencoder(architecture, { sampleShape: train.shape.slice(1), seed })
  try {
    const history = await trainAutoencoder(autoencoder, train, {
      ...DEFAULT_TRAINING,
      ...options.training,
      validation,
      seed,
      onEpochEnd: options.onEpochEnd,
      signal: options.signal,
    })
    return { model: autoencoderReconstructor(autoencoder), history }
  } catch (error) {
    autoencoder.dispose()
    throw error
  }
}

/**
 * Chooses a threshold: label-free strategies on the held-out normal validation errors; labelled strategies on
 * the labelled calibration scores joined with those validation errors (as normals). Used at fit time and by
 * `rethreshold`.
 */
export function calibrate(
  validationErrors: Float32Array,
  calibration: { scores: Float32Array; labels: Uint8Array } | null,
  choice: ThresholdOptionsWithoutData | undefined,
): Threshold {
  const hasAnomalies = calibration !== null && calibration.labels.some((v) => v === 1)
  // Youden's J by default: it does not depend on the share of anomalies in the calibration data, which rarely
  // matches the data scored later (ECG5000's calibration holds ~5 anomalies per normal; bestF1 there picks a
  // threshold too low for a test split with ~0.7 anomalies per normal).
  const strategy: ThresholdOptionsWithoutData = choice ?? (hasAnomalies ? { strategy: 'youden' } : { strategy: 'percentile', q: 0.99 })
  const labelled = strategy.strategy === 'bestF1' || strategy.strategy === 'youden' || strategy.strategy === 'maxFpr'
  if (!labelled) return findThreshold(validationErrors, strategy as ThresholdOptions)
  if (!calibration) {
    throw new AedetectError('E_OPTION', `fitDetector(): threshold strategy '${strategy.strategy}' needs labelled data; pass calibration: { x, labels } (never the test split), or choose a label-free strategy such as { strategy: 'percentile', q: 0.99 }.`)
  }
  const scores = new Float32Array(calibration.scores.length + validationErrors.length)
  scores.set(calibration.scores)
  scores.set(validationErrors, calibration.scores.length)
  const labels = new Uint8Array(scores.length)
  labels.set(calibration.labels)
  return findThreshold(scores, { ...strategy, labels } as ThresholdOptions)
}

function holdOutValidation(x: Samples, options: DetectorOptions, seed: number): { train: Samples; validation: Samples } {
  if (options.validation) {
    const validation = toSamples(options.validation, 'fitDetector() validation')
    expectSampleShape(validation, x.shape.slice(1), 'fitDetector() validation')
    return { train: x, validation }
  }
  const fraction = options.validationFraction ?? 0.1
  const n = x.shape[0]
  const held = Math.round(n * fraction)
  if (!(fraction > 0 && fraction < 1) || held < 1 || held >= n) {
    throw new AedetectError('E_OPTION', `fitDetector(): validationFraction ${fraction} of ${n} normal samples leaves ${held} for validation and ${n - held} for training; both need at least one. Pass more samples, another validationFraction in (0, 1), or validation samples.`)
  }
  const order = permutation(n, seed)
  const validationRows = order.slice(0, held).sort()
  const trainRows = order.slice(held).sort()
  return { train: selectSamples(x, trainRows), validation: selectSamples(x, validationRows) }
}

function fitScaler(x: Samples, choice: ScalerChoice): Scaler | null {
  const per = choice.per ?? 'feature'
  switch (choice.kind) {
    case 'minmax': return fitMinMax(x, { per })
    case 'standard': return fitStandard(x, { per })
    case 'robust': return fitRobust(x, { per })
    case 'none': return null
    default:
      throw new AedetectError('E_OPTION', `fitDetector(): scaler kind must be one of 'minmax' | 'standard' | 'robust' | 'none', got '${(choice as { kind: string }).kind}'.`)
  }
}

function defaultFeatureNames(x: Samples): string[] {
  const size = x.data.length / x.shape[0]
  return Array.from({ length: size }, (_, i) => `f${i}`)
}

// Checked before training, so a bad value costs nothing.
function expectErrorSmoothing(value: number | undefined, sampleShape: number[]): number {
  const radius = value ?? 0
  if (!Number.isInteger(radius) || radius < 0) {
    throw new AedetectError('E_OPTION', `fitDetector(): errorSmoothing must be a whole number (a box radius in pixels or steps; 0 = off), got ${String(value)}.`)
  }
  if (radius > 0 && sampleShape.length < 2) {
    throw new AedetectError('E_OPTION', `fitDetector(): errorSmoothing averages errors over neighbouring pixels or steps, but these samples are tabular, [${sampleShape.join(', ')}]. Leave it at 0, or pass sequences [steps, channels] or images [height, width, channels].`)
  }
  return radius
}
