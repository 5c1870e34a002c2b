import { AedetectError } from '@aedetect/core'
import { toScores64 } from '../_validate'

/** An alarm: a run of flagged points, `start` and `end` both inclusive (0-based), with its highest score. */
export interface AlarmEvent {
  start: number
  end: number
  /** The highest score in [start, end] (higher = more anomalous). */
  peak: number
  /** Where `peak` is (the first such point). */
  peakIndex: number
}

/** Options of {@link alarmEvents}. */
export interface AlarmEventOptions {
  /** Events shorter than this many points (after merging) are dropped. Default 1: keep all. */
  minLength?: number
  /**
   * Events separated by fewer than this many unflagged points are merged into one (the gap joins the event):
   * one alarm per incident, not one per blip. In points. Default 0: merge nothing.
   */
  coolDown?: number
}

/**
 * Alarms an alerting user can act on, from point flags (1 = anomaly, e.g. `score >= threshold`) and the
 * point scores: each maximal run of flagged points is an event; events whose gap is shorter than `coolDown`
 * points are merged (first), then events shorter than `minLength` points are dropped. Each event carries its
 * peak score and where it is. In order of time.
 * @throws `E_LENGTH_MISMATCH` when flags and scores differ in length, `E_LABELS` for a flag other than 0/1,
 * `E_NOT_FINITE`, `E_OPTION` for a `minLength` < 1 or a negative `coolDown` (both integers).
 */
export function alarmEvents(flags: ArrayLike<number>, scores: ArrayLike<number>, options: AlarmEventOptions = {}): AlarmEvent[] {
  const where = 'alarmEvents()'
  const minLength = options.minLength ?? 1
  const coolDown = options.coolDown ?? 0
  if (!Number.isInteger(minLength) || minLength < 1) {
    throw new AedetectError('E_OPTION', `${where}: minLength must be an integer >= 1 (points), got ${String(minLength)}.`)
  }
  if (!Number.isInteger(coolDown) || coolDown < 0) {
    throw new AedetectError('E_OPTION', `${where}: coolDown must be an integer >= 0 (points), got ${String(coolDown)}.`)
  }
  const s = toScores64(scores, where)
  if (flags.length !== s.length) {
    throw new AedetectError('E_LENGTH_MISMATCH', `${where}: ${flags.length} flags for ${s.length} scores. Pass one flag per score.`)
  }
  const runs: Array<[number, number]> = []
  let start = -1
  for (let i = 0; i <= s.length; i++) {
    const f = i < s.length ? flags[i] : 0
    if (f !== 0 && f !== 1) {
      throw new AedetectError('E_LABELS', `${where}: flags[${i}] is ${String(f)}; flags must be 0 (normal) or 1 (anomaly).`)
    }
    if (f === 1 && start < 0) start = i
    if (f === 0 && start >= 0) {
      const last = runs[runs.length - 1]
      if (last !== undefined && start - last[1] - 1 < coolDown) last[1] = i - 1
      else runs.push([start, i - 1])
      start = -1
    }
  }
  const events: AlarmEvent[] = []
  for (const [a, b] of runs) {
    if (b - a + 1 < minLength) continue
    let peakIndex = a
    for (let i = a + 1; i <= b; i++) if (s[i] > s[peakIndex]) peakIndex = i
    events.push({ start: a, end: b, peak: s[peakIndex], peakIndex })
  }
  return events
}

/** The 0/1 point flags of events over a series of `n` points (1 inside an event), e.g. to score alarms with `eventF1`. */
export function alarmEventFlags(events: readonly AlarmEvent[], n: number): Uint8Array {
  const out = new Uint8Array(n)
  for (const e of events) out.fill(1, Math.max(0, e.start), Math.min(n, e.end + 1))
  return out
}
