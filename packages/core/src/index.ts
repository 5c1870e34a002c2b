export type { Samples, Samples64, FloatArray, Labels, Scores } from './types'
export type { AedetectErrorCode } from './aedetect-error'
export { AedetectError, isAedetectError } from './aedetect-error'
export type { Random } from './seeded-random'
export { createRandom, permutation, randomUint32s, randomMask, DEFAULT_SEED } from './seeded-random'
export {
  toSamples,
  toSamples64,
  sampleSize,
  sampleCount,
  assertSamplesShape,
  assertFinite,
  expectSampleShape,
  selectSamples,
  toRows,
} from './samples'
export { toLabels } from './labels'
