import { describe, expect, test } from 'vitest'
import { createNonparametricThreshold } from '@aedetect/metrics'
import { alarmReference } from './_alarm-fixture'

const { nonparametric } = alarmReference()

describe('createNonparametricThreshold', () => {
  test('the same alarms and ε per batch as the reference', () => {
    const c = nonparametric.stream
    const scores = nonparametric.scores
    const stream = createNonparametricThreshold(scores.slice(0, c.calibrationLength), { batch: c.batch, history: c.history, errorBuffer: c.errorBuffer })
    const alarms: number[] = []
    let worst = 0
    scores.slice(c.calibrationLength).forEach((x, i) => {
      const step = stream.push(x)
      if (step.alarm) alarms.push(i)
      worst = Math.max(worst, Math.abs(step.threshold - c.thresholds[i]) / c.thresholds[i])
    })
    // Expected: the Python reference's rolling search (scripts/make-alarm-reference.py): 300 calibration points,
    // 900 streamed, batch 70, history 350, error buffer 10. ε = μ + z σ: 1e-12 for float64 summation order.
    expect(alarms).toEqual(c.alarms)
    expect(worst).toBeLessThan(1e-12)
  })

  test('a batch below 2 names the option', () => {
    expect(() => createNonparametricThreshold([1, 2, 3], { batch: 1 })).toThrowErrorMatchingInlineSnapshot(`[AedetectError: createNonparametricThreshold(): batch must be an integer >= 2 (points), got 1.]`)
  })
})
