import { describe, expect, test } from 'vitest'
import { AedetectError } from '@aedetect/core'
import { applyAlarmRule, createAlarmHold, holdAlarms } from '@aedetect/metrics'

function thrown(run: () => unknown): AedetectError {
  try {
    run()
  } catch (error) {
    return error as AedetectError
  }
  throw new Error('expected a throw')
}

describe('holdAlarms', () => {
  test('keeps an alarm on `hold` points after its last raised flag, and not past the series end', () => {
    // By hand: raised at 1, 5, 11; hold 2 adds 2–3, 6–7 and 12 (the series ends at 12).
    const raw = [0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1, 0]
    expect(Array.from(holdAlarms(raw, 2))).toEqual([0, 1, 1, 1, 0, 1, 1, 1, 0, 0, 0, 1, 1])
    // Consecutive raised flags: the hold counts from the last one (raised 0–1, hold 3 → 0–4).
    expect(Array.from(holdAlarms([1, 1, 0, 0, 0, 0, 0], 3))).toEqual([1, 1, 1, 1, 1, 0, 0])
    expect(Array.from(holdAlarms(raw, 0))).toEqual(raw)
    expect(raw).toEqual([0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1, 0]) // input unchanged
  })

  test('the stream form gives the same flags one point at a time', () => {
    const raw = [0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0]
    for (const hold of [0, 1, 2, 5, 30]) {
      const stream = createAlarmHold(hold)
      expect(raw.map((f) => (stream.push(f === 1) ? 1 : 0))).toEqual(Array.from(holdAlarms(raw, hold)))
    }
  })

  test('a hold that is not an integer >= 0 says what to pass', () => {
    const error = thrown(() => holdAlarms([0, 1], -1))
    expect(error.code).toBe('E_OPTION')
    expect(error.message).toBe('holdAlarms(): hold must be an integer number of points >= 0 (0 holds nothing), got -1. Pass e.g. hold: 50 to keep an alarm on for 50 points after its last exceedance.')
    expect(thrown(() => createAlarmHold(2.5)).message).toMatch(/^createAlarmHold\(\): hold must be an integer number of points >= 0 \(0 holds nothing\), got 2\.5\./)
  })
})

describe('applyAlarmRule with a hold', () => {
  // flags at >= 5: 1, 5, 11.
  const scores = [0, 5, 0, 0, 0, 6, 0, 0, 0, 0, 0, 7, 0]

  test('the hold alone: the held flags, one event per held run', () => {
    const result = applyAlarmRule(scores, { strategy: 'fixed', minLength: 1, coolDown: 0, hold: 2 }, { threshold: 5 })
    expect(Array.from(result.flags)).toEqual([0, 1, 1, 1, 0, 1, 1, 1, 0, 0, 0, 1, 1])
    expect(result.events).toEqual([
      { start: 1, end: 3, peak: 5, peakIndex: 1 },
      { start: 5, end: 7, peak: 6, peakIndex: 5 },
      { start: 11, end: 12, peak: 7, peakIndex: 11 },
    ])
  })

  test('the hold comes first, then coolDown merges and minLength drops', () => {
    // By hand: held runs [1..3], [5..7], [11..12]; cool-down 2 merges [1..3] and [5..7] (gap of 1 point, 4) into
    // [1..7] but not [11..12] (gap of 3 points); minLength 3 then drops [11..12] (2 points). Without the hold the
    // runs [1], [5], [11] are 3 points apart: nothing merges and minLength 3 drops all.
    const result = applyAlarmRule(scores, { strategy: 'fixed', minLength: 3, coolDown: 2, hold: 2 }, { threshold: 5 })
    expect(result.events).toEqual([{ start: 1, end: 7, peak: 6, peakIndex: 5 }])
    expect(Array.from(result.flags)).toEqual([0, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0])
    expect(applyAlarmRule(scores, { strategy: 'fixed', minLength: 3, coolDown: 2 }, { threshold: 5 }).events).toEqual([])
  })

  test('hold absent equals hold 0 (rules saved before the field)', () => {
    const absent = applyAlarmRule(scores, { strategy: 'fixed', minLength: 1, coolDown: 0 }, { threshold: 5 })
    expect(Array.from(absent.flags)).toEqual([0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1, 0])
    expect(applyAlarmRule(scores, { strategy: 'fixed', minLength: 1, coolDown: 0, hold: 0 }, { threshold: 5 })).toEqual(absent)
  })

  test('a bad hold is refused before any work, naming applyAlarmRule', () => {
    const error = thrown(() => applyAlarmRule(scores, { strategy: 'fixed', minLength: 1, coolDown: 0, hold: -3 }, { threshold: 5 }))
    expect(error.code).toBe('E_OPTION')
    expect(error.message).toBe('applyAlarmRule(): hold must be an integer number of points >= 0 (0 holds nothing), got -3. Pass e.g. hold: 50 to keep an alarm on for 50 points after its last exceedance.')
  })
})
