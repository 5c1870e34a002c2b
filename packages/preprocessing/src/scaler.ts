import type { MinMaxScaler } from './min-max-scaler'
import type { RobustScaler } from './robust-scaler'
import type { StandardScaler } from './standard-scaler'

/**
 * Which values share one scaling parameter.
 * - `'feature'`: one parameter per value position of a sample (a column of a table, a time step of a beat,
 *   a pixel of an image). This is scikit-learn's behaviour on a table.
 * - `'channel'`: one parameter per index of the last axis (a channel of windows `[n, steps, channels]` or of
 *   images `[n, h, w, c]`). On a table `[n, features]` it equals `'feature'`.
 * - `'global'`: one parameter over every value (the TensorFlow ECG tutorial scales with one min and max).
 */
export type ScalerAxis = 'feature' | 'channel' | 'global'

/** The fields every fitted scaler has. */
export interface ScalerBase {
  /** Which values share a parameter; see {@link ScalerAxis}. */
  per: ScalerAxis
  /** The shape of one sample at fit time (`shape.slice(1)`); applying needs the same shape. */
  sampleShape: number[]
  /** How many samples the scaler was fitted on. */
  sampleCount: number
  /**
   * When a number, {@link applyScaler} clips every scaled value to `[-clipTo, clipTo]`; `null` = no clipping.
   * A guard against a column that was constant in training (scale 1) but varies at test time.
   */
  clipTo: number | null
}

/**
 * A fitted scaler: a plain serialisable record, discriminated by `kind`. Apply it with {@link applyScaler},
 * undo it with {@link invertScaler}, save it with {@link scalerToJSON}.
 */
export type Scaler = MinMaxScaler | StandardScaler | RobustScaler
