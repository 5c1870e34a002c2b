// The score of one window without tfjs (issue 19, live scoring): the detector's scaler, the compiled forward pass
// of its autoencoder, and the window's error exactly as `scorePoints` computes it — with channel error means,
// featureErrors' float32 squared (or absolute) errors divided by each channel's mean and averaged in float64
// (scaledWindowScores); without, the mean error over the window's values.
import type { LayersModel } from '@tensorflow/tfjs'
import { applyScaler, type Scaler } from '@aedetect/preprocessing'
import { reconstructorOf } from '../_reconstructor'
import type { WindowDetector } from '../window-detector'
import { compileForwardPass } from './_forward-pass'

/** The compiled path's scoring of windows; see {@link fastWindowScorer}. */
export interface FastWindowScorer {
  /** 'simd' or 'js': the kernel of the forward pass. */
  kernel: 'simd' | 'js'
  /**
   * Writes point `point[from … from + channels)` (original units) into `into` at `at`, as `score` takes it: scaled
   * when the scaler has one parameter per channel (each point is scaled once, not once per window covering it),
   * else unchanged.
   */
  prepare(point: Float32Array, from: number, into: Float32Array, at: number): void
  /**
   * Scores one window `[windowSize, channels]` of prepared points, whose first point has stream index `start`;
   * higher = more anomalous. Windows of one stream, in order: first-layer rows are reused between them.
   */
  score(window: Float32Array, start: number): number
}

/**
 * The compiled scorer of `windowDetector`'s windows, or the reason it cannot be built (a PCA model, error
 * smoothing, a layer or activation the compiled pass does not cover). The caller falls back to tfjs on a reason.
 */
export function fastWindowScorer(windowDetector: WindowDetector): FastWindowScorer | string {
  const { detector, windowSize, state } = windowDetector
  const { channels, channelErrorMeans: means } = state
  const model = reconstructorOf(detector)
  if (model.kind !== 'autoencoder') return `the model is ${model.kind}, not an autoencoder`
  const { scoreMetric, errorSmoothing, scaler } = detector.state
  if (errorSmoothing !== 0) return `errorSmoothing is ${errorSmoothing}`
  if (scoreMetric !== 'mse' && scoreMetric !== 'mae') return `scoreMetric is ${String(scoreMetric)}`
  const pass = compileForwardPass(model.autoencoder.model as LayersModel)
  if (pass === null) return `the ${model.autoencoder.config.kind} model has a layer or option the compiled pass does not cover`
  const size = windowSize * channels
  if (pass.size !== size) return `the model takes ${pass.size} values per window, not ${size}`
  const reconstruction = new Float32Array(size)
  const shape = [1, windowSize, channels]
  const squared = scoreMetric === 'mse'
  const divisors = means ? Float64Array.from(means) : null
  const perPoint = scaler ? pointScaler(scaler, windowSize, channels) : null
  const copy = (point: Float32Array, from: number, into: Float32Array, at: number): void => {
    for (let c = 0; c < channels; c++) into[at + c] = point[from + c]
  }
  return {
    kernel: pass.kernel,
    prepare: perPoint ?? copy,
    score(window, start) {
      // Scaled per window (one parameter per value position), a stream index no longer names fixed values.
      const perWindow = scaler !== null && perPoint === null
      const x = perWindow ? applyScaler(scaler, { data: window, shape }).data : window
      pass.run(x, reconstruction, perWindow ? undefined : start)
      let sum = 0
      if (divisors) {
        for (let s = 0, j = 0; s < windowSize; s++) {
          for (let c = 0; c < channels; c++, j++) {
            const d = x[j] - reconstruction[j]
            sum += Math.fround(squared ? d * d : Math.abs(d)) / divisors[c]
          }
        }
      } else {
        for (let j = 0; j < size; j++) {
          const d = x[j] - reconstruction[j]
          sum += squared ? d * d : Math.abs(d)
        }
      }
      return Math.fround(sum / size)
    },
  }
}

type PointScale = FastWindowScorer['prepare']

// applyScaler's arithmetic for one point, when the scaler has one parameter per channel (or one for all): float64
// `(x − shift) / factor` (min-max `x · factor + shift`), stored as float32, then clipped. Checked against
// applyScaler itself on a probe window, bit for bit; on any difference (or another scaler) null: scale per window.
function pointScaler(scaler: Scaler, steps: number, channels: number): PointScale | null {
  let shift: Float64Array
  let factor: Float64Array
  let multiply = false
  if (scaler.kind === 'minmax') {
    shift = scaler.offset
    factor = scaler.scale
    multiply = true
  } else if (scaler.kind === 'standard') {
    shift = scaler.withMean ? scaler.mean : new Float64Array(scaler.mean.length)
    factor = scaler.withStd ? scaler.scale : new Float64Array(scaler.scale.length).fill(1)
  } else if (scaler.kind === 'robust') {
    shift = scaler.withCentering ? scaler.center : new Float64Array(scaler.center.length)
    factor = scaler.withScaling ? scaler.scale : new Float64Array(scaler.scale.length).fill(1)
  } else return null
  const period = shift.length
  if (period !== channels && period !== 1) return null
  const clip = scaler.clipTo
  const scale: PointScale = (point, from, into, at) => {
    for (let c = 0; c < channels; c++) {
      const p = period === 1 ? 0 : c
      into[at + c] = multiply ? point[from + c] * factor[p] + shift[p] : (point[from + c] - shift[p]) / factor[p]
      if (clip !== null) into[at + c] = into[at + c] > clip ? clip : into[at + c] < -clip ? -clip : into[at + c]
    }
  }
  // Probe: values around each channel's shift, within and far beyond its factor (clipped), both signs.
  const probe = new Float32Array(steps * channels)
  const multipliers = [0, 0.3, -0.7, 1.9, -4.2, 25, -130, 0.011]
  for (let s = 0; s < steps; s++) {
    for (let c = 0; c < channels; c++) {
      const p = period === 1 ? 0 : c
      const m = multipliers[(s + c) % multipliers.length]
      probe[s * channels + c] = multiply ? (m - shift[p]) / factor[p] : shift[p] + m * factor[p]
    }
  }
  let expected: Float32Array
  try {
    expected = applyScaler(scaler, { data: probe, shape: [1, steps, channels] }).data
  } catch {
    return null
  }
  const got = new Float32Array(probe.length)
  for (let s = 0; s < steps; s++) scale(probe, s * channels, got, s * channels)
  for (let j = 0; j < got.length; j++) if (!Object.is(got[j], expected[j])) return null
  return scale
}
