import { createAlarmHold, createNonparametricThreshold, createRollingMeanStd, type AlarmRule, type NonparametricStream, type RollingMeanStd } from '@aedetect/metrics'

/**
 * The online form of a saved alarm rule (`WindowDetector.onlineThreshold`): the rolling rule started from
 * `calibration`, or the fixed `value`, then the rule's causal hold, so that pushing a stream's scores one by one
 * flags what `applyAlarmRule` flags on the whole stream (without the event step, which looks ahead). Null for the
 * fixed rule without a hold: then a scorer compares `score >= value` itself.
 */
export function onlineAlarm(alarm: AlarmRule, calibration: ArrayLike<number> | undefined, value: number): NonparametricStream | RollingMeanStd | null {
  const hold = alarm.hold ?? 0
  let rule: NonparametricStream | RollingMeanStd | null = null
  if (alarm.strategy === 'rollingNonparametric' && calibration) rule = createNonparametricThreshold(calibration, alarm)
  else if (alarm.strategy === 'rollingMeanStd' && calibration) rule = createRollingMeanStd(calibration, alarm)
  if (hold === 0) return rule
  const inner: NonparametricStream | RollingMeanStd = rule ?? { threshold: value, push: (score) => ({ alarm: score >= value, threshold: value }) }
  const held = createAlarmHold(hold, 'onlineThreshold()')
  return {
    get threshold() {
      return inner.threshold
    },
    push(score) {
      const decision = inner.push(score)
      return { alarm: held.push(decision.alarm), threshold: decision.threshold }
    },
  }
}
