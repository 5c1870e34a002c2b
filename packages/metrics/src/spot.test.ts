import { describe, expect, test } from 'vitest'
import { createSpot } from '@aedetect/metrics'
import { alarmReference } from './_alarm-fixture'

const { streams } = alarmReference()

function run(depth?: number, refitFraction = 0): { alarms: number[]; thresholds: number[]; spot: ReturnType<typeof createSpot> } {
  const spot = createSpot(streams.calibration, { q: 1e-3, level: 0.98, depth, refitFraction })
  const alarms: number[] = []
  const thresholds: number[] = []
  streams.stream.forEach((x, i) => {
    const step = spot.push(x)
    thresholds.push(step.threshold)
    if (step.alarm) alarms.push(i)
  })
  return { alarms, thresholds, spot }
}

function maxRelative(a: number[], b: number[]): number {
  let m = 0
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]) / Math.abs(b[i]))
  return m
}

// Expected: the Python reference's SPOT / DSPOT loop (scripts/make-alarm-reference.py, Grimshaw by brentq) on a
// drifting series with three spikes: 600 calibration points, 400 streamed, q 1e-3, level 0.98. Thresholds to
// 1e-8 relative: the same likelihood roots to double precision, refitted after every peak.
describe('createSpot', () => {
  test('SPOT: the same alarms and thresholds as the reference', () => {
    const { alarms, thresholds, spot } = run()
    expect(alarms).toEqual(streams.spot.alarms)
    expect(maxRelative(thresholds, streams.spot.thresholds)).toBeLessThan(1e-8)
    expect(spot.params.peaks).toBe(streams.spot.final.peaks)
    expect(spot.params.n).toBe(streams.spot.final.n)
  })

  test('DSPOT depth 20: follows the drift, alarms only on the three spikes and a few more', () => {
    const { alarms, thresholds, spot } = run(20)
    expect(alarms).toEqual(streams.dspot.alarms)
    expect(maxRelative(thresholds, streams.dspot.thresholds)).toBeLessThan(1e-8)
    expect(spot.params.peaks).toBe(streams.dspot.final.peaks)
    // The spikes at stream points 100, 220 and 330 (series points 700, 820, 930) are among DSPOT's alarms.
    for (const i of [100, 220, 330]) expect(alarms).toContain(i)
  })

  test('the default refitFraction 0.01 stays within 1 % of refitting at every peak', () => {
    const exact = run(undefined, 0)
    const lazy = run(undefined, 0.01)
    // Measured: the largest gap is 5.1e-4 relative on this stream (207 peaks, refits every 1-3 peaks).
    expect(maxRelative(lazy.thresholds, exact.thresholds)).toBeLessThan(1e-2)
    expect(lazy.spot.params.peaks).toBe(exact.spot.params.peaks)
  })

  test('a depth longer than the calibration names the valid range', () => {
    expect(() => createSpot([1, 2, 3, 4], { depth: 4 })).toThrowErrorMatchingInlineSnapshot(`[AedetectError: createSpot(): depth must be an integer in [1, 3] (the moving-mean length, below the 4 calibration scores), got 4.]`)
  })
})
