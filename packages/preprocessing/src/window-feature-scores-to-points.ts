import { AedetectError, assertFinite, assertSamplesShape } from '@aedetect/core'
import type { FloatArray, Samples } from '@aedetect/core'
import { checkGeometry, nearestWindow } from './_window-geometry'
import type { WindowToPointOptions } from './window-scores-to-points'

/** Options of {@link windowFeatureScoresToPoints}: those of {@link windowScoresToPoints} without `size`, which comes from the input's shape. */
export type WindowFeatureToPointOptions = Omit<WindowToPointOptions, 'size'>

/**
 * Turns per-step, per-channel window values (e.g. squared reconstruction errors of windows
 * `[count, size, channels]`) into per-point, per-channel values `[t, channels]`: point i, channel c gets the mean,
 * max or last (latest-starting window) of `errors[k, i − k·stride, c]` over the windows k covering i, summed in
 * window order. Uncovered points take, with `'nearest'`, the nearest window's value at its step closest to the
 * point. O(count · size · channels), the size of the input.
 * @param windowErrors `Samples` of shape `[count, size, channels]`, or `[count, size]` for one channel.
 * @returns new float64 `Samples` of shape `[seriesLength, channels]`.
 * Throws `E_SHAPE` for another shape, `E_LENGTH_MISMATCH` when `count` is not the window count of
 * `seriesLength`, `size`, `stride`, `E_NOT_FINITE` naming the first NaN/±Infinity, `E_OPTION` for a bad option.
 */
export function windowFeatureScoresToPoints(windowErrors: Samples<FloatArray>, options: WindowFeatureToPointOptions): Samples<Float64Array> {
  const where = 'windowFeatureScoresToPoints()'
  assertSamplesShape(windowErrors, where)
  const shape = windowErrors.shape
  if (shape.length !== 2 && shape.length !== 3) {
    throw new AedetectError('E_SHAPE', `${where}: windowErrors has shape [${shape.join(', ')}]; expected [count, size, channels] (or [count, size] for one channel), as slidingWindows() returns.`)
  }
  assertFinite(windowErrors, where)
  const size = shape[1]
  const channels = shape.length === 3 ? shape[2] : 1
  const g = checkGeometry(shape[0], { ...options, size }, where)
  const { seriesLength, stride, count, reduce, uncovered } = g
  const src = windowErrors.data
  const out = new Float64Array(seriesLength * channels)
  const covering = new Uint32Array(seriesLength)
  for (let k = 0; k < count; k++) {
    for (let j = 0; j < size; j++) {
      const point = k * stride + j
      const first = covering[point] === 0
      covering[point]++
      const from = (k * size + j) * channels
      const to = point * channels
      for (let c = 0; c < channels; c++) {
        const v = src[from + c]
        if (reduce === 'mean') out[to + c] += v
        else if (reduce === 'max') out[to + c] = first || v > out[to + c] ? v : out[to + c]
        else out[to + c] = v
      }
    }
  }
  let next = 0
  for (let i = 0; i < seriesLength; i++) {
    while (next < count && next * stride <= i) next++
    const to = i * channels
    if (covering[i] === 0) {
      const k = nearestWindow(i, next, g)
      const step = k * stride > i ? 0 : size - 1
      for (let c = 0; c < channels; c++) out[to + c] = uncovered === 'nan' ? Number.NaN : src[(k * size + step) * channels + c]
    } else if (reduce === 'mean') {
      for (let c = 0; c < channels; c++) out[to + c] /= covering[i]
    }
  }
  return { data: out, shape: [seriesLength, channels] }
}
