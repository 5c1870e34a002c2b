import * as tf from '@tensorflow/tfjs'
import { createRandom, DEFAULT_SEED } from '@aedetect/core'

/** Hands out one derived seed per layer, in build order, so the same model seed gives the same weights. */
export interface SeedSource {
  next(): number
  kernel(): ReturnType<typeof tf.initializers.glorotUniform>
}

export function seedSource(seed: number = DEFAULT_SEED): SeedSource {
  const random = createRandom(seed)
  const next = (): number => random.nextInt(2147483647)
  return {
    next,
    kernel: () => tf.initializers.glorotUniform({ seed: next() }),
  }
}
