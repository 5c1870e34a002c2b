import type { Samples } from '@aedetect/core'
import type { WindowDetector } from '@aedetect/detector'
import { alarmEventFlags, alarmEvents, type AlarmRuleResult } from '@aedetect/metrics'
import type { LabelledSeries } from './labelled-data'

/**
 * The test part's point scores, per-variable contributions and alarms (the detector's alarm rule, `flagPoints`).
 * With `testFollowsTrain` the series is scored whole (train then test) and the test points kept, so the first test
 * points are covered by as many windows as any other (NAB's protocol: the test part is the rest of the same
 * stream), and the alarm rule runs over the whole stream too — what `aedetect score` flags on the whole file.
 */
export async function scoreTestPoints(detector: WindowDetector, data: LabelledSeries, testFollowsTrain: boolean): Promise<{ scores: Float64Array; features: Samples<Float64Array>; alarms: AlarmRuleResult }> {
  const [t, channels] = data.test.shape
  if (!testFollowsTrain) {
    const scores = await detector.scorePoints(data.test)
    return { scores, features: await detector.scorePointFeatures(data.test), alarms: detector.flagPoints(scores) }
  }
  const prefix = data.train.shape[0]
  const whole = new Float32Array((prefix + t) * channels)
  whole.set(data.train.data)
  whole.set(data.test.data, prefix * channels)
  const series: Samples = { data: whole, shape: [prefix + t, channels] }
  const wholeScores = await detector.scorePoints(series)
  const scores = wholeScores.slice(prefix)
  const all = await detector.scorePointFeatures(series)
  // The test part's flags of the rule run over the whole stream; its events cut at the first test point.
  const flags = detector.flagPoints(wholeScores).flags.slice(prefix)
  const events = alarmEvents(flags, scores)
  return { scores, features: { data: all.data.slice(prefix * channels), shape: [t, channels] }, alarms: { flags: alarmEventFlags(events, t), events } }
}
