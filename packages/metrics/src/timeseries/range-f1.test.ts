import { describe, expect, it } from 'vitest'
import { rangeF1 } from '@aedetect/metrics'
import { caseLabels, casePredicted, predictAbove, thrown, tsbAdCases } from './_tsb-ad-fixture'

// Expected: TSB-AD's R-based-F1 (range_recall_new with alpha 0.2 / 0, flat bias) at each of the 100 oracle
// thresholds (details.rF1ByThreshold) and on the given prediction (withPred). Same operations in the same
// order as TSB-AD (measured bit-equal); asserted to 1e-12.
describe('rangeF1', () => {
  for (const c of tsbAdCases()) {
    it(`equals TSB-AD at all 100 thresholds and on the given prediction of '${c.name}'`, () => {
      const labels = caseLabels(c)
      c.details.oracleThresholds.forEach((t, k) => {
        expect(Math.abs(rangeF1(labels, predictAbove(c.scores, t)).f1 - c.details.rF1ByThreshold[k])).toBeLessThan(1e-12)
      })
      expect(Math.abs(rangeF1(labels, casePredicted(c)).f1 - c.withPred.metrics['R-based-F1'])).toBeLessThan(1e-12)
    })
  }

  it('follows the definition on a hand case, including the cardinality factor', () => {
    // Real [2, 5] (4 points) is overlapped by predicted [1, 2] and [4, 4]: recall = 0.2 + 0.8 · (2/4) · (1/2)
    // = 0.4. Predicted [1, 2] has 1 of 2 points anomalous, [4, 4] 1 of 1, each overlapping one real range:
    // precision = (0.5 + 1) / 2 = 0.75. F = 2 · 0.75 · 0.4 / 1.15.
    const result = rangeF1(Uint8Array.from([0, 0, 1, 1, 1, 1, 0, 0]), [0, 1, 1, 0, 1, 0, 0, 0])
    expect(result.recall).toBeCloseTo(0.4, 15)
    expect(result.precision).toBe(0.75)
    expect(result.f1).toBeCloseTo((2 * 0.75 * 0.4) / 1.15, 15)
  })

  it("keeps TSB-AD's quirk: a prediction of 1 everywhere has no range and scores 0", () => {
    expect(rangeF1(Uint8Array.from([0, 1, 1, 0]), [1, 1, 1, 1])).toEqual({ f1: 0, precision: 0, recall: 0.2 })
  })

  it('rejects predictions other than 0/1', () => {
    expect(thrown(() => rangeF1(Uint8Array.from([0, 1, 1, 0]), [0, 1, 2, 0]))).toEqual({
      code: 'E_LABELS',
      message: 'rangeF1(): predicted[2] is 2; predictions must be 0 (normal) or 1 (anomaly). Turn scores into predictions first (1 where score >= threshold).',
    })
  })
})
