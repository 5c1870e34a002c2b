import type { Samples } from '@aedetect/core'
import type { WindowDetector } from '@aedetect/detector'
import type { LabelledSeries } from './labelled-data'
import type { ReconstructionExample } from './reconstruction-example'

// The window ending at the median-scored normal point (or the highest-scored anomalous point), drawn for the
// channel with the largest error in it.
export async function windowExample(detector: WindowDetector, data: LabelledSeries, testScores: Float64Array, label: 0 | 1): Promise<ReconstructionExample> {
  const [t, channels] = data.test.shape
  const w = detector.windowSize
  const points: number[] = []
  for (let i = w - 1; i < t; i++) if (data.testLabels[i] === label) points.push(i)
  if (points.length === 0) for (let i = w - 1; i < t; i++) points.push(i)
  points.sort((p, q) => testScores[p] - testScores[q])
  const end = label === 1 ? points[points.length - 1] : points[Math.floor(points.length / 2)]
  const start = end - w + 1
  const window: Samples = { data: data.test.data.slice(start * channels, (end + 1) * channels), shape: [1, w, channels] }
  const reconstruction = await detector.detector.reconstruct(window)
  let channel = 0
  let worst = -1
  for (let c = 0; c < channels; c++) {
    let e = 0
    for (let s = 0; s < w; s++) e += (window.data[s * channels + c] - reconstruction.data[s * channels + c]) ** 2
    if (e > worst) {
      worst = e
      channel = c
    }
  }
  const pick = (values: ArrayLike<number>): Float64Array => Float64Array.from({ length: w }, (_, s) => values[s * channels + channel])
  const name = label === 1 ? 'anomalous' : 'normal'
  const which = label === 1 ? 'the highest-scored anomalous point' : 'the median-scored normal point'
  return { title: `The window of test points ${start}-${end}, ending at ${which} (${name}); variable ${data.featureNames[channel] ?? channel}, the one it reconstructs worst`, input: pick(window.data), reconstruction: pick(reconstruction.data) }
}
