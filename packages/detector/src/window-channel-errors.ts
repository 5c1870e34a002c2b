// Per-channel error scaling of the window detector (issue 19): each channel's reconstruction error divided by its
// mean on the training windows, so one channel the model reconstructs badly even on normal data (a noisy server
// metric) does not dominate every window's score, and a quiet channel that breaks stands out.
import type { Samples } from '@aedetect/core'

/** How a window detector weighs its channels' errors: 'none' (plain mean) or 'channel' (each divided by its training mean). */
export type ChannelErrorScale = 'none' | 'channel'

// A channel the model reconstructs almost perfectly in training (SMD has constant metrics) would get a near-zero
// divisor and turn float noise into alarms: each divisor is at least this share of the mean over channels.
const FLOOR_SHARE = 0.01

/**
 * The mean error of each channel over the windows' steps (`errors` as `scoreFeatures` returns them,
 * `[n, steps, channels]` or flat `[n, steps · channels]`), floored at 1 % of the mean over channels.
 */
export function channelErrorMeans(errors: Samples, channels: number): number[] {
  const { data } = errors
  const values = data.length / channels
  const sums = new Float64Array(channels)
  for (let i = 0; i < values; i++) {
    const base = i * channels
    for (let c = 0; c < channels; c++) sums[c] += data[base + c]
  }
  let overall = 0
  for (let c = 0; c < channels; c++) overall += sums[c] / values
  const floor = Math.max((FLOOR_SHARE * overall) / channels, Number.MIN_VALUE)
  const means = new Array<number>(channels)
  for (let c = 0; c < channels; c++) means[c] = Math.max(sums[c] / values, floor)
  return means
}

/** `errors` with each channel divided by its mean (a new array, same shape). */
export function scaleChannelErrors(errors: Samples, means: readonly number[]): Samples {
  const channels = means.length
  const out = new Float32Array(errors.data.length)
  for (let i = 0; i < out.length; i += channels) {
    for (let c = 0; c < channels; c++) out[i + c] = errors.data[i + c] / means[c]
  }
  return { data: out, shape: errors.shape.slice() }
}

/** One score per window: the mean of its scaled errors (the plain score's definition, on scaled errors). */
export function scaledWindowScores(errors: Samples, means: readonly number[]): Float32Array {
  const n = errors.shape[0]
  const size = errors.data.length / n
  const channels = means.length
  const scores = new Float32Array(n)
  for (let w = 0; w < n; w++) {
    let sum = 0
    const base = w * size
    for (let j = 0; j < size; j++) sum += errors.data[base + j] / means[j % channels]
    scores[w] = sum / size
  }
  return scores
}
