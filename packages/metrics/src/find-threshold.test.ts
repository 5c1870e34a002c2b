import { describe, expect, it } from 'vitest'
import { findThreshold, predictLabels } from '@aedetect/metrics'
import { codeOf, sklearnReference } from './_shared-fixtures'

const ref = sklearnReference()
const t = ref.thresholds
const errors = Float64Array.from(t.trainErrors)
const flagged = (value: number) => predictLabels(errors, value).reduce((a, b) => a + b, 0)

describe('label-free strategies against numpy 1.24 (fixtures/sklearn-reference.json, thresholds)', () => {
  it('meanStd: mean + k · population std, within 1e-12 (a sum in another order than numpy pairwise)', () => {
    const one = findThreshold(errors, { strategy: 'meanStd', k: 1 })
    const three = findThreshold(errors, { strategy: 'meanStd' })
    expect(Math.abs(one.value - t.meanPlus1Std)).toBeLessThan(1e-12)
    expect(Math.abs(three.value - t.meanPlus3Std)).toBeLessThan(1e-12)
    expect(Math.abs(three.params.mean - t.mean)).toBeLessThan(1e-12)
    expect(Math.abs(three.params.std - t.stdPopulation)).toBeLessThan(1e-12)
    expect(three.strategy).toBe('meanStd')
    expect(three.params.k).toBe(3)
  })
  it('percentile: numpy linear percentiles 50, 90, 95, 99, 99.9, exact', () => {
    for (const [percent, expected] of Object.entries(t.percentilesLinear)) {
      // numpy divides the percent by 100 itself; passing the same quotient reproduces it bit for bit.
      const q = Number(percent) / 100
      expect(findThreshold(errors, { strategy: 'percentile', q })).toEqual({ value: expected, strategy: 'percentile', params: { q } })
    }
  })
  it('contamination 0.05: the 95th percentile, exact, flags 50 of 1000 (the same value as PyOD)', () => {
    const th = findThreshold(errors, { strategy: 'contamination', contamination: t.contamination.contamination })
    expect(th.value).toBe(t.contamination.threshold)
    expect(flagged(th.value)).toBe(t.contamination.flaggedGe)
  })
  it('max, iqr and mad: exact, with the flagged counts of the fixture', () => {
    expect(findThreshold(Float32Array.from(errors), { strategy: 'max' }).value).toBe(Math.fround(t.max))
    expect(findThreshold(errors, { strategy: 'max' })).toEqual({ value: t.max, strategy: 'max', params: {} })
    const iqr = findThreshold(errors, { strategy: 'iqr' })
    expect(iqr).toEqual({ value: t.iqrRule.threshold, strategy: 'iqr', params: { k: 1.5, q1: t.iqrRule.q1, q3: t.iqrRule.q3, iqr: t.iqrRule.iqr } })
    expect(flagged(iqr.value)).toBe(t.iqrRule.flaggedGe)
    const mad = findThreshold(errors, { strategy: 'mad' })
    expect(mad).toEqual({ value: t.madRule.threshold, strategy: 'mad', params: { k: 3, median: t.madRule.median, mad: t.madRule.mad } })
    expect(flagged(mad.value)).toBe(t.madRule.flaggedGe)
  })
})

describe('labelled strategies against scikit-learn 1.2.1 (metrics cases: bestF1, youden, thresholdForMaxFpr)', () => {
  for (const c of ref.metrics) {
    it(`${c.name}`, () => {
      const best = findThreshold(c.scores, { strategy: 'bestF1', labels: c.labels })
      expect(best.value).toBe(c.bestF1.threshold)
      expect(Math.abs(best.params.f1 - c.bestF1.f1)).toBeLessThan(1e-12)
      expect(best.params.precision).toBe(c.bestF1.precision)
      expect(best.params.recall).toBe(c.bestF1.recall)
      const j = findThreshold(c.scores, { strategy: 'youden', labels: c.labels })
      expect(j.value).toBe(c.youden.threshold)
      expect(j.params).toEqual({ j: c.youden.j, tpr: c.youden.tpr, fpr: c.youden.fpr })
      for (const m of c.thresholdForMaxFpr) {
        const th = findThreshold(c.scores, { strategy: 'maxFpr', labels: c.labels, maxFpr: m.maxFpr })
        expect(th).toEqual({ value: m.threshold, strategy: 'maxFpr', params: { maxFpr: m.maxFpr, tpr: m.tpr, fpr: m.fpr } })
      }
    })
  }
  it('youden and maxFpr land on the leading +Infinity point when no score separates (nothing flagged)', () => {
    expect(findThreshold([0.9, 0.1], { strategy: 'youden', labels: [0, 1] }).value).toBe(Infinity)
    expect(findThreshold([0.9, 0.1], { strategy: 'maxFpr', labels: [0, 1], maxFpr: 0.1 }).value).toBe(Infinity)
  })
})

