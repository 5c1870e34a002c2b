import { AedetectError } from '@aedetect/core'
import { createAlarmHold } from './alarm-hold'
import { createNonparametricThreshold } from './nonparametric-stream'
import { createRollingMeanStd } from './rolling-mean-std'
import { toScores64 } from './_validate'
import { alarmEventFlags, alarmEvents, type AlarmEvent } from './timeseries/alarm-events'

/**
 * How a stream of point scores becomes alarms, chosen without labels and saved with a detector:
 * - `'fixed'`: a point is flagged when its score >= the detector's threshold value (one number);
 * - `'rollingNonparametric'`: Hundman et al.'s dynamic threshold on the stream itself (`createNonparametricThreshold`):
 *   every `batch` points, ε is searched again on the trailing `history` scores, the calibration (training) scores
 *   first;
 * - `'rollingMeanStd'`: mean + k std of the trailing `history` scores, computed again every `batch` points
 *   (`createRollingMeanStd`), the calibration scores first.
 *
 * Then, for all, in this order: the causal `hold` (`holdAlarms`: a point is flagged when the rule flagged it or any
 * of the `hold` points before it), then the held flags become events (`alarmEvents`): runs closer than `coolDown`
 * points merged, events shorter than `minLength` points dropped. The hold reads no later point, so a stream gets it
 * too (`minLength` and `coolDown` look ahead and do not stream).
 */
export type AlarmRule =
  | ({ strategy: 'fixed' } & AlarmRuleEvents)
  | ({ strategy: 'rollingNonparametric'; /** Points flagged with one ε. */ batch: number; /** Trailing points the ε search reads. */ history: number; /** Telemanom's error buffer, points. */ errorBuffer: number } & AlarmRuleEvents)
  | ({ strategy: 'rollingMeanStd'; /** Points flagged with one threshold. */ batch: number; /** Trailing points the mean and std are taken over. */ history: number; /** Multiplier of the std. */ k: number } & AlarmRuleEvents)

/** The event step of an {@link AlarmRule}. */
export interface AlarmRuleEvents {
  /** Events shorter than this many points (after merging) are dropped. 1 keeps all. */
  minLength: number
  /** Runs separated by fewer than this many unflagged points are merged into one event. 0 merges nothing. */
  coolDown: number
  /**
   * Causal hold, in points: a point is flagged when the rule flagged it or any of the `hold` points before it (an
   * alarm stays on `hold` points after its last exceedance). Applied before the events. Absent or 0: no hold (rules
   * saved before this field).
   */
  hold?: number
}

/** What {@link applyAlarmRule} returns: the point flags (1 inside an event) and the events, in time order. */
export interface AlarmRuleResult {
  flags: Uint8Array
  events: AlarmEvent[]
}

/**
 * Applies `rule` to `scores`, the point scores of a stream that follows the calibration scores in time
 * (e.g. a detector's test points after its training points). `threshold` is the fixed rule's value; the rolling
 * rule starts from `calibration` (its last `history` scores are enough). Label-free: nothing here reads labels.
 * @throws `E_OPTION` for an unknown strategy, a bad window length or a `hold` that is not an integer >= 0,
 * `E_EMPTY` / `E_NOT_FINITE` for bad calibration scores.
 */
export function applyAlarmRule(scores: ArrayLike<number>, rule: AlarmRule, context: { threshold: number; calibration?: ArrayLike<number> }): AlarmRuleResult {
  const where = 'applyAlarmRule()'
  const s = toScores64(scores, where)
  const hold = createAlarmHold(rule.hold ?? 0, where) // checked before any work
  const flags = new Uint8Array(s.length)
  if (rule.strategy === 'fixed') {
    for (let i = 0; i < s.length; i++) flags[i] = s[i] >= context.threshold ? 1 : 0
  } else if (rule.strategy === 'rollingNonparametric' || rule.strategy === 'rollingMeanStd') {
    if (!context.calibration || context.calibration.length === 0) {
      throw new AedetectError('E_EMPTY', `${where}: the '${rule.strategy}' rule needs the calibration (training) point scores; none were given. Pass the training part's point scores as calibration.`)
    }
    const stream = rule.strategy === 'rollingNonparametric' ? createNonparametricThreshold(context.calibration, { batch: rule.batch, history: rule.history, errorBuffer: rule.errorBuffer }) : createRollingMeanStd(context.calibration, { batch: rule.batch, history: rule.history, k: rule.k })
    for (let i = 0; i < s.length; i++) flags[i] = stream.push(s[i]).alarm ? 1 : 0
  } else {
    throw new AedetectError('E_OPTION', `${where}: unknown alarm rule strategy '${String((rule as { strategy: unknown }).strategy)}'; use 'fixed', 'rollingNonparametric' or 'rollingMeanStd'.`)
  }
  for (let i = 0; i < s.length; i++) flags[i] = hold.push(flags[i] === 1) ? 1 : 0
  const events = alarmEvents(flags, s, { minLength: rule.minLength, coolDown: rule.coolDown })
  return { flags: alarmEventFlags(events, s.length), events }
}
