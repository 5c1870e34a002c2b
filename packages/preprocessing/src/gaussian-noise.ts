import { AedetectError, DEFAULT_SEED, createRandom } from '@aedetect/core'
import type { FloatArray, Samples } from '@aedetect/core'
import { checkSamples, expectFinite, expectRange, expectSeed, show } from './_checks'

/** Options of {@link addGaussianNoise}. */
export interface GaussianNoiseOptions {
  /** Standard deviation of the added noise, in the units of the (scaled) values; ≥ 0 (0 = a copy). */
  std: number
  /** Seed of the noise (an integer). Default {@link DEFAULT_SEED} (42). */
  seed?: number
  /** Clip the noisy values to `[lo, hi]`, e.g. `[0, 1]` after min-max scaling. Default: no clipping. */
  clip?: [number, number]
}

/**
 * Adds independent Gaussian noise `N(0, std²)` to every value, for training a denoising autoencoder (the model
 * sees noisy inputs and reconstructs the clean ones). Returns new samples of the input's element type; the
 * input is not modified. Seeded with core's generator: same input and seed give the same noise in Node and
 * every browser. Throws `E_OPTION` for a negative or non-finite std, a bad clip range or seed; `E_EMPTY`,
 * `E_SHAPE`, `E_NOT_FINITE` for bad samples.
 */
export function addGaussianNoise<A extends FloatArray>(x: Samples<A>, options: GaussianNoiseOptions): Samples<A> {
  const where = 'addGaussianNoise()'
  const std = expectFinite(options?.std, 'std', where)
  if (std < 0) {
    throw new AedetectError('E_OPTION', `${where}: std is ${show(std)}; it must be ≥ 0 (the standard deviation of the noise). Pass e.g. std: 0.1.`)
  }
  const clip = options.clip === undefined ? null : expectRange(options.clip, 'clip', where, [0, 1])
  const random = createRandom(expectSeed(options.seed ?? DEFAULT_SEED, where))
  checkSamples(x, where)
  const src = x.data
  const out = new (src.constructor as { new (n: number): A })(src.length)
  for (let i = 0; i < src.length; i++) {
    let v = src[i] + std * random.nextNormal()
    if (clip !== null) v = v < clip[0] ? clip[0] : v > clip[1] ? clip[1] : v
    out[i] = v
  }
  return { data: out, shape: x.shape.slice() }
}
