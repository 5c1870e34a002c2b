import { describe, expect, it } from 'vitest'
import {
  classificationMetrics,
  classificationReport,
  confusionMatrix,
  formatClassificationReport,
  precisionRecallF1AtThresholds,
  predictLabels,
} from '@aedetect/metrics'
import { codeOf, sklearnReference } from './_shared-fixtures'

const cases = sklearnReference().metrics
const close = (a: number, b: number) => expect(Math.abs(a - b)).toBeLessThanOrEqual(1e-12)

describe('classification at fixed thresholds against scikit-learn 1.2.1 (metrics cases, atThresholds[])', () => {
  for (const c of cases) {
    for (const at of c.atThresholds) {
      it(`${c.name} at ${at.threshold}: confusion matrix, metrics and classification report within 1e-12`, () => {
        const predicted = predictLabels(c.scores, at.threshold)
        expect(confusionMatrix(c.labels, predicted)).toEqual({ tp: at.tp, fp: at.fp, tn: at.tn, fn: at.fn })
        const m = classificationMetrics(c.labels, predicted)
        for (const key of ['accuracy', 'precision', 'recall', 'f1', 'mcc', 'balancedAccuracy'] as const) close(m[key], at[key])
        expect(m.support).toBe(at.tp + at.fn)
        close(m.specificity, at.tn / (at.tn + at.fp))
        const report = classificationReport(c.labels, predicted)
        const ref = at.classificationReport as Record<string, Record<string, number>> & { accuracy: number }
        const pairs = [
          [report.normal, ref['0']],
          [report.anomaly, ref['1']],
          [report.macroAvg, ref['macro avg']],
          [report.weightedAvg, ref['weighted avg']],
        ] as const
        for (const [ours, theirs] of pairs) {
          close(ours.precision, theirs.precision)
          close(ours.recall, theirs.recall)
          close(ours.f1, theirs['f1-score'])
          expect(ours.support).toBe(theirs.support)
        }
        close(report.accuracy, ref.accuracy)
        // Normal-positive figures are class 0 of the same report.
        const normal = classificationMetrics(c.labels, predicted, { positive: 'normal' })
        close(normal.precision, ref['0'].precision)
        close(normal.recall, ref['0'].recall)
        close(normal.f1, ref['0']['f1-score'])
        close(normal.mcc, at.mcc)
      })
    }
    it(`${c.name}: precisionRecallF1AtThresholds matches every atThresholds row`, () => {
      const r = precisionRecallF1AtThresholds(c.labels, Float64Array.from(c.scores), c.atThresholds.map((a) => a.threshold))
      c.atThresholds.forEach((at, k) => {
        expect([r.tp[k], r.fp[k], r.tn[k], r.fn[k]]).toEqual([at.tp, at.fp, at.tn, at.fn])
        close(r.precision[k], at.precision)
        close(r.recall[k], at.recall)
        close(r.f1[k], at.f1)
        close(r.fpr[k], at.fp / (at.fp + at.tn))
      })
    })
  }
})

describe('classification edge cases (scikit-learn zero_division=0)', () => {
  it('nothing flagged: precision 0 with a warning, MCC 0', () => {
    const m = classificationMetrics([0, 1, 0, 1], [0, 0, 0, 0])
    expect(m).toEqual({
      positive: 'anomaly',
      accuracy: 0.5,
      precision: 0,
      recall: 0,
      f1: 0,
      mcc: 0,
      balancedAccuracy: 0.5,
      specificity: 1,
      support: 2,
      warnings: ['classificationMetrics(): no sample is predicted anomaly, so precision (anomaly positive) is ill-defined and set to 0.'],
    })
  })
  it('labels of one class: balanced accuracy is the recall of that class', () => {
    const m = classificationMetrics([0, 0, 0, 0], [0, 1, 0, 0])
    expect(m.balancedAccuracy).toBe(0.75)
    expect(m.warnings).toEqual([
      'classificationMetrics(): the labels hold no anomaly sample, so recall (anomaly positive) is ill-defined and set to 0.',
      'classificationMetrics(): the labels hold one class only, so balanced accuracy is the recall of that class.',
    ])
  })
  it('formats the report like scikit-learn (small-continuous at threshold 0)', () => {
    const c = cases[0]
    const report = classificationReport(c.labels, predictLabels(c.scores, 0))
    expect(report.warnings).toEqual([])
    expect('\n' + formatClassificationReport(report)).toBe(`
              precision    recall  f1-score   support

      normal       0.96      0.62      0.75        39
     anomaly       0.57      0.95      0.71        21

    accuracy                           0.73        60
   macro avg       0.77      0.78      0.73        60
weighted avg       0.82      0.73      0.74        60
`)
  })
  it('bad input', () => {
    expect(() => confusionMatrix([0, 1, 1], [0, 1])).toThrowErrorMatchingInlineSnapshot(`[AedetectError: confusionMatrix() predicted: got 2 labels for 3 samples. Pass one label per sample.]`)
    expect(() => confusionMatrix([0, 1], [0, 0.5])).toThrowErrorMatchingInlineSnapshot(`[AedetectError: confusionMatrix() predicted: label 1 is 0.5; labels must be 0 (normal) or 1 (anomaly). Map your classes to 0/1 first.]`)
    expect(() => confusionMatrix([], [])).toThrowErrorMatchingInlineSnapshot(`[AedetectError: confusionMatrix(): labels is empty. Pass one 0/1 label per sample.]`)
    expect(() => classificationMetrics([0, 1], [0, 1], { positive: 'bad' as 'normal' })).toThrowErrorMatchingInlineSnapshot(`[AedetectError: classificationMetrics(): positive must be one of 'anomaly' | 'normal', got 'bad'.]`)
    expect(() => predictLabels([0.1, 0.2], NaN)).toThrowErrorMatchingInlineSnapshot(`[AedetectError: predictLabels(): threshold is NaN; expected a number (a sample is anomalous when score >= threshold). Get one from findThreshold().]`)
    expect(() => predictLabels([0.1, NaN], 0.5)).toThrowErrorMatchingInlineSnapshot(`[AedetectError: predictLabels(): scores[1] is NaN; every score must be a finite number. Check the model output for NaN (a diverged training run) before evaluating.]`)
    expect(codeOf(() => confusionMatrix([0, 1, 1], [0, 1]))).toBe('E_LENGTH_MISMATCH')
    expect(codeOf(() => confusionMatrix([0, 1], [0, 0.5]))).toBe('E_LABELS')
    expect(codeOf(() => confusionMatrix([], []))).toBe('E_EMPTY')
    expect(codeOf(() => predictLabels([0.1, NaN], 0.5))).toBe('E_NOT_FINITE')
  })
})
