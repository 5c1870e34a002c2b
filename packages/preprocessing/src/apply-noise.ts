import { AedetectError, DEFAULT_SEED } from '@aedetect/core'
import type { FloatArray, Samples } from '@aedetect/core'
import { show } from './_checks'
import { addGaussianNoise } from './gaussian-noise'
import { maskNoise } from './mask-noise'
import { saltAndPepperNoise } from './salt-and-pepper-noise'

/**
 * A noise recipe for denoising training, as a plain serialisable record (a model's training config holds one):
 * - `gaussian`: add `N(0, std²)` to every value, then clip to `clip` when given ({@link addGaussianNoise});
 * - `mask`: replace each value by 0 with probability `dropFraction` ({@link maskNoise});
 * - `saltAndPepper`: replace each value with probability `fraction` by `low` (default 0) or `high` (default 1)
 *   ({@link saltAndPepperNoise}).
 */
export type NoiseConfig =
  | { kind: 'gaussian'; std: number; clip?: [number, number] }
  | { kind: 'mask'; dropFraction: number }
  | { kind: 'saltAndPepper'; fraction: number; low?: number; high?: number }

/**
 * Applies a {@link NoiseConfig} with the given seed (default {@link DEFAULT_SEED}) and returns new samples of the
 * input's element type. Same input, config and seed give the same result in Node and every browser; pass a
 * different seed per epoch for fresh noise. Throws `E_OPTION` for an unknown kind or a bad option (see the
 * functions above), and their errors for bad samples.
 */
export function applyNoise<A extends FloatArray>(x: Samples<A>, noise: NoiseConfig, seed: number = DEFAULT_SEED): Samples<A> {
  switch (noise?.kind) {
    case 'gaussian':
      return addGaussianNoise(x, { std: noise.std, clip: noise.clip, seed })
    case 'mask':
      return maskNoise(x, { dropFraction: noise.dropFraction, seed })
    case 'saltAndPepper':
      return saltAndPepperNoise(x, { fraction: noise.fraction, low: noise.low, high: noise.high, seed })
    default:
      throw new AedetectError('E_OPTION', `applyNoise(): noise.kind is ${show((noise as { kind?: unknown } | undefined)?.kind)}; expected one of 'gaussian' | 'mask' | 'saltAndPepper'.`)
  }
}
