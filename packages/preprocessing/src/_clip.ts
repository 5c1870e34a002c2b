import { AedetectError } from '@aedetect/core'
import { show } from './_checks'

/** Validates the `clipTo` option: undefined → null (no clipping), else a positive finite number. */
export function clipOption(value: unknown, where: string): number | null {
  if (value === undefined || value === null) return null
  if (typeof value !== 'number' || !(value > 0) || !Number.isFinite(value)) {
    throw new AedetectError('E_OPTION', `${where}: clipTo is ${show(value)}; it must be a positive finite number (scaled values are clipped to [-clipTo, clipTo]). Omit it for no clipping.`)
  }
  return value
}
