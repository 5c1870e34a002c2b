import * as tf from '@tensorflow/tfjs'
import { AedetectError, createRandom, DEFAULT_SEED, permutation, selectSamples, type Samples } from '@aedetect/core'
import { applyNoise, type NoiseConfig } from '@aedetect/preprocessing'
import { internalsOf, type Autoencoder } from './autoencoder'
import { fitRunner, type EpochRunner, type RunnerOptions } from './_fit-runner'
import { variationalRunner } from './_variational-runner'
import { lstmRunner } from './_lstm-runner'
import { denseRunner } from './_dense-runner'
import { conv1dRunner } from './_conv1d-runner'
import { validateInput } from './_validate-input'
import { sliceSamples } from './_tensors'
import { expectInRange, expectOneOf, expectPositiveInteger } from './_options'

/** Early stopping on the validation loss (on the training loss when there is no validation data). */
export interface EarlyStoppingOptions {
  /** Epochs without an improvement larger than `minDelta` before training stops. Default `10`. */
  patience?: number
  /** Smallest decrease of the monitored loss that counts as an improvement. Default `0`. */
  minDelta?: number
  /** Put back the weights of the best epoch when training ends. Default `true`. */
  restoreBestWeights?: boolean
}

/** Options of {@link trainAutoencoder}. */
export interface TrainOptions {
  /** Passes over the training data. Default `50`. */
  epochs?: number
  /** Samples per gradient step. Default `64`. */
  batchSize?: number
  /** Adam learning rate. Default `1e-3`. */
  learningRate?: number
  /** Reconstruction loss. Default `'mse'`. */
  loss?: 'mse' | 'mae'
  /** Validation samples; their loss is reported each epoch and monitored by early stopping. Default: none. */
  validation?: Samples
  /** Fraction in (0, 1) of `x` held out (seeded) as validation data when `validation` is not given; `0` holds out none (as Keras's `validation_split=0`). Default: none. */
  validationFraction?: number
  /** Early stopping; `false` or absent trains all `epochs`. Pass `{}` for the defaults. */
  earlyStopping?: EarlyStoppingOptions | false
  /** Seed of the validation split, the per-epoch shuffles, the noise and the variational sampling. Default `DEFAULT_SEED` (42). */
  seed?: number
  /** Denoising: fresh noise on the input each epoch, the clean sample as target. Default: none. */
  noise?: NoiseConfig
  /** Called after each epoch. */
  onEpochEnd?: (progress: EpochProgress) => void
  /**
   * Stops training. Seen between batches of `model.fit` and, at the latest, at the end of the epoch under way:
   * training yields to the event loop after each epoch, so an abort sent from a timer or a worker message lands
   * within one epoch even on backends whose epochs never yield (the fused cpu / wasm loops). What happens then is
   * `onAbort`'s choice.
   */
  signal?: AbortSignal
  /**
   * What an abort does. `'throw'` (default): the promise rejects with `E_ABORTED`, the weights are those of the last
   * finished batch. `'keepBest'`: training stops as Keras's `stop_training` with `restore_best_weights` — the epoch
   * under way is discarded, the weights of the best finished epoch (lowest monitored loss) are put back, and the
   * promise resolves with the history of the finished epochs and `aborted: true`; it still rejects with
   * `E_ABORTED` when no epoch had finished (there is nothing to keep).
   */
  onAbort?: 'throw' | 'keepBest'
}

/** Progress after one epoch. */
export interface EpochProgress {
  /** 1-based. */
  epoch: number
  epochs: number
  /** Mean training loss of the epoch (including a sparsity penalty or, for the variational model, the per-sample negative ELBO). */
  loss: number
  valLoss?: number
  /** Training samples per second in this epoch. */
  samplesPerSecond: number
  elapsedMs: number
  /** Estimated time to the last epoch, from the mean epoch time so far. */
  etaMs: number
}

/** The result of {@link trainAutoencoder}. */
export interface TrainingHistory {
  /** Training loss per epoch. */
  loss: number[]
  /** Validation loss per epoch (empty without validation data). */
  valLoss: number[]
  /** 1-based epoch with the lowest monitored loss (validation loss when there is one). */
  bestEpoch: number
  stoppedEarly: boolean
  epochsRun: number
  /** Training samples per second over the whole run. */
  samplesPerSecond: number
  /**
   * `true` when `signal` stopped training with `onAbort: 'keepBest'` (then `stoppedEarly` is `true` too and the
   * weights are those of `bestEpoch`). Absent in histories recorded before this field existed.
   */
  aborted?: boolean
}

const WHERE = 'trainAutoencoder()'

function aborted(): AedetectError {
  return new AedetectError('E_ABORTED', `${WHERE}: training was aborted by the caller's AbortSignal.`)
}

function abortedBeforeAnEpoch(): AedetectError {
  return new AedetectError('E_ABORTED', `${WHERE}: training was aborted by the caller's AbortSignal before its first epoch ended, so there are no best weights to keep (onAbort: 'keepBest'). Abort after the first epoch, or train again.`)
}

