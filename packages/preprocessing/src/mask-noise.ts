import { DEFAULT_SEED, createRandom } from '@aedetect/core'
import type { FloatArray, Samples } from '@aedetect/core'
import { checkSamples, expectFinite, expectProbability, expectSeed } from './_checks'

/** Options of {@link maskNoise}. */
export interface MaskNoiseOptions {
  /** Probability in [0, 1] that each value is replaced by `value` (independently per value). */
  dropFraction: number
  /** Seed of the mask (an integer). Default {@link DEFAULT_SEED} (42). */
  seed?: number
  /** The value dropped entries get. Default 0. */
  value?: number
}

/**
 * Masking noise for denoising autoencoders: each value is independently replaced by `value` (default 0) with
 * probability `dropFraction`, so about that share of the values is dropped. Returns new samples of the input's
 * element type; the input is not modified. Same input and seed give the same mask in Node and every browser.
 * Throws `E_OPTION` for a fraction outside [0, 1], a non-finite value or a bad seed; `E_EMPTY`, `E_SHAPE`,
 * `E_NOT_FINITE` for bad samples.
 */
export function maskNoise<A extends FloatArray>(x: Samples<A>, options: MaskNoiseOptions): Samples<A> {
  const where = 'maskNoise()'
  const dropFraction = expectProbability(options?.dropFraction, 'dropFraction', where)
  const value = expectFinite(options.value ?? 0, 'value', where)
  const random = createRandom(expectSeed(options.seed ?? DEFAULT_SEED, where))
  checkSamples(x, where)
  const src = x.data
  const out = new (src.constructor as { new (n: number): A })(src.length)
  for (let i = 0; i < src.length; i++) out[i] = random.next() < dropFraction ? value : src[i]
  return { data: out, shape: x.shape.slice() }
}
