import { describe, expect, it } from 'vitest'
import { eventF1 } from '@aedetect/metrics'
import { caseLabels, casePredicted, predictAbove, thrown, tsbAdCases } from './_tsb-ad-fixture'

// Expected: TSB-AD's Event-based-F1 at each of the 100 oracle thresholds (details.eventF1ByThreshold) and on
// the given prediction (withPred); counts are exact, the F formula is TSB-AD's (measured bit-equal), 1e-12.
describe('eventF1', () => {
  for (const c of tsbAdCases()) {
    it(`equals TSB-AD at all 100 thresholds and on the given prediction of '${c.name}'`, () => {
      const labels = caseLabels(c)
      c.details.oracleThresholds.forEach((t, k) => {
        expect(Math.abs(eventF1(labels, predictAbove(c.scores, t)).f1 - c.details.eventF1ByThreshold[k])).toBeLessThan(1e-12)
      })
      expect(Math.abs(eventF1(labels, casePredicted(c)).f1 - c.withPred.metrics['Event-based-F1'])).toBeLessThan(1e-12)
    })
  }

  it("keeps TSB-AD's quirk: a hit on the last point of a range that ends the series does not count", () => {
    // Hand-computed: events [1, 2] (hit) and [4, 5] → recorded as [4, 4] (only 5 predicted: missed).
    // Recall 1/2, point precision 2/2 → F = 2·0.5·1 / (1.5 + 1e-15).
    const result = eventF1(Uint8Array.from([0, 1, 1, 0, 1, 1]), [0, 1, 0, 0, 0, 1])
    expect(result.recall).toBe(0.5)
    expect(result.precision).toBe(1)
    expect(result.f1).toBe(1 / (1.5 + 1e-15))
  })

  it('rejects a prediction of the wrong length', () => {
    expect(thrown(() => eventF1(Uint8Array.from([0, 1, 1, 0]), [0, 1]))).toEqual({
      code: 'E_LENGTH_MISMATCH',
      message: 'eventF1(): predicted has 2 values for 4 labels. Pass one prediction per point of the series.',
    })
  })
})
