import type { FloatArray, Samples } from '@aedetect/core'
import { expectRange } from './_checks'
import { clipOption } from './_clip'
import { prepareFit } from './_scaler-input'
import { nonZeroScale } from './_zero-scale'
import type { ScalerAxis, ScalerBase } from './scaler'

/**
 * A fitted min-max scaler (scikit-learn's `MinMaxScaler`): `z = x · scale + offset`, which maps each
 * parameter's training range `[dataMin, dataMax]` onto `featureRange`. All arrays hold one value per parameter
 * (see {@link ScalerAxis}), in float64.
 */
export interface MinMaxScaler extends ScalerBase {
  kind: 'minmax'
  /** The target range `[lo, hi]` of the training values. */
  featureRange: [number, number]
  /** Smallest training value of each parameter. */
  dataMin: Float64Array
  /** Largest training value of each parameter. */
  dataMax: Float64Array
  /** `dataMax − dataMin`, as measured (0 for a constant column). */
  dataRange: Float64Array
  /** `(hi − lo) / dataRange`, with a range below 10·ε replaced by 1 (a constant column gets scale `hi − lo`). */
  scale: Float64Array
  /** `lo − dataMin · scale` (scikit-learn's `min_`). */
  offset: Float64Array
}

/** Options of {@link fitMinMax}. */
export interface MinMaxOptions {
  /** Target range `[lo, hi]` of the training values, lo < hi. Default `[0, 1]`. */
  featureRange?: [number, number]
  /** Which values share a min and max. Default `'feature'`. See {@link ScalerAxis}. */
  per?: ScalerAxis
  /**
   * Clip scaled values to `[-clipTo, clipTo]` when applying (a positive number). Default: no clipping, as
   * scikit-learn. Scaled values outside `featureRange` are otherwise kept (test data can exceed the training range).
   */
  clipTo?: number
}

/**
 * Fits a min-max scaler on (normal training) samples, computing in float64 whatever the input type.
 * Equal to scikit-learn's `MinMaxScaler` to ~1e-15; a parameter that is constant in training gets scale
 * `hi − lo` (scikit-learn's rule: its range is replaced by 1), so it maps to `lo` at training and stays finite.
 * Accepts `Samples` (float32 or float64) or arrays of rows.
 * Throws `E_EMPTY`, `E_SHAPE`, `E_NOT_FINITE` for bad samples (naming the sample and feature) and `E_OPTION`
 * for a bad option.
 */
export function fitMinMax(x: number[][] | Samples<FloatArray>, options: MinMaxOptions = {}): MinMaxScaler {
  const where = 'fitMinMax()'
  const featureRange = expectRange(options.featureRange ?? [0, 1], 'featureRange', where, [0, 1])
  const clipTo = clipOption(options.clipTo, where)
  const { x: samples, per, sampleShape, period } = prepareFit(x, options.per ?? 'feature', where)
  const data = samples.data
  const dataMin = new Float64Array(period).fill(Number.POSITIVE_INFINITY)
  const dataMax = new Float64Array(period).fill(Number.NEGATIVE_INFINITY)
  for (let i = 0; i < data.length; i++) {
    const p = i % period
    const v = data[i]
    if (v < dataMin[p]) dataMin[p] = v
    if (v > dataMax[p]) dataMax[p] = v
  }
  const dataRange = new Float64Array(period)
  const scale = new Float64Array(period)
  const offset = new Float64Array(period)
  const [lo, hi] = featureRange
  for (let p = 0; p < period; p++) {
    dataRange[p] = dataMax[p] - dataMin[p]
    scale[p] = (hi - lo) / nonZeroScale(dataRange[p])
    offset[p] = lo - dataMin[p] * scale[p]
  }
  return { kind: 'minmax', per, sampleShape, sampleCount: samples.shape[0], clipTo, featureRange, dataMin, dataMax, dataRange, scale, offset }
}
