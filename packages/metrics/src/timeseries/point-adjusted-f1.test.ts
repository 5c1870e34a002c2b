import { describe, expect, it } from 'vitest'
import { pointAdjustedF1 } from '@aedetect/metrics'
import { caseLabels, casePredicted, predictAbove, thrown, tsbAdCases } from './_tsb-ad-fixture'

// Expected: TSB-AD's PA-F1 (adjust_predicts + scikit-learn's f1_score) at each of the 100 oracle thresholds
// (details.paF1ByThreshold, predicted = score > t) and on the given prediction (withPred). Counts are exact
// and F1 follows scikit-learn 1.2's operations (measured bit-equal); asserted to 1e-12.
describe('pointAdjustedF1', () => {
  for (const c of tsbAdCases()) {
    it(`equals TSB-AD at all 100 thresholds and on the given prediction of '${c.name}'`, () => {
      const labels = caseLabels(c)
      c.details.oracleThresholds.forEach((t, k) => {
        expect(Math.abs(pointAdjustedF1(labels, predictAbove(c.scores, t)).f1 - c.details.paF1ByThreshold[k])).toBeLessThan(1e-12)
      })
      expect(Math.abs(pointAdjustedF1(labels, casePredicted(c)).f1 - c.withPred.metrics['PA-F1'])).toBeLessThan(1e-12)
    })
  }

  it("keeps TSB-AD's quirk: point 0 of a range starting at 0 is not filled in", () => {
    // Hand-computed: range [0, 3] hit at 2 → adjusted 1, 2, 3 (TP 3, FN 1); range [6, 7] hit at 7 → both
    // (TP 2); FP 1 (index 9). Precision 5/6, recall 5/6, F1 5/6. The input stays unchanged.
    const labels = Uint8Array.from([1, 1, 1, 1, 0, 0, 1, 1, 0, 0])
    const predicted = Uint8Array.from([0, 0, 1, 0, 0, 0, 0, 1, 0, 1])
    const result = pointAdjustedF1(labels, predicted)
    expect(result.precision).toBe(5 / 6)
    expect(result.recall).toBe(5 / 6)
    expect(result.f1).toBeCloseTo(5 / 6, 15)
    expect(Array.from(predicted)).toEqual([0, 0, 1, 0, 0, 0, 0, 1, 0, 1])
  })

  it('is 0 when nothing is predicted, and rejects labels without an anomaly', () => {
    expect(pointAdjustedF1(Uint8Array.from([0, 1, 0]), [0, 0, 0])).toEqual({ f1: 0, precision: 0, recall: 0 })
    expect(thrown(() => pointAdjustedF1(new Uint8Array(3), [0, 1, 0]))).toEqual({
      code: 'E_NO_ANOMALY',
      message: "pointAdjustedF1(): the 3 labels hold no anomaly (label 1); TSB-AD's time-series metrics are undefined without one. Evaluate on a series with at least one labelled anomaly.",
    })
    expect(thrown(() => pointAdjustedF1(new Uint8Array(0), []))).toEqual({
      code: 'E_EMPTY',
      message: 'pointAdjustedF1(): labels is empty. Pass one label per point of the series.',
    })
  })
})
