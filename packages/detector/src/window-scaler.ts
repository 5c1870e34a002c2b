// The window detector's scaler choice: the detector's `ScalerChoice`, plus the robust scaler's quantiles and
// clipping (issue 19: on SMD, min-max per channel lets one training spike squash a channel's normal range, and the
// plain IQR blows up channels that are nearly constant; quantiles 5–95 % clipped at ±10 did better than both).
import { AedetectError, type Samples } from '@aedetect/core'
import { fitRobust, type Scaler } from '@aedetect/preprocessing'
import type { ScalerChoice } from './detector-options'

/**
 * A scaler choice for windows: `ScalerChoice`, and for `kind: 'robust'` optionally `quantileRange` (fractions,
 * default `[0.25, 0.75]`) and `clipTo` (scaled values clipped to `[-clipTo, clipTo]`, default none).
 */
export interface WindowScalerChoice extends ScalerChoice {
  /** Robust scaler only: the quantiles `[lo, hi]` whose distance is the scale. Default `[0.25, 0.75]` (the IQR). */
  quantileRange?: [number, number]
  /** Robust scaler only: clip scaled values to `[-clipTo, clipTo]`. Default: no clipping. */
  clipTo?: number
}

/**
 * The robust scaler of `windows` when `choice` sets quantiles or clipping (fitted here, on every training window),
 * else null (the detector fits `choice` itself). Throws 'E_OPTION' for quantiles or clipping on another kind.
 */
export function fitWindowScaler(windows: Samples, choice: WindowScalerChoice, where: string): Scaler | null {
  if (choice.quantileRange === undefined && choice.clipTo === undefined) return null
  if (choice.kind !== 'robust') {
    throw new AedetectError('E_OPTION', `${where}: scaler has quantileRange or clipTo, which only the robust scaler takes; got kind '${choice.kind}'. Use { kind: 'robust', per: 'channel', quantileRange: [0.05, 0.95], clipTo: 10 }, or drop those fields.`)
  }
  return fitRobust(windows, { per: choice.per ?? 'feature', ...(choice.quantileRange ? { quantileRange: choice.quantileRange } : {}), ...(choice.clipTo === undefined ? {} : { clipTo: choice.clipTo }) })
}
