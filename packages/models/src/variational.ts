import * as tf from '@tensorflow/tfjs'
import { AedetectError, createRandom, DEFAULT_SEED, sampleSize, type Samples, type Scores } from '@aedetect/core'
import { internalsOf, type Autoencoder } from './autoencoder'
import { predictSamples } from './reconstruct'
import { validateInput } from './_validate-input'
import { variationalBeta, variationalTerms } from './_variational-runner'
import { expectOneOf, expectPositiveInteger } from './_options'

function expectVariational(autoencoder: Autoencoder, where: string): NonNullable<ReturnType<typeof internalsOf>['variational']> {
  const parts = internalsOf(autoencoder).variational
  if (!parts) {
    throw new AedetectError('E_UNSUPPORTED', `${where}: needs a variational autoencoder (config.kind 'variational'), got '${autoencoder.config.kind}'.`)
  }
  return parts
}

/** Options of {@link sampleFromPrior}. */
export interface PriorSampleOptions {
  /** Number of samples to draw. */
  count: number
  /** Seed of the latent draws. Default `DEFAULT_SEED` (42). */
  seed?: number
}

/**
 * New samples from a variational autoencoder: codes drawn from the prior N(0, I), decoded.
 * @throws AedetectError `E_UNSUPPORTED` for a model that is not variational, `E_OPTION` for a bad count.
 */
export async function sampleFromPrior(autoencoder: Autoencoder, options: PriorSampleOptions): Promise<Samples> {
  const where = 'sampleFromPrior()'
  const parts = expectVariational(autoencoder, where)
  expectPositiveInteger(options.count, 'count', where)
  const latentDim = parts.decoder.inputs[0].shape[1] as number
  const random = createRandom(options.seed ?? DEFAULT_SEED)
  const codes = new Float32Array(options.count * latentDim)
  for (let i = 0; i < codes.length; i++) codes[i] = random.nextNormal()
  return predictSamples(parts.decoder, { data: codes, shape: [options.count, latentDim] }, 1024)
}

/** Options of {@link elbo} and {@link scoreSamples}. */
export interface VariationalScoreOptions {
  /** Latent draws per sample (L) the estimate averages over. Default `10`. */
  samples?: number
  /** Seed of the latent draws. Default `DEFAULT_SEED` (42). */
  seed?: number
  /** Samples per forward pass. Default `1024`. */
  batchSize?: number
}

async function averageTerms(
  autoencoder: Autoencoder,
  x: Samples,
  options: VariationalScoreOptions,
  where: string,
  combine: (reconstruction: tf.Tensor1D, kl: tf.Tensor1D) => tf.Tensor1D,
): Promise<Float32Array> {
  expectVariational(autoencoder, where)
  const draws = options.samples ?? 10
  const batchSize = options.batchSize ?? 1024
  expectPositiveInteger(draws, 'samples', where)
  expectPositiveInteger(batchSize, 'batchSize', where)
  const samples = validateInput(autoencoder, x, where)
  const seed = options.seed ?? DEFAULT_SEED
  const n = samples.shape[0]
  const size = sampleSize(samples)
  const out = new Float32Array(n)
  for (let start = 0; start < n; start += batchSize) {
    const end = Math.min(start + batchSize, n)
    const mean = tf.tidy(() => {
      const xb = tf.tensor(samples.data.subarray(start * size, end * size), [end - start, ...samples.shape.slice(1)])
      let sum: tf.Tensor = tf.zeros([end - start])
      for (let l = 0; l < draws; l++) {
        const { reconstruction, kl } = variationalTerms(autoencoder, xb, xb, seed + l * 7919 + start, 'mse', false)
        sum = tf.add(sum, combine(reconstruction, kl))
      }
      return tf.div(sum, draws)
    })
    out.set((await mean.data()) as Float32Array, start)
    mean.dispose()
  }
  return out
}

/**
 * Per-sample evidence lower bound of a variational autoencoder, averaged over `samples` latent draws:
 * `−(Σ squared error over features + β·KL(q(z|x) ‖ N(0, I)))` (a Gaussian decoder, constants dropped).
 * Higher = more like the training data.
 * @throws AedetectError `E_UNSUPPORTED` for a model that is not variational; input errors as `reconstruct`.
 */
export async function elbo(autoencoder: Autoencoder, x: Samples, options: VariationalScoreOptions = {}): Promise<Float32Array> {
  const beta = variationalBeta(autoencoder)
  return averageTerms(autoencoder, x, options, 'elbo()', (r, kl) => tf.neg(tf.add(r, tf.mul(beta, kl))) as tf.Tensor1D)
}

/** Options of {@link scoreSamples}. */
export interface ScoreSamplesOptions extends VariationalScoreOptions {
  /** `'reconstruction'`: mean squared error per feature averaged over the draws; `'negativeElbo'`: `−elbo`. Default `'reconstruction'`. */
  score?: 'reconstruction' | 'negativeElbo'
}

/**
 * Anomaly scores of a variational autoencoder, one per sample, higher = more anomalous; a sample is
 * anomalous when `score >= threshold`. The reconstruction score averages the per-feature squared error
 * over `samples` latent draws (the decoder sees sampled codes, not the mean).
 * @throws AedetectError `E_UNSUPPORTED` for a model that is not variational, `E_OPTION` for an unknown score.
 */
export async function scoreSamples(autoencoder: Autoencoder, x: Samples, options: ScoreSamplesOptions = {}): Promise<Scores> {
  const score = options.score ?? 'reconstruction'
  expectOneOf(score, 'score', ['reconstruction', 'negativeElbo'], 'scoreSamples()')
  if (score === 'negativeElbo') {
    const beta = variationalBeta(autoencoder)
    return averageTerms(autoencoder, x, options, 'scoreSamples()', (r, kl) => tf.add(r, tf.mul(beta, kl)) as tf.Tensor1D)
  }
  const features = autoencoder.sampleShape.reduce((a, b) => a * b, 1)
  return averageTerms(autoencoder, x, options, 'scoreSamples()', (r) => tf.div(r, features) as tf.Tensor1D)
}