describe('findThreshold bad input', () => {
  it('bestF1 without anomalies: E_NO_ANOMALY naming the label-free strategies', () => {
    expect(() => findThreshold([0.1, 0.2, 0.3], { strategy: 'bestF1', labels: [0, 0, 0] })).toThrowErrorMatchingInlineSnapshot(`[AedetectError: findThreshold(): strategy 'bestF1' needs at least one anomaly in labels, but all 3 labels are 0 (normal); any threshold would give F1 = 0. Pick a label-free strategy ('meanStd', 'percentile', 'contamination', 'max', 'iqr', 'mad', 'pot', 'nonparametric') and pass errors of normal samples.]`)
    expect(codeOf(() => findThreshold([0.1, 0.2, 0.3], { strategy: 'bestF1', labels: [0, 0, 0] }))).toBe('E_NO_ANOMALY')
  })
  it('youden with one class: E_SINGLE_CLASS', () => {
    expect(codeOf(() => findThreshold([0.1, 0.2], { strategy: 'youden', labels: [1, 1] }))).toBe('E_SINGLE_CLASS')
  })
  it('options out of range and unknown strategies: E_OPTION', () => {
    expect(() => findThreshold([0.1], { strategy: 'percentile', q: 99 })).toThrowErrorMatchingInlineSnapshot(`[AedetectError: findThreshold(): strategy 'percentile' needs q in [0, 1] (a fraction, e.g. 0.05 — not a percent), got 99.]`)
    expect(() => findThreshold([0.1], { strategy: 'contamination', contamination: 0 })).toThrowErrorMatchingInlineSnapshot(`[AedetectError: findThreshold(): strategy 'contamination' needs contamination in (0, 1) (a fraction, e.g. 0.05 — not a percent), got 0.]`)
    expect(() => findThreshold([0.1], { strategy: 'meanStd', k: -1 })).toThrowErrorMatchingInlineSnapshot(`[AedetectError: findThreshold(): strategy 'meanStd' needs k >= 0 (a multiplier, default 3), got -1.]`)
    expect(() => findThreshold([0.1], { strategy: 'median' } as never)).toThrowErrorMatchingInlineSnapshot(`[AedetectError: findThreshold(): strategy must be one of 'meanStd' | 'percentile' | 'contamination' | 'max' | 'iqr' | 'mad' | 'pot' | 'nonparametric' | 'bestF1' | 'youden' | 'maxFpr', got 'median'.]`)
    expect(codeOf(() => findThreshold([0.1], { strategy: 'median' } as never))).toBe('E_OPTION')
  })
  it('empty or NaN errors', () => {
    expect(() => findThreshold([], { strategy: 'max' })).toThrowErrorMatchingInlineSnapshot(`[AedetectError: findThreshold(): scores is empty. Pass at least one score.]`)
    expect(() => findThreshold([0.1, NaN], { strategy: 'max' })).toThrowErrorMatchingInlineSnapshot(`[AedetectError: findThreshold(): scores[1] is NaN; every score must be a finite number. Check the model output for NaN (a diverged training run) before evaluating.]`)
    expect(codeOf(() => findThreshold([0.1, 0.2], { strategy: 'bestF1', labels: [1] }))).toBe('E_LENGTH_MISMATCH')
  })
})
