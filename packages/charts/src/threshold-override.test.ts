import { describe, expect, it } from 'vitest'
import { thresholdOverride } from '@aedetect/charts'
import { metricsCase } from './_test-dom'

describe('thresholdOverride', () => {
  it("counts the test split at each threshold exactly as sklearn's confusion_matrix (score >= threshold)", () => {
    // Expected: sklearn.metrics.confusion_matrix on the 'rare-anomalies-with-ties' case of the shared fixtures (ties at the thresholds).
    const c = metricsCase('rare-anomalies-with-ties')
    for (const at of c.atThresholds) {
      expect(thresholdOverride(c.labels, c.scores, at.threshold)).toEqual({ value: at.threshold, confusionMatrix: { tp: at.tp, fp: at.fp, tn: at.tn, fn: at.fn } })
    }
  })

  it('refuses labels and scores of different lengths, and a NaN threshold', () => {
    expect(() => thresholdOverride([0, 1], [0.1], 0.5)).toThrowErrorMatchingInlineSnapshot(`[AedetectError: thresholdOverride(): 2 labels but 1 scores; pass the labels and scores of the same test samples.]`)
    expect(() => thresholdOverride([0, 1], [0.1, 0.2], Number.NaN)).toThrowErrorMatchingInlineSnapshot(`[AedetectError: thresholdOverride(): threshold is NaN; expected a number in score units (a sample is anomalous when score >= threshold).]`)
  })
})
