import { expectSampleShape, toSamples, type Samples } from '@aedetect/core'
import type { Autoencoder } from './autoencoder'

/** Checks samples at a public edge: shape, finiteness, and the autoencoder's sample shape; float32 out. */
export function validateInput(autoencoder: Autoencoder, x: Samples | number[][], where: string): Samples {
  const samples = toSamples(x, where)
  expectSampleShape(samples, autoencoder.sampleShape, where)
  if (samples.data instanceof Float32Array) return samples
  return { data: Float32Array.from(samples.data), shape: samples.shape }
}
