import { assertSamplesShape, expectSampleShape, toSamples, type Samples } from '@aedetect/core'
import type { Autoencoder } from './autoencoder'

/** Options of {@link validateInput}. */
export interface ValidateInputOptions {
  /**
   * Skip the finiteness check of `Samples` input: the caller checks later, e.g. only when an error came out
   * non-finite (a non-finite input value always makes its sample's reconstruction error non-finite).
   */
  deferFinite?: boolean
}

/** Checks samples at a public edge: shape, finiteness (unless deferred), and the autoencoder's sample shape; float32 out. */
export function validateInput(autoencoder: Autoencoder, x: Samples | number[][], where: string, options: ValidateInputOptions = {}): Samples {
  let samples: Samples
  if (options.deferFinite && !Array.isArray(x)) {
    assertSamplesShape(x, where)
    samples = x
  } else {
    samples = toSamples(x, where)
  }
  expectSampleShape(samples, autoencoder.sampleShape, where)
  if (samples.data instanceof Float32Array) return samples
  return { data: Float32Array.from(samples.data), shape: samples.shape }
}
