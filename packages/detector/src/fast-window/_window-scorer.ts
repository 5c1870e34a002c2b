// The score of one raw window without tfjs (issue 19, live scoring): the detector's scaler, the compiled forward
// pass of its autoencoder, and the window's error exactly as `scorePoints` computes it — with channel error means,
// featureErrors' float32 squared (or absolute) errors divided by each channel's mean and averaged in float64
// (scaledWindowScores); without, the mean error over the window's values.
import type { LayersModel } from '@tensorflow/tfjs'
import { applyScaler } from '@aedetect/preprocessing'
import { reconstructorOf } from '../_reconstructor'
import type { WindowDetector } from '../window-detector'
import { compileForwardPass } from './_forward-pass'

/** Scores one raw window `[windowSize, channels]` (row-major, original units); higher = more anomalous. */
export type FastWindowScore = (window: Float32Array) => number

/** Why the fast path does not run for a detector, or null when it does. */
export type FastPathRefusal = string

/**
 * The fast scorer of `windowDetector`'s windows, or the reason it cannot be built (a PCA model, error smoothing,
 * a layer or activation the compiled pass does not cover). The caller falls back to the tfjs path on a reason.
 */
export function fastWindowScorer(windowDetector: WindowDetector): FastWindowScore | FastPathRefusal {
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
  return (window) => {
    const x = scaler ? applyScaler(scaler, { data: window, shape }).data : window
    pass.run(x, reconstruction)
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
  }
}
