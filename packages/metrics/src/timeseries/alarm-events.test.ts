import { describe, expect, test } from 'vitest'
import { alarmEventFlags, alarmEvents } from '@aedetect/metrics'

// Hand-checked cases: flags and scores small enough to read; each expected event is written out.
const flags = [0, 1, 1, 0, 1, 0, 0, 0, 1, 0, 1, 1, 1, 0]
const scores = [0, 5, 7, 1, 9, 0, 0, 0, 4, 0, 2, 8, 3, 0]

describe('alarmEvents', () => {
  test('plain runs, with their peaks', () => {
    expect(alarmEvents(flags, scores)).toEqual([
      { start: 1, end: 2, peak: 7, peakIndex: 2 },
      { start: 4, end: 4, peak: 9, peakIndex: 4 },
      { start: 8, end: 8, peak: 4, peakIndex: 8 },
      { start: 10, end: 12, peak: 8, peakIndex: 11 },
    ])
  })

  test('cool-down 2 merges gaps of one point, not gaps of three', () => {
    expect(alarmEvents(flags, scores, { coolDown: 2 })).toEqual([
      { start: 1, end: 4, peak: 9, peakIndex: 4 },
      { start: 8, end: 12, peak: 8, peakIndex: 11 },
    ])
  })

  test('minimum length 2 drops the single points; merging comes first', () => {
    expect(alarmEvents(flags, scores, { minLength: 2 }).map((e) => [e.start, e.end])).toEqual([[1, 2], [10, 12]])
    expect(alarmEvents(flags, scores, { minLength: 4, coolDown: 4 }).map((e) => [e.start, e.end])).toEqual([[1, 12]])
  })

  test('a run reaching the end of the series', () => {
    expect(alarmEvents([0, 1, 1], [1, 2, 2])).toEqual([{ start: 1, end: 2, peak: 2, peakIndex: 1 }])
  })

  test('flags of the events round-trip the merged series', () => {
    const events = alarmEvents(flags, scores, { coolDown: 2 })
    expect(Array.from(alarmEventFlags(events, flags.length))).toEqual([0, 1, 1, 1, 1, 0, 0, 0, 1, 1, 1, 1, 1, 0])
  })

  test('bad options and lengths', () => {
    expect(() => alarmEvents(flags, scores, { coolDown: -1 })).toThrowErrorMatchingInlineSnapshot(`[AedetectError: alarmEvents(): coolDown must be an integer >= 0 (points), got -1.]`)
    expect(() => alarmEvents([1, 0], [1, 2, 3])).toThrowErrorMatchingInlineSnapshot(`[AedetectError: alarmEvents(): 2 flags for 3 scores. Pass one flag per score.]`)
    expect(() => alarmEvents([2, 0], [1, 2])).toThrowErrorMatchingInlineSnapshot(`[AedetectError: alarmEvents(): flags[0] is 2; flags must be 0 (normal) or 1 (anomaly).]`)
  })
})
