import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { rocAuc, rocCurve } from '@aedetect/metrics'
import { codeOf, sklearnReference } from './_shared-fixtures'

const cases = sklearnReference().metrics

describe('rocCurve against scikit-learn 1.2.1 (fixtures/sklearn-reference.json, metrics cases)', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s: every point and the AUC', (_name, c) => {
    const roc = rocCurve(c.labels, Float64Array.from(c.scores))
    expect(roc.thresholds.length).toBe(c.rocCurve.thresholds.length)
    // Order statistics and count ratios are exact: the same doubles as scikit-learn.
    expect(Array.from(roc.fpr)).toEqual(c.rocCurve.fpr)
    expect(Array.from(roc.tpr)).toEqual(c.rocCurve.tpr)
    expect(Array.from(roc.thresholds.subarray(1))).toEqual(c.rocCurve.thresholds.slice(1))
    // scikit-learn >= 1.3 leads with +Infinity; the fixture's 1.2 wrote max(score) + 1 there.
    expect(roc.thresholds[0]).toBe(Infinity)
    expect(c.rocCurve.thresholds[0]).toBe(Math.max(...c.scores) + 1)
    // The area is a sum whose order differs from numpy's pairwise sum: last-bit differences only.
    expect(Math.abs(roc.auc - c.rocAuc)).toBeLessThan(1e-12)
    expect(Math.abs(rocAuc(c.labels, c.scores) - c.rocAuc)).toBeLessThan(1e-12)
  })

  it('reads Float32Array scores as float64: the ties case (scores rounded to 0.1) keeps its 75 distinct scores', () => {
    const c = cases[1]
    const roc = rocCurve(Uint8Array.from(c.labels), Float32Array.from(c.scores))
    expect(roc.thresholds.length).toBe(76)
    expect(Math.abs(roc.auc - c.rocAuc)).toBeLessThan(1e-12)
  })
})

/** Mann–Whitney U / (P · N), ties counted 1/2, by brute force over all pairs. */
function mannWhitney(labels: number[], scores: number[]): number {
  let u = 0
  let pairs = 0
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] !== 1) continue
    for (let j = 0; j < labels.length; j++) {
      if (labels[j] !== 0) continue
      pairs++
      if (scores[i] > scores[j]) u += 1
      else if (scores[i] === scores[j]) u += 0.5
    }
  }
  return u / pairs
}

describe('rocAuc properties', () => {
  it('equals the Mann–Whitney U statistic with ties counted 1/2 (fast-check, small integer scores force ties)', () => {
    const sample = fc
      .array(fc.tuple(fc.integer({ min: 0, max: 1 }), fc.integer({ min: -5, max: 5 })), { minLength: 2, maxLength: 80 })
      .filter((rows) => rows.some((r) => r[0] === 1) && rows.some((r) => r[0] === 0))
    fc.assert(
      fc.property(sample, (rows) => {
        const labels = rows.map((r) => r[0])
        const scores = rows.map((r) => r[1] / 4)
        expect(Math.abs(rocAuc(labels, scores) - mannWhitney(labels, scores))).toBeLessThan(1e-12)
      }),
      { numRuns: 300, seed: 7 },
    )
  })
})

describe('rocCurve bad input', () => {
  it('single class: E_SINGLE_CLASS', () => {
    expect(() => rocCurve([0, 0, 0], [0.1, 0.2, 0.3])).toThrowErrorMatchingInlineSnapshot(`[AedetectError: rocCurve(): the 3 labels hold only normal samples (label 0); a ROC curve needs both classes (scikit-learn raises here too). Evaluate on data with at least one anomaly and one normal sample.]`)
    expect(() => rocAuc([1, 1], [0.1, 0.2])).toThrowErrorMatchingInlineSnapshot(`[AedetectError: rocAuc(): the 2 labels hold only anomalies (label 1); a ROC curve needs both classes (scikit-learn raises here too). Evaluate on data with at least one anomaly and one normal sample.]`)
  })
  it('NaN score: E_NOT_FINITE naming the index', () => {
    expect(() => rocCurve([0, 1, 1], [0.1, NaN, 0.3])).toThrowErrorMatchingInlineSnapshot(`[AedetectError: rocCurve(): scores[1] is NaN; every score must be a finite number. Check the model output for NaN (a diverged training run) before evaluating.]`)
  })
  it('length mismatch, empty, bad label', () => {
    expect(() => rocCurve([0, 1], [0.1, 0.2, 0.3])).toThrowErrorMatchingInlineSnapshot(`[AedetectError: rocCurve(): got 2 labels for 3 samples. Pass one label per sample.]`)
    expect(() => rocCurve([], [])).toThrowErrorMatchingInlineSnapshot(`[AedetectError: rocCurve(): scores is empty. Pass at least one score.]`)
    expect(() => rocCurve([0, 2, 1], [0.1, 0.2, 0.3])).toThrowErrorMatchingInlineSnapshot(`[AedetectError: rocCurve(): label 1 is 2; labels must be 0 (normal) or 1 (anomaly). Map your classes to 0/1 first.]`)
  })
  it('error codes', () => {
    const code = codeOf
    expect(code(() => rocCurve([0, 0], [1, 2]))).toBe('E_SINGLE_CLASS')
    expect(code(() => rocCurve([0, 1], [1, NaN]))).toBe('E_NOT_FINITE')
    expect(code(() => rocCurve([0, 1], [1]))).toBe('E_LENGTH_MISMATCH')
    expect(code(() => rocCurve([], []))).toBe('E_EMPTY')
    expect(code(() => rocCurve([0, 3], [1, 2]))).toBe('E_LABELS')
  })
})
