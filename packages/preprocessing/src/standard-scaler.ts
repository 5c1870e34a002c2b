import type { FloatArray, Samples } from '@aedetect/core'
import { expectBoolean } from './_checks'
import { clipOption } from './_clip'
import { prepareFit } from './_scaler-input'
import type { ScalerAxis, ScalerBase } from './scaler'

/**
 * A fitted standard scaler (scikit-learn's `StandardScaler`): `z = (x − mean) / scale`, with the mean left out
 * when `withMean` is false and the division when `withStd` is false. One value per parameter (see
 * {@link ScalerAxis}), in float64.
 */
export interface StandardScaler extends ScalerBase {
  kind: 'standard'
  /** Whether {@link applyScaler} subtracts `mean`. */
  withMean: boolean
  /** Whether {@link applyScaler} divides by `scale`. */
  withStd: boolean
  /** Training mean of each parameter (computed even when `withMean` is false). */
  mean: Float64Array
  /** Training population variance (ddof 0) of each parameter. */
  variance: Float64Array
  /** `√variance`, replaced by 1 for a parameter that is constant in training (scikit-learn's rule). */
  scale: Float64Array
}

/** Options of {@link fitStandard}. */
export interface StandardOptions {
  /** Subtract the training mean. Default `true`. */
  withMean?: boolean
  /** Divide by the training standard deviation (population, ddof 0). Default `true`. */
  withStd?: boolean
  /** Which values share a mean and std. Default `'feature'`. See {@link ScalerAxis}. */
  per?: ScalerAxis
  /** Clip scaled values to `[-clipTo, clipTo]` when applying (a positive number). Default: no clipping. */
  clipTo?: number
}

/**
 * Fits a standard scaler on (normal training) samples, computing in float64 whatever the input type; equal to
 * scikit-learn's `StandardScaler` to ~1e-12. The variance is `(Σd² − (Σd)²/n) / n` with `d = x − mean`
 * (scikit-learn's corrected two-pass form). A parameter is constant, and gets scale 1, when
 * `variance ≤ n·ε·variance + (n·mean·ε)²` (ε = 2⁻⁵²): scikit-learn's zero-variance guard, which keeps a column
 * constant in training from exploding at test time; add `clipTo` to bound such values too.
 * Throws `E_EMPTY`, `E_SHAPE`, `E_NOT_FINITE` for bad samples and `E_OPTION` for a bad option.
 */
export function fitStandard(x: number[][] | Samples<FloatArray>, options: StandardOptions = {}): StandardScaler {
  const where = 'fitStandard()'
  const withMean = expectBoolean(options.withMean ?? true, 'withMean', where)
  const withStd = expectBoolean(options.withStd ?? true, 'withStd', where)
  const clipTo = clipOption(options.clipTo, where)
  const { x: samples, per, sampleShape, period } = prepareFit(x, options.per ?? 'feature', where)
  const data = samples.data
  const n = data.length / period
  const mean = new Float64Array(period)
  for (let i = 0; i < data.length; i++) mean[i % period] += data[i]
  for (let p = 0; p < period; p++) mean[p] /= n
  const sumD = new Float64Array(period)
  const sumD2 = new Float64Array(period)
  for (let i = 0; i < data.length; i++) {
    const p = i % period
    const d = data[i] - mean[p]
    sumD[p] += d
    sumD2[p] += d * d
  }
  const variance = new Float64Array(period)
  const scale = new Float64Array(period)
  for (let p = 0; p < period; p++) {
    variance[p] = (sumD2[p] - (sumD[p] * sumD[p]) / n) / n
    const bound = n * Number.EPSILON * variance[p] + (n * mean[p] * Number.EPSILON) ** 2
    scale[p] = variance[p] <= bound ? 1 : Math.sqrt(variance[p])
  }
  return { kind: 'standard', per, sampleShape, sampleCount: samples.shape[0], clipTo, withMean, withStd, mean, variance, scale }
}
