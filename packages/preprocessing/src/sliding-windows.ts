import { AedetectError, assertFinite, assertSamplesShape } from '@aedetect/core'
import type { FloatArray, Samples } from '@aedetect/core'
import { expectFiniteValues, expectInteger } from './_checks'
import { windowCount } from './_window-geometry'

/** Options of {@link slidingWindows}. */
export interface SlidingWindowOptions {
  /** Time steps per window, an integer from 1 to the series length. */
  size: number
  /** Time steps between the starts of consecutive windows, an integer ≥ 1. Default 1. */
  stride?: number
}

/**
 * Cuts a series into overlapping windows for sequence models: window k covers steps `k·stride … k·stride +
 * size − 1`. Only full windows are made, `count = floor((t − size) / stride) + 1` of them, so up to
 * `stride − 1` trailing steps may be in no window (see {@link windowScoresToPoints}). Equal to numpy's
 * `sliding_window_view(series, size)[::stride]`.
 * @param series `Samples` of shape `[t, channels]` (one row per time step), or a `Float32Array` /
 *   `Float64Array` of t values (one channel).
 * @returns new `Samples` of shape `[count, size, channels]` with the input's element type.
 * Throws `E_SHAPE` for a series that is not `[t, channels]`, `E_EMPTY` for an empty series, `E_NOT_FINITE`
 * naming the first NaN/±Infinity, `E_OPTION` for a size longer than the series or a bad stride.
 */
export function slidingWindows<A extends FloatArray>(series: Samples<A> | A, options: SlidingWindowOptions): Samples<A> {
  const where = 'slidingWindows()'
  const x = asSeries(series, where)
  const [t, channels] = x.shape
  const size = expectInteger(options?.size, 'size', where, 1)
  const stride = expectInteger(options.stride ?? 1, 'stride', where, 1)
  if (size > t) {
    throw new AedetectError('E_OPTION', `${where}: size is ${size} but the series has ${t} time steps; a window cannot be longer than the series. Pass size ≤ ${t}.`)
  }
  const count = windowCount(t, size, stride)
  const windowValues = size * channels
  const data = new (x.data.constructor as { new (n: number): A })(count * windowValues)
  const src = x.data
  if (windowValues >= 64) {
    for (let k = 0; k < count; k++) {
      const start = k * stride * channels
      data.set(src.subarray(start, start + windowValues), k * windowValues)
    }
  } else {
    // For short windows a plain loop beats a subarray + set call per window.
    let o = 0
    for (let k = 0; k < count; k++) {
      const start = k * stride * channels
      for (let j = 0; j < windowValues; j++) data[o++] = src[start + j]
    }
  }
  return { data, shape: [count, size, channels] }
}

/** A univariate typed array becomes `[t, 1]`; `Samples` must be `[t, channels]`. Checks NaN/±Infinity. */
function asSeries<A extends FloatArray>(series: Samples<A> | A, where: string): Samples<A> {
  if (series instanceof Float32Array || series instanceof Float64Array) {
    if (series.length === 0) {
      throw new AedetectError('E_EMPTY', `${where}: the series is empty. Pass at least one time step.`)
    }
    expectFiniteValues(series, 'series', where)
    return { data: series, shape: [series.length, 1] }
  }
  assertSamplesShape(series, where)
  if (series.shape.length !== 2) {
    throw new AedetectError('E_SHAPE', `${where}: the series has shape [${series.shape.join(', ')}]; expected [t, channels] (one row per time step), or a Float32Array of t values for one channel.`)
  }
  assertFinite(series, where)
  return series
}
