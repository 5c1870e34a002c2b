import { describe, expect, test } from 'vitest'
import { applyAlarmRule, createRollingMeanStd, findThreshold } from '@aedetect/metrics'
import { alarmReference } from './_alarm-fixture'

const { nonparametric } = alarmReference()

describe('applyAlarmRule', () => {
  test("'rollingNonparametric' with no event step flags what the Python reference's rolling search flags", () => {
    const c = nonparametric.stream
    const scores = nonparametric.scores
    const result = applyAlarmRule(scores.slice(c.calibrationLength), { strategy: 'rollingNonparametric', batch: c.batch, history: c.history, errorBuffer: c.errorBuffer, minLength: 1, coolDown: 0 }, { threshold: Number.NaN, calibration: scores.slice(0, c.calibrationLength) })
    const flagged: number[] = []
    result.flags.forEach((f, i) => f === 1 && flagged.push(i))
    // Expected: scripts/make-alarm-reference.py's alarms (300 calibration points, 900 streamed, batch 70, history 350).
    expect(flagged).toEqual(c.alarms)
    expect(result.events.reduce((n, e) => n + e.end - e.start + 1, 0)).toBe(c.alarms.length)
  })

  test("'fixed' merges runs within the cool-down, then drops events shorter than minLength", () => {
    // flags at >= 5: [1..2], [4], [9]; cool-down 2 merges [1..2] and [4] (gap 1) → [1..4]; minLength 2 drops [9].
    const scores = [0, 5, 6, 0, 7, 0, 0, 0, 0, 9]
    const result = applyAlarmRule(scores, { strategy: 'fixed', minLength: 2, coolDown: 2 }, { threshold: 5 })
    expect(result.events).toEqual([{ start: 1, end: 4, peak: 7, peakIndex: 4 }])
    expect(Array.from(result.flags)).toEqual([0, 1, 1, 1, 1, 0, 0, 0, 0, 0])
  })

  test("'rollingMeanStd' flags against findThreshold's meanStd of the trailing history, recomputed every batch", () => {
    // Independent of the ring buffer: for each batch, findThreshold({ strategy: 'meanStd', k }) on the `history`
    // scores before it (calibration then stream), as bench/src/scripts/choose-series-threshold.ts computes it.
    const scores = nonparametric.scores
    const calibration = scores.slice(0, 300)
    const stream = scores.slice(300)
    const all = Float64Array.from(scores)
    const expected: number[] = []
    const values: number[] = []
    for (let b = 0; b < stream.length; b += 70) {
      const value = findThreshold(all.subarray(Math.max(0, 300 + b - 350), 300 + b), { strategy: 'meanStd', k: 2 }).value
      for (let i = b; i < Math.min(stream.length, b + 70); i++) {
        values.push(value)
        if (stream[i] >= value) expected.push(i)
      }
    }
    const result = applyAlarmRule(stream, { strategy: 'rollingMeanStd', batch: 70, history: 350, k: 2, minLength: 1, coolDown: 0 }, { threshold: Number.NaN, calibration })
    const flagged: number[] = []
    result.flags.forEach((f, i) => f === 1 && flagged.push(i))
    expect(flagged).toEqual(expected)
    expect(flagged.length).toBeGreaterThan(0)
    const online = createRollingMeanStd(calibration, { batch: 70, history: 350, k: 2 })
    let worst = 0
    stream.forEach((x, i) => {
      worst = Math.max(worst, Math.abs(online.push(x).threshold - values[i]) / values[i])
    })
    // float64 sums in another order: 1e-12.
    expect(worst).toBeLessThan(1e-12)
  })

  test('the rolling rule without calibration scores says what to pass', () => {
    expect(() => applyAlarmRule([1, 2], { strategy: 'rollingNonparametric', batch: 70, history: 2100, errorBuffer: 10, minLength: 1, coolDown: 0 }, { threshold: 0 })).toThrow(/needs the calibration \(training\) point scores/)
  })
})