// One macrotask hop: lets an abort from a timer or a worker's 'message' event run between two epochs. A resolved
// promise is not enough (microtasks run before any event). A timer, not a MessageChannel message: a port's message
// can overtake a timer set earlier (Node runs it before a 1 ms timer is due), and a timer queues behind every
// earlier timer and message. It costs about 1 ms per epoch in Node (4 ms in a browser once timers nest).
function nextMacrotask(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0))
}

function missingKernel(backend: string, kernel: string, kind: string, cause?: unknown): AedetectError {
  const message = `${WHERE}: the '${backend}' backend has no '${kernel}' kernel, which training a '${kind}' autoencoder needs. Call registerFastKernels() first, or train on the backend trainingBackendFor() names.`
  return new AedetectError('E_BACKEND', message, { cause })
}

function split(x: Samples, fraction: number, seed: number): { train: Samples; validation: Samples } {
  const n = x.shape[0]
  const held = Math.round(n * fraction)
  if (held < 1 || held >= n) {
    throw new AedetectError('E_OPTION', `${WHERE}: validationFraction ${fraction} of ${n} samples holds out ${held}; it must leave at least one sample on each side.`)
  }
  const order = permutation(n, seed)
  return { train: selectSamples(x, order.subarray(held)), validation: selectSamples(x, order.subarray(0, held)) }
}

// The variational model has its own loop; the LSTM, plain dense stacks and conv1d chains train with fused loops on cpu and wasm
// (each falls back to fitRunner where it does not apply); everything else trains with model.fit.
function runnerFor(autoencoder: Autoencoder, options: RunnerOptions): EpochRunner {
  switch (autoencoder.config.kind) {
    case 'variational':
      return variationalRunner(autoencoder, options)
    case 'lstm':
      return lstmRunner(autoencoder, options)
    case 'dense':
      return denseRunner(autoencoder, options)
    case 'conv1d':
      return conv1dRunner(autoencoder, options)
    default:
      return fitRunner(autoencoder, options)
  }
}

/**
 * Trains an autoencoder to reconstruct `x` (its own input; with `noise`, the clean input from a noisy
 * one). Shuffles with a seeded permutation per epoch and runs `model.fit` with `shuffle: false`, so the
 * same data, config and seed give bit-identical weights on the cpu backend. The variational model
 * trains with a custom loop (reconstruction + β·KL); the LSTM, on cpu and wasm, with a fused forward pass and
 * hand-written backpropagation through time on the same weights (~11× model.fit; @aedetect/tfjs-kernels' KERNELS.md); a plain dense
 * stack (dropout allowed; no batch normalisation or sparsity), on cpu and wasm, with fused dense passes and Adam on
 * the same weights (KERNELS.md). Leaves no tensors behind.
 * @throws AedetectError `E_SHAPE`/`E_EMPTY`/`E_NOT_FINITE`/`E_FEATURE_COUNT` for bad input,
 *   `E_OPTION` for a bad option (noise recipes included), `E_BACKEND` when the backend lacks a training
 *   kernel (conv models on stock wasm), `E_ABORTED` when `signal` aborts (the weights are those of the last finished batch)
 *   — with `onAbort: 'keepBest'`, only when no epoch had finished; otherwise it resolves with the best epoch's weights.
 */
