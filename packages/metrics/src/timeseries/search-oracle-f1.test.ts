import { describe, expect, it } from 'vitest'
import { createRandom } from '@aedetect/core'
import { affiliationF, eventF1, pointAdjustedF1, rangeF1, searchOracleF1 } from '@aedetect/metrics'
import { caseLabels, predictAbove, thrown, tsbAdCases } from './_tsb-ad-fixture'

// Expected: details.oracleThresholds (numpy linspace, exact), the per-threshold arrays and firstBestIndex of
// the shared tsb-ad-reference fixture, and each best equal to the matching value of `metrics`. Count-based
// values to 1e-12, affiliation (closed-form sums) to 1e-9.
describe('searchOracleF1', () => {
  for (const c of tsbAdCases()) {
    it(`searches TSB-AD's 100 thresholds on '${c.name}'`, () => {
      const search = searchOracleF1(caseLabels(c), c.scores)
      expect(Array.from(search.thresholds)).toEqual(c.details.oracleThresholds)
      const curves = [
        [search.pointAdjustedF1, c.details.paF1ByThreshold, 'PA-F1', 1e-12],
        [search.eventF1, c.details.eventF1ByThreshold, 'Event-based-F1', 1e-12],
        [search.rangeF1, c.details.rF1ByThreshold, 'R-based-F1', 1e-12],
        [search.affiliationF, c.details.affiliationFByThreshold, 'Affiliation-F', 1e-9],
      ] as const
      for (const [curve, reference, key, tolerance] of curves) {
        reference.forEach((value, k) => {
          if (value === null) expect(curve.byThreshold[k]).toBeNaN()
          else expect(Math.abs(curve.byThreshold[k] - value)).toBeLessThan(tolerance)
        })
        expect(curve.bestIndex).toBe(c.details.firstBestIndex[key])
        expect(curve.bestThreshold).toBe(c.details.oracleThresholds[curve.bestIndex])
        expect(Math.abs(curve.best - c.metrics[key])).toBeLessThan(tolerance)
      }
      // The last threshold is max(score) and the rule is strict: nothing is predicted there.
      expect(search.pointAdjustedF1.byThreshold[99]).toBe(0)
      expect(search.affiliationF.byThreshold[99]).toBeNaN()
    })
  }

  it('gives, at every threshold, exactly what the metrics give on that prediction (seeded random series)', () => {
    // The search counts through sorted arrays instead of building each prediction; both paths must agree
    // bit for bit. 20 series of 300 points, seed 5, with ranges touching both ends and ties (scores in 0.1).
    const random = createRandom(5)
    for (let trial = 0; trial < 20; trial++) {
      const n = 300
      const labels = new Uint8Array(n)
      for (let i = 0; i < n; i++) if (random.next() < 0.03) labels.fill(1, i, Math.min(n, i + 1 + random.nextInt(15)))
      if (trial % 2 === 0) labels.fill(1, 0, 4)
      if (trial % 3 === 0) labels.fill(1, n - 3, n)
      labels[150] = 0
      const scores = Array.from({ length: n }, (_, i) => Math.round((random.next() + labels[i] * random.next()) * 10) / 10)
      const search = searchOracleF1(labels, scores)
      search.thresholds.forEach((t, k) => {
        const predicted = predictAbove(scores, t)
        expect(search.pointAdjustedF1.byThreshold[k]).toBe(pointAdjustedF1(labels, predicted).f1)
        expect(search.eventF1.byThreshold[k]).toBe(eventF1(labels, predicted).f1)
        expect(search.rangeF1.byThreshold[k]).toBe(rangeF1(labels, predicted).f1)
        expect(search.affiliationF.byThreshold[k]).toBe(affiliationF(labels, predicted).f1 ?? Number.NaN)
      })
    }
  })

  it('rejects scores of the wrong length', () => {
    expect(thrown(() => searchOracleF1(Uint8Array.from([0, 1, 1, 0]), [1, 2, 3]))).toEqual({
      code: 'E_LENGTH_MISMATCH',
      message: 'searchOracleF1(): got 4 labels for 3 samples. Pass one label per sample.',
    })
  })
})
