import { AedetectError, type FloatArray } from '@aedetect/core'

/**
 * Reads the differences x − r of one sample at a time, optionally averaged over a box of neighbours along the
 * sample's spatial axes (every axis but the last, the channels: height and width of an image, the steps of a
 * sequence). Averaging first makes a coherent error (a missing sleeve, a wrong stroke) weigh more than the same
 * amount of scattered pixel noise, which cancels out ("proximally sensitive error", Gudi et al. 2022).
 */
export interface DifferenceReader {
  /** Fills `out` (one sample's values) with the differences of sample `i`, smoothed when asked. */
  read(i: number, out: Float64Array): void
}

/** Validates `smoothing` (a box radius in values, `0` = off) for samples of `sampleShape`. */
export function expectSmoothing(smoothing: number | undefined, sampleShape: number[], where: string): number {
  const radius = smoothing ?? 0
  if (!Number.isInteger(radius) || radius < 0) {
    throw new AedetectError('E_OPTION', `${where}: smoothing must be a whole number of values (a box radius; 0 = off), got ${String(smoothing)}.`)
  }
  if (radius > 0 && sampleShape.length < 2) {
    throw new AedetectError('E_OPTION', `${where}: smoothing averages differences over neighbouring steps or pixels, so the samples need a spatial axis: sequences [steps, channels] or images [height, width, channels]; these samples are [${sampleShape.join(', ')}]. Reshape them, or leave smoothing at 0.`)
  }
  return radius
}

export function differenceReader(a: FloatArray, b: FloatArray, sampleShape: number[], radius: number): DifferenceReader {
  const size = sampleShape.reduce((p, q) => p * q, 1)
  if (radius === 0) {
    return {
      read(i, out) {
        const base = i * size
        for (let j = 0; j < size; j++) out[j] = a[base + j] - b[base + j]
      },
    }
  }
  const spare = new Float64Array(size)
  const spatialAxes = sampleShape.length - 1
  return {
    read(i, out) {
      const base = i * size
      for (let j = 0; j < size; j++) spare[j] = a[base + j] - b[base + j]
      // One box mean per spatial axis (the box is separable); the result lands in `out` after an odd number of
      // passes, so an even count ends with a copy.
      let from: Float64Array = spare
      let to: Float64Array = out
      for (let axis = 0; axis < spatialAxes; axis++) {
        boxMeanAlong(from, to, sampleShape, axis, radius)
        ;[from, to] = [to, from]
      }
      if (from !== out) out.set(from)
    },
  }
}

/**
 * Mean over the in-range neighbours within `radius` along `axis`. At the edges the box is cut, not padded,
 * so a border pixel averages fewer values rather than zeros.
 */
function boxMeanAlong(from: Float64Array, to: Float64Array, shape: number[], axis: number, radius: number): void {
  const length = shape[axis]
  let inner = 1
  for (let d = axis + 1; d < shape.length; d++) inner *= shape[d]
  const outer = from.length / (length * inner)
  for (let o = 0; o < outer; o++) {
    for (let c = 0; c < inner; c++) {
      const start = o * length * inner + c
      // A running sum over the window [t − radius, t + radius] ∩ [0, length).
      let sum = 0
      for (let t = 0; t < Math.min(radius, length); t++) sum += from[start + t * inner]
      for (let t = 0; t < length; t++) {
        const enter = t + radius
        if (enter < length) sum += from[start + enter * inner]
        const leave = t - radius - 1
        if (leave >= 0) sum -= from[start + leave * inner]
        const count = Math.min(length - 1, t + radius) - Math.max(0, t - radius) + 1
        to[start + t * inner] = sum / count
      }
    }
  }
}
