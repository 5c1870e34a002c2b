import { AedetectError, expectSampleShape, toSamples64 } from '@aedetect/core'
import type { FloatArray, Samples } from '@aedetect/core'
import { checkSamples, show } from './_checks'
import type { Scaler } from './scaler'

/**
 * Scales samples with a fitted scaler and returns new samples of the input's element type (float32 in,
 * float32 out; arrays of rows give float64), computing each value in float64 with scikit-learn's arithmetic:
 * min-max `x · scale + offset`, standard and robust `(x − center) / scale`. Values outside the training range
 * are kept (no clipping) unless the scaler was fitted with `clipTo`. The input is not modified.
 * Throws `E_FEATURE_COUNT` when the samples' shape differs from the fit-time sample shape, `E_EMPTY`,
 * `E_SHAPE`, `E_NOT_FINITE` for bad samples.
 */
export function applyScaler<A extends FloatArray>(scaler: Scaler, x: Samples<A>): Samples<A>
export function applyScaler(scaler: Scaler, x: number[][]): Samples<Float64Array>
export function applyScaler(scaler: Scaler, x: number[][] | Samples<FloatArray>): Samples<FloatArray> {
  const where = 'applyScaler()'
  const samples = checkInput(scaler, x, where)
  const { shift, factor, multiply } = coefficients(scaler, where)
  const period = shift.length
  const src = samples.data
  const out = new (src.constructor as { new (n: number): FloatArray })(src.length)
  const clip = scaler.clipTo
  // Row by row with the branch outside the loop: a `%` and a ternary per value made scaling the slowest
  // step of detector.score() on wasm. The operation order is scikit-learn's, so float64 results match it bit for bit.
  for (let base = 0; base < src.length; base += period) {
    if (multiply) for (let p = 0; p < period; p++) out[base + p] = src[base + p] * factor[p] + shift[p]
    else for (let p = 0; p < period; p++) out[base + p] = (src[base + p] - shift[p]) / factor[p]
  }
  if (clip !== null) for (let i = 0; i < out.length; i++) out[i] = out[i] > clip ? clip : out[i] < -clip ? -clip : out[i]
  return { data: out, shape: samples.shape.slice() }
}

/**
 * Undoes {@link applyScaler}: maps scaled samples (e.g. a reconstruction) back to the original units, as new
 * samples of the input's element type. Min-max `(z − offset) / scale`; standard and robust
 * `z · scale + center`. Values clipped by `clipTo` cannot be restored and come back at the clip bound.
 * Throws `E_FEATURE_COUNT` when the samples' shape differs from the fit-time sample shape, `E_EMPTY`,
 * `E_SHAPE`, `E_NOT_FINITE` for bad samples.
 */
export function invertScaler<A extends FloatArray>(scaler: Scaler, x: Samples<A>): Samples<A>
export function invertScaler(scaler: Scaler, x: number[][]): Samples<Float64Array>
export function invertScaler(scaler: Scaler, x: number[][] | Samples<FloatArray>): Samples<FloatArray> {
  const where = 'invertScaler()'
  const samples = checkInput(scaler, x, where)
  const { shift, factor, multiply } = coefficients(scaler, where)
  const period = shift.length
  const src = samples.data
  const out = new (src.constructor as { new (n: number): FloatArray })(src.length)
  for (let i = 0; i < src.length; i++) {
    const p = i % period
    out[i] = multiply ? (src[i] - shift[p]) / factor[p] : src[i] * factor[p] + shift[p]
  }
  return { data: out, shape: samples.shape.slice() }
}

interface Coefficients {
  shift: Float64Array
  factor: Float64Array
  /** true: forward is `x · factor + shift` (min-max); false: `(x − shift) / factor`. */
  multiply: boolean
}

function coefficients(scaler: Scaler, where: string): Coefficients {
  switch (scaler?.kind) {
    case 'minmax':
      return { shift: scaler.offset, factor: scaler.scale, multiply: true }
    case 'standard':
      return {
        shift: scaler.withMean ? scaler.mean : new Float64Array(scaler.mean.length),
        factor: scaler.withStd ? scaler.scale : new Float64Array(scaler.scale.length).fill(1),
        multiply: false,
      }
    case 'robust':
      return {
        shift: scaler.withCentering ? scaler.center : new Float64Array(scaler.center.length),
        factor: scaler.withScaling ? scaler.scale : new Float64Array(scaler.scale.length).fill(1),
        multiply: false,
      }
    default:
      throw new AedetectError('E_OPTION', `${where}: scaler.kind is ${show((scaler as { kind?: unknown } | undefined)?.kind)}; expected one of 'minmax' | 'standard' | 'robust'. Pass a scaler from fitMinMax(), fitStandard(), fitRobust() or scalerFromJSON().`)
  }
}

function checkInput(scaler: Scaler, x: number[][] | Samples<FloatArray>, where: string): Samples<FloatArray> {
  const samples = Array.isArray(x) ? toSamples64(x, where) : checkSamples(x, where)
  coefficients(scaler, where)
  expectSampleShape(samples, scaler.sampleShape, where)
  return samples
}
