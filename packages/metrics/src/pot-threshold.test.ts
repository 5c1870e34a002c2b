import { describe, expect, test } from 'vitest'
import { findThreshold } from '@aedetect/metrics'
import { alarmReference } from './_alarm-fixture'

const reference = alarmReference()

function relative(a: number, b: number): number {
  return Math.abs(a - b) / Math.abs(b)
}

describe("findThreshold 'pot'", () => {
  for (const c of reference.pot) {
    for (const [key, expected] of Object.entries(c.pot)) {
      const [q, level] = key.split('@').map(Number)
      test(`${c.name}, q ${q}, level ${level}`, () => {
        const t = findThreshold(c.scores, { strategy: 'pot', q, level })
        // Expected: the Python reference's Grimshaw fit (brentq on a 2,000-point grid) on the same scores. Both
        // solve the same likelihood equation to double precision; 1e-8 relative leaves room for summation order.
        expect(t.params.initial).toBe(expected.initial)
        expect(t.params.peaks).toBe(expected.peaks)
        expect(relative(t.params.gamma, expected.grimshaw.gamma)).toBeLessThan(1e-8)
        expect(relative(t.params.sigma, expected.grimshaw.sigma)).toBeLessThan(1e-8)
        expect(relative(t.value, expected.grimshaw.threshold)).toBeLessThan(1e-8)
        // Expected: scipy.stats.genpareto.fit(floc=0), a different optimiser (Nelder-Mead, xtol 1e-4) of the same
        // likelihood: its parameters stop ~1e-4 from the optimum (largest gap seen 4e-5 on the threshold), so 1e-3.
        expect(relative(t.value, expected.scipy.threshold)).toBeLessThan(1e-3)
      })
    }
  }

  test('defaults are q = 1e-3 and level = 0.98', () => {
    const c = reference.pot[0]
    const t = findThreshold(c.scores, { strategy: 'pot' })
    expect(t.params.q).toBe(1e-3)
    expect(t.params.level).toBe(0.98)
    expect(relative(t.value, c.pot['0.001@0.98'].grimshaw.threshold)).toBeLessThan(1e-8)
  })

  test('a risk out of range names the option and a valid value', () => {
    expect(() => findThreshold([1, 2, 3], { strategy: 'pot', q: 2 })).toThrowErrorMatchingInlineSnapshot(`[AedetectError: findThreshold(): strategy 'pot' needs q in (0, 1) (the risk: the probability a normal score exceeds the threshold, e.g. 1e-3), got 2.]`)
  })

  test('ties at the top move the initial threshold to the next smaller distinct score', () => {
    // 1,000 scores whose top 3 % share one value (a plateau, as point scores reduced by max over windows make):
    // the 0.98 quantile is that value, so t is the largest score below it and the 30 tied scores are the peaks.
    const scores = Array.from({ length: 1000 }, (_, i) => (i < 970 ? i / 1000 : 2))
    const t = findThreshold(scores, { strategy: 'pot' })
    expect(t.params.initial).toBe(0.969)
    expect(t.params.peaks).toBe(30)
    expect(t.value).toBeGreaterThan(0.969)
    expect(Number.isFinite(t.value)).toBe(true)
  })

  test('no score above the initial threshold says what to change', () => {
    expect(() => findThreshold([1, 1, 1, 1], { strategy: 'pot', level: 0.5 })).toThrowErrorMatchingInlineSnapshot(`[AedetectError: findThreshold(): no calibration score is above the initial threshold 1 (the 0.5 quantile of 4 scores), so there is no tail to fit. Pass scores that are not all equal, or choose a level that leaves some scores above it (e.g. 0.98 with at least 100 scores).]`)
  })
})

describe("findThreshold 'nonparametric'", () => {
  const c = reference.nonparametric
  test('Telemanom defaults (z 2.5 … 11.5, error buffer 100, no smoothing)', () => {
    const t = findThreshold(c.scores, { strategy: 'nonparametric' })
    // Expected: the Python reference's ε search (numpy). z is exact; ε = μ + z σ to float64 summation order.
    expect(t.params.z).toBe(c.default.z)
    expect(relative(t.value, c.default.threshold)).toBeLessThan(1e-12)
  })

  test('EWMA span 20, error buffer 30', () => {
    const t = findThreshold(c.scores, { strategy: 'nonparametric', smoothingSpan: 20, errorBuffer: 30 })
    // Expected: the reference's search after an EWMA (pandas' adjust = True, as scipy lfilter ratios); 1e-12.
    expect(t.params.z).toBe(c.smoothed.z)
    expect(relative(t.params.mean, c.smoothed.mean)).toBeLessThan(1e-12)
    expect(relative(t.value, c.smoothed.threshold)).toBeLessThan(1e-12)
  })
})
