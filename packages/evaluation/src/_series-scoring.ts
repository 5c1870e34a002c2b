import type { Samples } from '@aedetect/core'
import type { WindowDetector } from '@aedetect/detector'
import type { LabelledSeries } from './labelled-data'

/**
 * The test part's point scores and per-variable contributions. With `testFollowsTrain` the series is scored
 * whole (train then test) and the test points kept, so the first test points are covered by as many windows as
 * any other (NAB's protocol: the test part is the rest of the same stream).
 */
export async function scoreTestPoints(detector: WindowDetector, data: LabelledSeries, testFollowsTrain: boolean): Promise<{ scores: Float64Array; features: Samples<Float64Array> }> {
  const [t, channels] = data.test.shape
  if (!testFollowsTrain) return { scores: await detector.scorePoints(data.test), features: await detector.scorePointFeatures(data.test) }
  const prefix = data.train.shape[0]
  const whole = new Float32Array((prefix + t) * channels)
  whole.set(data.train.data)
  whole.set(data.test.data, prefix * channels)
  const series: Samples = { data: whole, shape: [prefix + t, channels] }
  const scores = (await detector.scorePoints(series)).slice(prefix)
  const all = await detector.scorePointFeatures(series)
  return { scores, features: { data: all.data.slice(prefix * channels), shape: [t, channels] } }
}
