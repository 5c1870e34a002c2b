import { describe, expect, it } from 'vitest'
import { searchOracleF1 } from '@aedetect/metrics'
import { caseLabels, thrown, tsbAdCases } from './_tsb-ad-fixture'

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

  it('rejects scores of the wrong length', () => {
    expect(thrown(() => searchOracleF1(Uint8Array.from([0, 1, 1, 0]), [1, 2, 3]))).toEqual({
      code: 'E_LENGTH_MISMATCH',
      message: 'searchOracleF1(): got 4 labels for 3 samples. Pass one label per sample.',
    })
  })
})
