// Input handling shared by the three fit functions.
import { AedetectError, toSamples64 } from '@aedetect/core'
import type { FloatArray, Samples } from '@aedetect/core'
import { checkSamples, expectChoice } from './_checks'
import type { ScalerAxis } from './scaler'

export const SCALER_AXES: readonly ScalerAxis[] = ['feature', 'channel', 'global']

/** Validated fit input: the samples (never copied when already `Samples`) and the parameter layout. */
export interface FitInput {
  x: Samples<FloatArray>
  per: ScalerAxis
  sampleShape: number[]
  /** Number of parameters; the parameter of flat value index i is `i % period`. */
  period: number
}

/**
 * Checks the samples (shape, emptiness, NaN/±Infinity) and `per`. Arrays of rows are converted to float64.
 * The parameter of flat index i is `i % period`: a sample's size is a multiple of the channel count, so
 * `i % channels` is the channel of value i, `i % sampleSize` its position in the sample, `i % 1` = 0.
 */
export function prepareFit(input: number[][] | Samples<FloatArray>, per: unknown, where: string): FitInput {
  const axis = expectChoice(per, SCALER_AXES, 'per', where)
  // toSamples64 would copy float32 samples; the fit only reads them, so validate them in place.
  const x = Array.isArray(input) ? toSamples64(input, where) : checkSamples(input, where)
  const sampleShape = x.shape.slice(1)
  if (sampleShape.some((d) => d === 0)) throw emptySampleError(where, sampleShape)
  return { x, per: axis, sampleShape, period: parameterCount(sampleShape, axis) }
}

/** Number of parameters a scaler of axis `per` has for samples of shape `sampleShape`. */
export function parameterCount(sampleShape: readonly number[], per: ScalerAxis): number {
  if (per === 'global') return 1
  if (per === 'channel') return sampleShape.length === 0 ? 1 : sampleShape[sampleShape.length - 1]
  let size = 1
  for (const d of sampleShape) size *= d
  return size
}

/** Thrown when a parameter would have no values (a sample shape with a zero dimension). */
export function emptySampleError(where: string, sampleShape: readonly number[]): AedetectError {
  return new AedetectError('E_EMPTY', `${where}: each sample has shape [${sampleShape.join(', ')}], which holds no values. Pass samples with at least one value each.`)
}

