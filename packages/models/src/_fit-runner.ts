import * as tf from '@tensorflow/tfjs'
import type { Samples } from '@aedetect/core'
import type { Autoencoder } from './autoencoder'
import { internalsOf } from './autoencoder'
import { toTensor } from './_tensors'

/** One way of running an epoch: `model.fit` for most models, a custom loop for the variational one. */
export interface EpochRunner {
  runEpoch(input: Samples, target: Samples): Promise<{ loss: number; valLoss?: number }>
  /** Asks a running epoch to stop after its current batch. */
  stop(): void
  dispose(): void
}

export interface RunnerOptions {
  batchSize: number
  learningRate: number
  loss: 'mse' | 'mae'
  validation?: Samples
  seed: number
}

const LOSS_NAMES = { mse: 'meanSquaredError', mae: 'meanAbsoluteError' } as const

// The sparsity penalty rides on a second output (the code) with a dummy target: tfjs-layers throws
// "activity regularizer(s) is not supported yet" when a layer has an activity regularizer.
function sparsityLoss(autoencoder: Autoencoder): ((yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Tensor) | undefined {
  const { config } = autoencoder
  if (config.kind !== 'dense' || !config.sparsity) return undefined
  const sparsity = config.sparsity
  // The weight is applied here, not through compile's lossWeights: in tfjs-layers 4.22 lossWeights
  // changes training even when the weight is 0 (measured on the dense ECG model).
  const weight = sparsity.weight
  if (sparsity.kind === 'l1') return (_yTrue, yPred) => tf.mul(weight, tf.sum(tf.abs(yPred), -1))
  const rho = sparsity.target
  return (_yTrue, yPred) =>
    tf.tidy(() => {
      const rhoHat = tf.clipByValue(tf.mean(yPred, 0), 1e-7, 1 - 1e-7)
      const a = tf.mul(rho, tf.log(tf.div(rho, rhoHat)))
      const b = tf.mul(1 - rho, tf.log(tf.div(1 - rho, tf.sub(1, rhoHat))))
      return tf.mul(weight, tf.sum(tf.add(a, b)))
    })
}

/** Trains with `model.fit`, one call per epoch on data the caller has already shuffled (`shuffle: false`). */
export function fitRunner(autoencoder: Autoencoder, options: RunnerOptions): EpochRunner {
  const model = internalsOf(autoencoder).training
  const optimizer = tf.train.adam(options.learningRate)
  const penalty = sparsityLoss(autoencoder)
  if (penalty) {
    // tfjs-layers resolves each entry by name or takes it as the loss function itself.
    const losses = [LOSS_NAMES[options.loss], penalty] as unknown as tf.ModelCompileArgs['loss']
    model.compile({ optimizer, loss: losses })
  } else {
    model.compile({ optimizer, loss: LOSS_NAMES[options.loss] })
  }
  const codeUnits = penalty ? (model.outputs[1].shape[1] as number) : 0
  const dummy = (n: number): tf.Tensor => tf.zeros([n, codeUnits])
  let validationData: [tf.Tensor, tf.Tensor | tf.Tensor[]] | undefined
  const owned: tf.Tensor[] = []
  if (options.validation) {
    const xv = toTensor(options.validation)
    owned.push(xv)
    if (penalty) {
      const zv = dummy(options.validation.shape[0])
      owned.push(zv)
      validationData = [xv, [xv, zv]]
    } else {
      validationData = [xv, xv]
    }
  }
  return {
    async runEpoch(input, target) {
      const xs = toTensor(input)
      const ys = target === input ? xs : toTensor(target)
      const zs = penalty ? dummy(input.shape[0]) : undefined
      try {
        const history = await model.fit(xs, zs ? [ys, zs] : ys, {
          epochs: 1,
          batchSize: options.batchSize,
          shuffle: false,
          verbose: 0,
          validationData,
        })
        const loss = Number(history.history.loss[0])
        const val = history.history.val_loss
        return val === undefined ? { loss } : { loss, valLoss: Number(val[0]) }
      } finally {
        xs.dispose()
        if (ys !== xs) ys.dispose()
        zs?.dispose()
      }
    },
    stop() {
      model.stopTraining = true
    },
    dispose() {
      for (const t of owned) t.dispose()
      optimizer.dispose()
    },
  }
}
