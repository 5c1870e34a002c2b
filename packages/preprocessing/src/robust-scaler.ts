import type { FloatArray, Samples } from '@aedetect/core'
import { expectBoolean, expectRange } from './_checks'
import { clipOption } from './_clip'
import { medianSorted, quantileSorted } from './_quantile'
import { prepareFit } from './_scaler-input'
import { nonZeroScale } from './_zero-scale'
import type { ScalerAxis, ScalerBase } from './scaler'

/**
 * A fitted robust scaler (scikit-learn's `RobustScaler`): `z = (x − center) / scale` with the median as center
 * and an inter-quantile range as scale, so a few extreme training values do not set the scale. The center is
 * left out when `withCentering` is false, the division when `withScaling` is false. One value per parameter
 * (see {@link ScalerAxis}), in float64.
 */
export interface RobustScaler extends ScalerBase {
  kind: 'robust'
  /** The quantiles `[lo, hi]` (fractions) whose difference is the scale. */
  quantileRange: [number, number]
  /** Whether {@link applyScaler} subtracts `center`. */
  withCentering: boolean
  /** Whether {@link applyScaler} divides by `scale`. */
  withScaling: boolean
  /** Training median of each parameter (numpy's median). */
  center: Float64Array
  /** Quantile `hi` − quantile `lo` (numpy's linear percentiles), replaced by 1 when below 10·ε. */
  scale: Float64Array
}

/** Options of {@link fitRobust}. */
export interface RobustOptions {
  /** Quantiles `[lo, hi]` as fractions in [0, 1] (not percents), lo < hi. Default `[0.25, 0.75]` (the IQR). */
  quantileRange?: [number, number]
  /** Subtract the training median. Default `true`. */
  withCentering?: boolean
  /** Divide by the inter-quantile range. Default `true`. */
  withScaling?: boolean
  /** Which values share a median and range. Default `'feature'`. See {@link ScalerAxis}. */
  per?: ScalerAxis
  /** Clip scaled values to `[-clipTo, clipTo]` when applying (a positive number). Default: no clipping. */
  clipTo?: number
}

/**
 * Fits a robust scaler on (normal training) samples, computing in float64 whatever the input type; equal to
 * scikit-learn's `RobustScaler` (center and scale are order statistics, so exact). A parameter whose
 * inter-quantile range is below 10·ε (constant in training) gets scale 1, as in scikit-learn.
 * Sorts each parameter's values: O(n log n), and one float64 copy of the largest parameter group in memory.
 * Throws `E_EMPTY`, `E_SHAPE`, `E_NOT_FINITE` for bad samples and `E_OPTION` for a bad option.
 */
export function fitRobust(x: number[][] | Samples<FloatArray>, options: RobustOptions = {}): RobustScaler {
  const where = 'fitRobust()'
  const quantileRange = expectRange(options.quantileRange ?? [0.25, 0.75], 'quantileRange', where, [0.25, 0.75], [0, 1])
  const withCentering = expectBoolean(options.withCentering ?? true, 'withCentering', where)
  const withScaling = expectBoolean(options.withScaling ?? true, 'withScaling', where)
  const clipTo = clipOption(options.clipTo, where)
  const { x: samples, per, sampleShape, period } = prepareFit(x, options.per ?? 'feature', where)
  const data = samples.data
  const m = data.length / period
  const center = new Float64Array(period)
  const scale = new Float64Array(period)
  const values = new Float64Array(m)
  for (let p = 0; p < period; p++) {
    for (let k = 0; k < m; k++) values[k] = data[p + k * period]
    values.sort()
    center[p] = medianSorted(values)
    scale[p] = nonZeroScale(quantileSorted(values, quantileRange[1]) - quantileSorted(values, quantileRange[0]))
  }
  return { kind: 'robust', per, sampleShape, sampleCount: samples.shape[0], clipTo, quantileRange, withCentering, withScaling, center, scale }
}
