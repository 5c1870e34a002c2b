import { describe, expect, it } from 'vitest'
import { standardF1 } from '@aedetect/metrics'
import { caseLabels, casePredicted, thrown, tsbAdCases } from './_tsb-ad-fixture'

// Expected: TSB-AD's metric_best_F (oracle) and standard_F1 with pred (withPred) on the shared
// tsb-ad-reference fixture. Precision and recall are single divisions of counts and the chosen threshold is
// an observed score, so they are exact; F1 uses the same operations as numpy, measured bit-equal, asserted
// to 1e-12.
describe('standardF1', () => {
  for (const c of tsbAdCases()) {
    it(`picks TSB-AD's PR-curve point on '${c.name}'`, () => {
      const result = standardF1(caseLabels(c), c.scores)
      expect(result.threshold).toBe(c.details.standardF1.threshold)
      expect(result.precision).toBe(c.details.standardF1.precision)
      expect(result.recall).toBe(c.details.standardF1.recall)
      expect(Math.abs(result.f1 - c.metrics['Standard-F1'])).toBeLessThan(1e-12)
    })

    it(`scores the given prediction on '${c.name}'`, () => {
      const result = standardF1(caseLabels(c), c.scores, { predicted: casePredicted(c) })
      expect(result.threshold).toBeNull()
      expect(Math.abs(result.f1 - c.withPred.metrics['Standard-F1'])).toBeLessThan(1e-12)
    })
  }

  it('caps a perfect detector at 0.999995 (TSB-AD adds 0.00001 to the denominator)', () => {
    // Hand-computed: P = R = 1 → 2 / (2 + 0.00001).
    const result = standardF1(Uint8Array.from([0, 1, 1, 0]), [0.1, 0.9, 0.8, 0.2])
    expect(result.f1).toBe(2 / (2 + 0.00001))
    expect(result.threshold).toBe(0.8)
  })

  it('rejects a prediction of the wrong length or with values other than 0/1', () => {
    const labels = Uint8Array.from([0, 1, 1, 0])
    expect(thrown(() => standardF1(labels, [0.1, 0.2, 0.3, 0.4], { predicted: [0, 1, 1] }))).toEqual({
      code: 'E_LENGTH_MISMATCH',
      message: 'standardF1(): predicted has 3 values for 4 labels. Pass one prediction per point of the series.',
    })
    expect(thrown(() => standardF1(labels, [0.1, 0.2, 0.3, 0.4], { predicted: [0, 1, 0.5, 0] }))).toEqual({
      code: 'E_LABELS',
      message: 'standardF1(): predicted[2] is 0.5; predictions must be 0 (normal) or 1 (anomaly). Turn scores into predictions first (1 where score >= threshold).',
    })
    expect(thrown(() => standardF1(labels, [0.1, 0.2, 0.3]))).toEqual({
      code: 'E_LENGTH_MISMATCH',
      message: 'standardF1(): got 4 labels for 3 samples. Pass one label per sample.',
    })
  })
})
