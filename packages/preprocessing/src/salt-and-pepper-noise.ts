import { DEFAULT_SEED, createRandom } from '@aedetect/core'
import type { FloatArray, Samples } from '@aedetect/core'
import { checkSamples, expectFinite, expectProbability, expectSeed } from './_checks'

/** Options of {@link saltAndPepperNoise}. */
export interface SaltAndPepperOptions {
  /** Probability in [0, 1] that each value is replaced (independently per value), half by `low`, half by `high`. */
  fraction: number
  /** Seed of the noise (an integer). Default {@link DEFAULT_SEED} (42). */
  seed?: number
  /** The "pepper" value. Default 0 (the bottom of min-max scaled data). */
  low?: number
  /** The "salt" value. Default 1 (the top of min-max scaled data). */
  high?: number
}

/**
 * Salt-and-pepper noise for denoising autoencoders (images above all): each value is independently replaced
 * with probability `fraction`, by `low` or `high` with equal chance. Returns new samples of the input's element
 * type; the input is not modified. Same input and seed give the same noise in Node and every browser.
 * Throws `E_OPTION` for a fraction outside [0, 1], non-finite low/high or a bad seed; `E_EMPTY`, `E_SHAPE`,
 * `E_NOT_FINITE` for bad samples.
 */
export function saltAndPepperNoise<A extends FloatArray>(x: Samples<A>, options: SaltAndPepperOptions): Samples<A> {
  const where = 'saltAndPepperNoise()'
  const fraction = expectProbability(options?.fraction, 'fraction', where)
  const low = expectFinite(options.low ?? 0, 'low', where)
  const high = expectFinite(options.high ?? 1, 'high', where)
  const random = createRandom(expectSeed(options.seed ?? DEFAULT_SEED, where))
  checkSamples(x, where)
  const src = x.data
  const out = new (src.constructor as { new (n: number): A })(src.length)
  for (let i = 0; i < src.length; i++) {
    out[i] = random.next() < fraction ? (random.next() < 0.5 ? low : high) : src[i]
  }
  return { data: out, shape: x.shape.slice() }
}
