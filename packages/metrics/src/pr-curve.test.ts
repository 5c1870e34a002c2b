import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { averagePrecision, prCurve } from '@aedetect/metrics'
import { codeOf, sklearnReference } from './_shared-fixtures'

const cases = sklearnReference().metrics

describe('prCurve against scikit-learn 1.2.1 (fixtures/sklearn-reference.json, metrics cases)', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s: every point and the average precision', (_name, c) => {
    const pr = prCurve(c.labels, c.scores)
    // Count ratios and observed scores: exact.
    expect(Array.from(pr.precision)).toEqual(c.prCurve.precision)
    expect(Array.from(pr.recall)).toEqual(c.prCurve.recall)
    expect(Array.from(pr.thresholds)).toEqual(c.prCurve.thresholds)
    // A sum in a different order than numpy's: last bits only.
    expect(Math.abs(pr.averagePrecision - c.averagePrecision)).toBeLessThan(1e-12)
    // Rounding the scores to float32 creates no new tie in these cases, so the order and the AP stay.
    expect(Math.abs(averagePrecision(c.labels, Float32Array.from(c.scores)) - c.averagePrecision)).toBeLessThan(1e-12)
    expect(pr.warnings).toEqual([])
  })
})

describe('averagePrecision properties', () => {
  it('lies in [0, 1] and is 1 when every anomaly outscores every normal (fast-check)', () => {
    const sample = fc.array(fc.tuple(fc.integer({ min: 0, max: 1 }), fc.double({ min: -1e6, max: 1e6, noNaN: true })), { minLength: 1, maxLength: 60 })
    fc.assert(
      fc.property(sample, (rows) => {
        const labels = rows.map((r) => r[0])
        const scores = rows.map((r) => r[1])
        const ap = averagePrecision(labels, scores)
        expect(ap).toBeGreaterThanOrEqual(0)
        expect(ap).toBeLessThanOrEqual(1 + 1e-15)
        const separated = scores.map((s, i) => (labels[i] === 1 ? 1e7 + i : -1e7 - i))
        if (labels.includes(1)) expect(averagePrecision(labels, separated)).toBeCloseTo(1, 12)
      }),
      { numRuns: 300, seed: 11 },
    )
  })
})

describe('prCurve single class (scikit-learn defines a value)', () => {
  it('no anomaly: recall 1 everywhere, AP 0, and a warning', () => {
    const pr = prCurve([0, 0, 0], [0.3, 0.1, 0.2])
    expect(Array.from(pr.recall)).toEqual([1, 1, 1, 0])
    expect(Array.from(pr.precision)).toEqual([0, 0, 0, 1])
    expect(pr.averagePrecision).toBe(0)
    expect(pr.warnings).toEqual([
      'prCurve(): labels hold no anomaly, so recall is undefined; as in scikit-learn it is set to 1 at every threshold and the average precision is 0.',
    ])
  })
  it('only anomalies: precision 1 everywhere, AP 1', () => {
    expect(averagePrecision([1, 1, 1], [0.3, 0.1, 0.3])).toBe(1)
  })
  it('bad input', () => {
    expect(() => averagePrecision([0, 1], [Infinity, 0])).toThrowErrorMatchingInlineSnapshot(`[AedetectError: averagePrecision(): scores[0] is Infinity; every score must be a finite number. Check the model output for NaN (a diverged training run) before evaluating.]`)
    expect(codeOf(() => prCurve([0, 1], [0, 1, 2]))).toBe('E_LENGTH_MISMATCH')
    expect(codeOf(() => prCurve([], []))).toBe('E_EMPTY')
  })
})
