import * as tf from '@tensorflow/tfjs'
import type { Samples } from '@aedetect/core'
import { internalsOf, type Autoencoder } from './autoencoder'
import type { EpochRunner, RunnerOptions } from './_fit-runner'
import { toTensor } from './_tensors'

/**
 * Per-sample negative ELBO terms: reconstruction error summed over features (squared for 'mse',
 * absolute for 'mae') and KL(q(z|x) ‖ N(0, I)) summed over the latent axis. Summing (not averaging)
 * over features keeps the two terms on one scale; averaging lets the KL term collapse the code.
 */
export function variationalTerms(
  autoencoder: Autoencoder,
  x: tf.Tensor,
  target: tf.Tensor,
  seed: number,
  loss: 'mse' | 'mae',
  training: boolean,
): { reconstruction: tf.Tensor1D; kl: tf.Tensor1D } {
  const parts = internalsOf(autoencoder).variational
  if (!parts) throw new TypeError('not a variational autoencoder')
  const [mean, logVar] = parts.encoder.apply(x, { training }) as tf.Tensor[]
  const epsilon = tf.randomNormal(mean.shape, 0, 1, 'float32', seed)
  const z = tf.add(mean, tf.mul(tf.exp(tf.mul(logVar, 0.5)), epsilon))
  const y = parts.decoder.apply(z, { training }) as tf.Tensor
  const diff = tf.sub(y, target)
  const axes = x.shape.slice(1).map((_, i) => i + 1)
  const reconstruction = tf.sum(loss === 'mse' ? tf.square(diff) : tf.abs(diff), axes) as tf.Tensor1D
  const kl = tf.mul(-0.5, tf.sum(tf.sub(tf.sub(tf.add(1, logVar), tf.square(mean)), tf.exp(logVar)), -1)) as tf.Tensor1D
  return { reconstruction, kl }
}

export function variationalBeta(autoencoder: Autoencoder): number {
  return autoencoder.config.kind === 'variational' ? (autoencoder.config.beta ?? 1) : 1
}

/** Custom loop for the variational model: one `optimizer.minimize` per batch, seeded noise per batch. */
export function variationalRunner(autoencoder: Autoencoder, options: RunnerOptions): EpochRunner {
  const optimizer = tf.train.adam(options.learningRate)
  const beta = variationalBeta(autoencoder)
  const variables = internalsOf(autoencoder).storage.trainableWeights.map((w) => w.read() as tf.Variable)
  let calls = 0
  let stopping = false
  const objective = (x: tf.Tensor, target: tf.Tensor, seed: number, training: boolean): tf.Scalar => {
    const { reconstruction, kl } = variationalTerms(autoencoder, x, target, seed, options.loss, training)
    return tf.mean(tf.add(reconstruction, tf.mul(beta, kl))) as tf.Scalar
  }
  const evaluate = async (x: Samples): Promise<number> => {
    let total = 0
    for (let start = 0; start < x.shape[0]; start += 1024) {
      const end = Math.min(start + 1024, x.shape[0])
      const value = tf.tidy(() => {
        const size = x.data.length / x.shape[0]
        const xb = tf.tensor(x.data.subarray(start * size, end * size), [end - start, ...x.shape.slice(1)])
        return tf.mul(objective(xb, xb, options.seed - 1 - start, false), end - start)
      })
      total += (await value.data())[0]
      value.dispose()
    }
    return total / x.shape[0]
  }
  return {
    async runEpoch(input, target) {
      stopping = false
      const xs = toTensor(input)
      const ys = target === input ? xs : toTensor(target)
      const n = input.shape[0]
      let sum = 0
      try {
        for (let start = 0; start < n && !stopping; start += options.batchSize) {
          const end = Math.min(start + options.batchSize, n)
          const seed = options.seed + calls++
          const cost = optimizer.minimize(() => tf.tidy(() => {
            // Denoising: encode the noisy input, score against the clean target.
            const xb = tf.slice(xs, start, end - start)
            const yb = ys === xs ? xb : tf.slice(ys, start, end - start)
            return objective(xb, yb, seed, true)
          }), true, variables)
          if (cost) {
            sum += (await cost.data())[0] * (end - start)
            cost.dispose()
          }
        }
      } finally {
        xs.dispose()
        if (ys !== xs) ys.dispose()
      }
      const result: { loss: number; valLoss?: number } = { loss: sum / n }
      if (options.validation) result.valLoss = await evaluate(options.validation)
      return result
    },
    stop() {
      stopping = true
    },
    dispose() {
      optimizer.dispose()
    },
  }
}
