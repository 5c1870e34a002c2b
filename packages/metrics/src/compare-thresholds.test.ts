import { describe, expect, it } from 'vitest'
import { compareThresholds } from '@aedetect/metrics'
import { sklearnReference } from './_shared-fixtures'

const ref = sklearnReference()
const [small] = ref.metrics

describe('compareThresholds', () => {
  const calibration = ref.thresholds.trainErrors
  it('label-free calibration: one row per strategy, labelled ones skipped with the reason', () => {
    const rows = compareThresholds({
      calibration: { scores: calibration },
      evaluation: { scores: small.scores, labels: small.labels },
      strategies: [{ strategy: 'iqr' }, { strategy: 'bestF1' }],
    })
    expect(rows[0]).toMatchObject({ strategy: 'iqr', threshold: ref.thresholds.iqrRule.threshold, skipped: null })
    // Recall checked against a direct count of the anomalies scoring >= the IQR threshold.
    const flaggedAnomalies = small.scores.filter((s, i) => s >= ref.thresholds.iqrRule.threshold && small.labels[i] === 1).length
    expect(rows[0].recall).toBe(flaggedAnomalies / 21)
    expect(rows[1]).toEqual({
      strategy: 'bestF1',
      params: {},
      threshold: null,
      precision: null,
      recall: null,
      f1: null,
      fpr: null,
      flagged: null,
      skipped: "'bestF1' needs labelled calibration scores; pass calibration.labels (1 = anomaly) from a validation split, never the evaluation labels.",
    })
  })
  it('labelled calibration: bestF1 on the calibration split evaluated on another split', () => {
    const rows = compareThresholds({
      calibration: { scores: small.scores, labels: small.labels },
      evaluation: { scores: small.scores, labels: small.labels },
    })
    expect(rows.map((r) => r.strategy)).toEqual(['meanStd', 'meanStd', 'percentile', 'percentile', 'max', 'iqr', 'mad', 'bestF1', 'youden', 'maxFpr'])
    const best = rows[7]
    expect(best.threshold).toBe(small.bestF1.threshold)
    // Evaluated on the same scores, the F1 is the fixture's best F1.
    expect(Math.abs((best.f1 as number) - small.bestF1.f1)).toBeLessThan(1e-12)
    expect(rows[9].fpr).toBe(small.thresholdForMaxFpr[0].fpr)
    expect(rows.every((r) => r.skipped === null)).toBe(true)
  })
  it('a calibration without anomalies skips bestF1 with its E_NO_ANOMALY message', () => {
    const rows = compareThresholds({
      calibration: { scores: [0.1, 0.2, 0.3], labels: [0, 0, 0] },
      evaluation: { scores: [0.1, 0.5], labels: [0, 1] },
      strategies: [{ strategy: 'max' }, { strategy: 'bestF1' }, { strategy: 'youden' }],
    })
    expect(rows.map((r) => [r.strategy, r.threshold, r.f1])).toEqual([
      ['max', 0.3, 1],
      ['bestF1', null, null],
      ['youden', null, null],
    ])
    expect(rows[1].skipped).toMatch(/^compareThresholds\(\): strategy 'bestF1' needs at least one anomaly/)
    expect(rows[2].skipped).toMatch(/^compareThresholds\(\): the 3 labels hold only normal samples/)
  })
})