export async function trainAutoencoder(autoencoder: Autoencoder, x: Samples, options: TrainOptions = {}): Promise<TrainingHistory> {
  const epochs = options.epochs ?? 50
  const batchSize = options.batchSize ?? 64
  const learningRate = options.learningRate ?? 1e-3
  const loss = options.loss ?? 'mse'
  const seed = options.seed ?? DEFAULT_SEED
  expectPositiveInteger(epochs, 'epochs', WHERE)
  expectPositiveInteger(batchSize, 'batchSize', WHERE)
  expectInRange(learningRate, 'learningRate', Number.MIN_VALUE, Number.MAX_VALUE, WHERE)
  expectOneOf(loss, 'loss', ['mse', 'mae'], WHERE)
  const onAbortChoice = options.onAbort ?? 'throw'
  expectOneOf(onAbortChoice, 'onAbort', ['throw', 'keepBest'], WHERE)
  const keepBest = onAbortChoice === 'keepBest'
  const stopping = options.earlyStopping ? { patience: 10, minDelta: 0, restoreBestWeights: true, ...options.earlyStopping } : undefined
  if (stopping) {
    if (!Number.isInteger(stopping.patience) || stopping.patience < 1) {
      throw new AedetectError('E_OPTION', `${WHERE}: earlyStopping.patience must be a positive integer, got ${String(stopping.patience)}.`)
    }
    expectInRange(stopping.minDelta, 'earlyStopping.minDelta', 0, Number.MAX_VALUE, WHERE)
  }
  let train = validateInput(autoencoder, x, WHERE)
  let validation = options.validation ? validateInput(autoencoder, options.validation, `${WHERE} (validation)`) : undefined
  const random = createRandom(seed)
  const splitSeed = random.nextInt(2147483647)
  const shuffleSeed = random.nextInt(2147483647)
  const noiseSeed = random.nextInt(2147483647)
  const samplingSeed = random.nextInt(2147483647)
  if (!validation && options.validationFraction !== undefined) {
    expectInRange(options.validationFraction, 'validationFraction', 0, 1, WHERE)
    if (options.validationFraction > 0) ({ train, validation } = split(train, options.validationFraction, splitSeed))
  }
  // A missing gradient kernel fails deep inside model.fit and leaves its batch tensors behind: check first.
  if (autoencoder.config.kind === 'conv1d' || autoencoder.config.kind === 'conv2d') {
    const backend = tf.getBackend()
    for (const kernel of ['Conv2DBackpropFilter', 'Conv2DBackpropInput']) {
      if (!tf.getKernel(kernel, backend)) throw missingKernel(backend, kernel, autoencoder.config.kind)
    }
  }
  // Checks the noise recipe before any work (applyNoise throws E_OPTION for a bad one).
  if (options.noise) applyNoise(sliceSamples(train, 0, 1), options.noise, noiseSeed)
  if (options.signal?.aborted) throw keepBest ? abortedBeforeAnEpoch() : aborted()

  const runnerOptions: RunnerOptions = { batchSize, learningRate, loss, validation, seed: samplingSeed }
  const runner: EpochRunner = runnerFor(autoencoder, runnerOptions)
  const onAbort = (): void => runner.stop()
  options.signal?.addEventListener('abort', onAbort)
  // The stored graph holds every weight (the variational log-variance head is not in `model`).
  const model = internalsOf(autoencoder).storage
  const n = train.shape[0]
  const history: TrainingHistory = { loss: [], valLoss: [], bestEpoch: 0, stoppedEarly: false, epochsRun: 0, samplesPerSecond: 0 }
  let best = Infinity
  let bestWeights: tf.Tensor[] | undefined
  const tracksBest = keepBest || stopping?.restoreBestWeights === true
  // Keeps the best epoch's weights (or throws without them) when `signal` aborts; true when it stopped training.
  const stopOnAbort = (): boolean => {
    if (!options.signal?.aborted) return false
    if (!keepBest) throw aborted()
    if (!bestWeights) throw abortedBeforeAnEpoch()
    history.stoppedEarly = true
    history.aborted = true
    return true
  }
  let wait = 0
  let fitMs = 0
  const start = performance.now()
  try {
    for (let epoch = 1; epoch <= epochs; epoch++) {
      if (epoch > 1) await nextMacrotask()
      if (stopOnAbort()) break
      const clean = selectSamples(train, permutation(n, shuffleSeed + epoch))
      const input = options.noise ? applyNoise(clean, options.noise, noiseSeed + epoch) : clean
      const t0 = performance.now()
      const result = await runner.runEpoch(input, clean)
      const epochMs = performance.now() - t0
      fitMs += epochMs
      // An epoch cut short by the abort is not recorded: its loss covers part of the data.
      if (stopOnAbort()) break
      history.loss.push(result.loss)
      if (result.valLoss !== undefined) history.valLoss.push(result.valLoss)
      history.epochsRun = epoch
      const monitored = result.valLoss ?? result.loss
      if (monitored < best - (stopping?.minDelta ?? 0)) {
        best = monitored
        history.bestEpoch = epoch
        wait = 0
        if (tracksBest) {
          for (const w of bestWeights ?? []) w.dispose()
          bestWeights = model.getWeights().map((w) => tf.clone(w))
        }
      } else {
        wait += 1
      }
      const elapsedMs = performance.now() - start
      options.onEpochEnd?.({
        epoch,
        epochs,
        loss: result.loss,
        ...(result.valLoss !== undefined ? { valLoss: result.valLoss } : {}),
        samplesPerSecond: n / (epochMs / 1000),
        elapsedMs,
        etaMs: (elapsedMs / epoch) * (epochs - epoch),
      })
      if (stopping && wait >= stopping.patience && epoch < epochs) {
        history.stoppedEarly = true
        break
      }
    }
    // After an abort the weights may be those of a discarded partial epoch: put the best back even when the best
    // epoch is the last one finished. Without early stopping, only an abort restores (epochs run in full keep
    // their last weights, as before).
    if (bestWeights && (history.aborted || (stopping?.restoreBestWeights && history.bestEpoch !== history.epochsRun))) model.setWeights(bestWeights)
  } catch (error) {
    const text = error instanceof Error ? error.message : String(error)
    const missing = /Kernel '(\w+)' not registered for backend '(\w+)'/.exec(text)
    if (missing) throw missingKernel(missing[2], missing[1], autoencoder.config.kind, error)
    throw error
  } finally {
    options.signal?.removeEventListener('abort', onAbort)
    for (const w of bestWeights ?? []) w.dispose()
    runner.dispose()
  }
  history.samplesPerSecond = (n * history.epochsRun) / (fitMs / 1000)
  return history
}
