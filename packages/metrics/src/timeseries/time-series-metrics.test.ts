import { describe, expect, it } from 'vitest'
import { timeSeriesMetrics } from '@aedetect/metrics'
import type { TimeSeriesMetrics } from '@aedetect/metrics'
import { caseLabels, casePredicted, thrown, tsbAdCases } from './_tsb-ad-fixture'
import type { TsbAdMetrics } from './_tsb-ad-fixture'

// Expected: `metrics` (oracle F scores) and `withPred.metrics` (mean + 3·std prediction) of the shared
// tsb-ad-reference fixture, i.e. TSB-AD's get_metrics(score, labels, slidingWindow=100, version='opt',
// thre=250). Sums (AUCs, VUS, affiliation) are summed in another order than numpy: measured ≤ 9e-15 apart,
// asserted to 1e-9; the count-based F scores are bit-equal, asserted to 1e-12.
function expectTsbAd(result: TimeSeriesMetrics, reference: TsbAdMetrics): void {
  const pairs: Array<[number | null, number, number]> = [
    [result.aucRoc, reference['AUC-ROC'], 1e-9],
    [result.aucPr, reference['AUC-PR'], 1e-9],
    [result.vusRoc, reference['VUS-ROC'], 1e-9],
    [result.vusPr, reference['VUS-PR'], 1e-9],
    [result.standardF1, reference['Standard-F1'], 1e-12],
    [result.pointAdjustedF1, reference['PA-F1'], 1e-12],
    [result.eventF1, reference['Event-based-F1'], 1e-12],
    [result.rangeF1, reference['R-based-F1'], 1e-12],
    [result.affiliationF, reference['Affiliation-F'], 1e-9],
  ]
  for (const [got, expected, tolerance] of pairs) expect(Math.abs((got as number) - expected)).toBeLessThan(tolerance)
}

describe('timeSeriesMetrics', () => {
  for (const c of tsbAdCases()) {
    it(`equals TSB-AD's get_metrics on '${c.name}'`, () => {
      expectTsbAd(timeSeriesMetrics(caseLabels(c), c.scores), c.metrics)
    })
    it(`equals TSB-AD's get_metrics with the given prediction on '${c.name}'`, () => {
      expectTsbAd(timeSeriesMetrics(caseLabels(c), c.scores, { predicted: casePredicted(c) }), c.withPred.metrics)
    })
  }

  it('reports a prediction without any predicted point as affiliationF null, not NaN', () => {
    const c = tsbAdCases()[0]
    const result = timeSeriesMetrics(caseLabels(c), c.scores, { predicted: new Uint8Array(c.n) })
    expect(result.affiliationF).toBeNull()
    expect([result.standardF1, result.pointAdjustedF1, result.eventF1, result.rangeF1]).toEqual([0, 0, 0, 0])
  })

  it('rejects bad input before any work, naming what is wrong and the fix', () => {
    const labels = Uint8Array.from([0, 1, 1, 0])
    const scores = [0.1, 0.2, 0.3, 0.4]
    const cases: Array<[() => unknown, string, string]> = [
      [() => timeSeriesMetrics(labels, [0.1, 0.2, 0.3]), 'E_LENGTH_MISMATCH', 'timeSeriesMetrics(): got 4 labels for 3 samples. Pass one label per sample.'],
      [() => timeSeriesMetrics(labels, [0.1, Number.NaN, 0.3, 0.4]), 'E_NOT_FINITE', 'timeSeriesMetrics(): scores[1] is NaN; every score must be a finite number. Check the model output for NaN (a diverged training run) before evaluating.'],
      [() => timeSeriesMetrics(new Uint8Array(4), scores), 'E_NO_ANOMALY', "timeSeriesMetrics(): the 4 labels hold no anomaly (label 1); TSB-AD's time-series metrics are undefined without one. Evaluate on a series with at least one labelled anomaly."],
      [() => timeSeriesMetrics(Uint8Array.from([1, 1]), [0.1, 0.2]), 'E_SINGLE_CLASS', "timeSeriesMetrics(): all 2 labels are anomalies (label 1); TSB-AD's time-series metrics need at least one normal point. Evaluate on a series with normal points too."],
      [() => timeSeriesMetrics(Uint8Array.from([0, 2]), [0.1, 0.2]), 'E_LABELS', 'timeSeriesMetrics(): label 1 is 2; labels must be 0 (normal) or 1 (anomaly). Map your classes to 0/1 first.'],
      [() => timeSeriesMetrics(new Uint8Array(0), []), 'E_EMPTY', 'timeSeriesMetrics(): scores is empty. Pass at least one score.'],
      [() => timeSeriesMetrics(labels, scores, { slidingWindow: 2.5 }), 'E_OPTION', "timeSeriesMetrics(): slidingWindow is 2.5; expected a non-negative integer number of points (TSB-AD's default is 100). Pick it with findSlidingWindow(series) or pass e.g. slidingWindow: 100."],
      [() => timeSeriesMetrics(labels, scores, { predicted: [0, 1, 1] }), 'E_LENGTH_MISMATCH', 'timeSeriesMetrics(): predicted has 3 values for 4 labels. Pass one prediction per point of the series.'],
      [() => timeSeriesMetrics(labels, scores, { predicted: [0, 1, 0.5, 0] }), 'E_LABELS', 'timeSeriesMetrics(): predicted[2] is 0.5; predictions must be 0 (normal) or 1 (anomaly). Turn scores into predictions first (1 where score >= threshold).'],
    ]
    for (const [call, code, message] of cases) expect(thrown(call)).toEqual({ code, message })
  })
})
