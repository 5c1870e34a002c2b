import { describe, expect, it } from 'vitest'
import { evaluateDetection, findThreshold } from '@aedetect/metrics'
import { codeOf, sklearnReference } from './_shared-fixtures'

const ref = sklearnReference()
const [small, ties] = ref.metrics

describe('evaluateDetection (sklearn-reference metrics cases)', () => {
  it('small-continuous at 0: counts, both positive classes, AUCs, curves and histogram', () => {
    const at = small.atThresholds[0]
    const report = evaluateDetection(small.labels, small.scores, at.threshold)
    expect(report).toMatchObject({ n: 60, anomalies: 21, normals: 39, flagged: at.tp + at.fp, threshold: { value: 0, strategy: 'fixed', params: {} } })
    expect(report.confusionMatrix).toEqual({ tp: at.tp, fp: at.fp, tn: at.tn, fn: at.fn })
    const cr = at.classificationReport as Record<string, Record<string, number>>
    expect(Math.abs(report.anomalyPositive.f1 - at.f1)).toBeLessThan(1e-12)
    expect(Math.abs(report.normalPositive.precision - cr['0'].precision)).toBeLessThan(1e-12)
    expect(Math.abs(report.normalPositive.recall - cr['0'].recall)).toBeLessThan(1e-12)
    expect(Math.abs(report.rocAuc - small.rocAuc)).toBeLessThan(1e-12)
    expect(Math.abs(report.averagePrecision - small.averagePrecision)).toBeLessThan(1e-12)
    // 61 ROC points fit under the 200-point cap: kept as they are.
    expect(report.roc.fpr).toEqual(small.rocCurve.fpr)
    expect(report.pr.recall).toEqual(small.prCurve.recall)
    expect(report.histogram.edges.length).toBe(41)
    expect(report.histogram.normal.reduce((a, b) => a + b, 0)).toBe(39)
    expect(report.histogram.anomalous.reduce((a, b) => a + b, 0)).toBe(21)
    expect(report.warnings).toEqual([])
    // Plain JSON: a round trip changes nothing (the threshold is finite).
    expect(JSON.parse(JSON.stringify(report))).toEqual(report)
  })
  it('a Threshold record is carried into the report', () => {
    const t = findThreshold(ties.scores, { strategy: 'youden', labels: ties.labels })
    const report = evaluateDetection(ties.labels, ties.scores, t)
    expect(report.threshold).toEqual({ value: ties.youden.threshold, strategy: 'youden', params: { j: ties.youden.j, tpr: ties.youden.tpr, fpr: ties.youden.fpr } })
    expect(report.confusionMatrix).toEqual({ tp: ties.youden.tp, fp: ties.youden.fp, tn: ties.youden.tn, fn: ties.youden.fn })
  })
  it('downsamples a long ROC curve to at most 200 points, keeping both ends', () => {
    const n = 5000
    const scores = Array.from({ length: n }, (_, i) => Math.sin(i * 12.9898) * 43758.5453 - Math.floor(Math.sin(i * 12.9898) * 43758.5453))
    const labels = scores.map((s, i) => (s + ((i * 7919) % 100) / 250 > 0.9 ? 1 : 0))
    const report = evaluateDetection(labels, scores, 0.5)
    expect(report.roc.fpr.length).toBeLessThanOrEqual(200)
    expect(report.roc.fpr.length).toBeGreaterThan(150)
    expect([report.roc.fpr[0], report.roc.tpr[0]]).toEqual([0, 0])
    expect([report.roc.fpr.at(-1), report.roc.tpr.at(-1)]).toEqual([1, 1])
    expect(report.pr.recall.at(-1)).toBe(0)
    expect(report.pr.precision.at(-1)).toBe(1)
  })
  it('single class and NaN threshold are errors', () => {
    expect(() => evaluateDetection([0, 0], [0.1, 0.2], 0.15)).toThrowErrorMatchingInlineSnapshot(`[AedetectError: evaluateDetection(): the 2 labels hold only normal samples (label 0); a ROC curve needs both classes (scikit-learn raises here too). Evaluate on data with at least one anomaly and one normal sample.]`)
    expect(() => evaluateDetection([0, 1], [0.1, 0.2], NaN)).toThrowErrorMatchingInlineSnapshot(`[AedetectError: evaluateDetection(): threshold is NaN; expected a number or a Threshold from findThreshold() (a sample is anomalous when score >= threshold).]`)
    expect(codeOf(() => evaluateDetection([0, 1], [0.1, NaN], 0.15))).toBe('E_NOT_FINITE')
  })
})
