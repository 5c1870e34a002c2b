import type { FloatArray, Samples } from '@aedetect/core'

/**
 * What the reconstruction-error functions accept for inputs and reconstructions: `Samples` (float32 or
 * float64 data, shape `[n, ...sampleShape]`) or rows of numbers (`number[][]`, converted once).
 */
export type SamplesInput = Samples<FloatArray> | number[][]

/** A per-value error: `'squared'` (x − r)² or `'absolute'` |x − r|. */
export type ValueMetric = 'squared' | 'absolute'
