import { AedetectError } from '@aedetect/core'
import type { ChartOptions } from './chart-options'

/** The chart's width and height: `options.width` (at least 200 px) with the default proportions, the height at least `minHeight`. */
export function chartSize(where: string, options: ChartOptions, defaults: { width: number; height: number; minHeight?: number }): { width: number; height: number } {
  const width = options.width ?? defaults.width
  if (typeof width !== 'number' || !Number.isFinite(width) || width < 200) {
    throw new AedetectError('E_OPTION', `${where}: width is ${String(width)}; expected a number of pixels >= 200 (or leave it out for ${defaults.width}).`)
  }
  const height = Math.max(defaults.minHeight ?? 0, Math.round((width * defaults.height) / defaults.width))
  return { width: Math.round(width), height }
}
