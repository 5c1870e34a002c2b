import { describe, expect, test } from 'vitest'
import { normalMaxOf, pruneAlarmEvents, type AlarmEvent } from '@aedetect/metrics'

const at = (start: number, peak: number): AlarmEvent => ({ start, end: start, peak, peakIndex: start })

// Hand-computed from Telemanom's rule (p = 0.13): peaks 10, 9.5, 5 and normalMax 4.6.
// 10 → 9.5: drop 0.05 < p, marked; 9.5 → 5: 0.47 >= p, marks cleared; 5 → 4.6: 0.08 < p, marked → only 5 goes.
describe('pruneAlarmEvents', () => {
  test('drops peaks that do not stand clear of what follows them', () => {
    const events = [at(0, 5), at(10, 10), at(20, 9.5)]
    expect(pruneAlarmEvents(events, 4.6).map((e) => e.start)).toEqual([10, 20])
  })

  test('a lone event close to the normal maximum is dropped; one far above is kept', () => {
    expect(pruneAlarmEvents([at(3, 5)], 4.8)).toEqual([])
    expect(pruneAlarmEvents([at(3, 5)], 2)).toEqual([at(3, 5)])
  })

  test('p = 0 keeps everything', () => {
    const events = [at(0, 5), at(10, 5)]
    expect(pruneAlarmEvents(events, 5, { p: 0 })).toEqual(events)
  })

  test('a bad p names the range', () => {
    expect(() => pruneAlarmEvents([], 1, { p: 13 })).toThrowErrorMatchingInlineSnapshot(`[AedetectError: pruneAlarmEvents(): p must be in [0, 1] (a relative drop, e.g. 0.13), got 13.]`)
  })
})

test('every point flagged: normalMaxOf gives -Infinity and the lowest peak stays', () => {
  const events = [at(0, 5), at(1, 5.2)]
  expect(normalMaxOf([1, 1], [5, 5.2])).toBe(-Infinity)
  // 5.2 → 5: drop 0.04 < p, marked; 5 → -Infinity: kept, and clears the mark.
  expect(pruneAlarmEvents(events, -Infinity)).toEqual(events)
})
