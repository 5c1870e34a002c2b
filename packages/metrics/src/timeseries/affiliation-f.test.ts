import { describe, expect, it } from 'vitest'
import { affiliationF } from '@aedetect/metrics'
import { caseLabels, casePredicted, predictAbove, thrown, tsbAdCases } from './_tsb-ad-fixture'

// Expected: TSB-AD's affiliation precision, recall and F (Huet et al.'s closed-form integrals) at each of
// the 100 oracle thresholds (details.affiliation*ByThreshold, null = nothing predicted) and on the given
// prediction (withPred). Our closed forms are arranged differently, so the sums differ in the last bits
// (measured ≤ 4e-16); 1e-9 still fails on any wrong zone, piece or distance.
const SUM_TOLERANCE = 1e-9

describe('affiliationF', () => {
  for (const c of tsbAdCases()) {
    it(`equals TSB-AD at all 100 thresholds and on the given prediction of '${c.name}'`, () => {
      const labels = caseLabels(c)
      c.details.oracleThresholds.forEach((t, k) => {
        const result = affiliationF(labels, predictAbove(c.scores, t))
        const precision = c.details.affiliationPrecisionByThreshold[k]
        const f = c.details.affiliationFByThreshold[k]
        if (precision === null || f === null) {
          expect(result.precision).toBeNull()
          expect(result.f1).toBeNull()
        } else {
          expect(Math.abs((result.precision as number) - precision)).toBeLessThan(SUM_TOLERANCE)
          expect(Math.abs((result.f1 as number) - f)).toBeLessThan(SUM_TOLERANCE)
        }
        expect(Math.abs(result.recall - c.details.affiliationRecallByThreshold[k])).toBeLessThan(SUM_TOLERANCE)
      })
      const given = affiliationF(labels, casePredicted(c))
      expect(Math.abs((given.f1 as number) - c.withPred.metrics['Affiliation-F'])).toBeLessThan(SUM_TOLERANCE)
    })
  }

  it('follows the closed form on a hand case', () => {
    // n = 10, one event J = [4, 6) so its zone is [0, 10). Prediction [8, 9) (point 8), at distance 2..3
    // from J. Precision: ∫ over [8, 9) of (max(0, 4 − d) + max(0, 4 − d)) / 10 with d = x − 6 → 2·∫₂³(4 − d)dd
    // / 10 = 2·1.5 / 10 = 0.3. Recall: each y in [4, 6) is matched to [8, 9) at D = 8 − y; share of the zone
    // at least D away = (max(0, y − D) + max(0, 10 − y − D)) / 10 = (max(0, 2y − 8) + 2) / 10, integrated over
    // [4, 6) = (∫₄⁶ (2y − 8) dy + 4) / 10 = (4 + 4) / 10 = 0.8, divided by |J| = 2 → 0.4.
    const result = affiliationF(Uint8Array.from([0, 0, 0, 0, 1, 1, 0, 0, 0, 0]), [0, 0, 0, 0, 0, 0, 0, 0, 1, 0])
    expect(result.precision).toBeCloseTo(0.3, 14)
    expect(result.recall).toBeCloseTo(0.4, 14)
    expect(result.f1).toBeCloseTo((2 * 0.3 * 0.4) / 0.7, 14)
  })

  it('gives null precision and F when nothing is predicted (TSB-AD: NaN), recall 0', () => {
    expect(affiliationF(Uint8Array.from([0, 1, 0]), [0, 0, 0])).toEqual({ f1: null, precision: null, recall: 0 })
  })

  it('rejects labels that are all anomalies', () => {
    expect(thrown(() => affiliationF(Uint8Array.from([1, 1, 1, 1]), [0, 1, 1, 0]))).toEqual({
      code: 'E_SINGLE_CLASS',
      message: "affiliationF(): all 4 labels are anomalies (label 1); TSB-AD's time-series metrics need at least one normal point. Evaluate on a series with normal points too.",
    })
  })
})
