import { describe, expect, it } from 'vitest'
import { vus } from '@aedetect/metrics'
import { caseLabels, thrown, tsbAdCases } from './_tsb-ad-fixture'

// Expected: TSB-AD's RangeAUC_volume_opt (get_metrics, version 'opt', thre 250) on the five cases of the
// shared tsb-ad-reference fixture, for slidingWindow 100, 0 and 10. Each area is a sum of ~250 products
// that TSB-AD sums with numpy's dot in another order; measured agreement is ≤ 4e-16, and 1e-9 still fails
// on any wrong threshold, soft label or segment (those move an area by > 1e-4).
const SUM_TOLERANCE = 1e-9

describe('vus', () => {
  for (const c of tsbAdCases()) {
    for (const ref of c.details.vus) {
      it(`equals TSB-AD's per-width areas on '${c.name}' with slidingWindow ${ref.slidingWindow}`, () => {
        const result = vus(caseLabels(c), c.scores, { slidingWindow: ref.slidingWindow })
        expect(result.rangeAucRocPerWindow.length).toBe(ref.slidingWindow + 1)
        expect(result.rangeAucPrPerWindow.length).toBe(ref.slidingWindow + 1)
        for (let w = 0; w <= ref.slidingWindow; w++) {
          expect(Math.abs(result.rangeAucRocPerWindow[w] - ref.rangeAucRocPerWindow[w])).toBeLessThan(SUM_TOLERANCE)
          expect(Math.abs(result.rangeAucPrPerWindow[w] - ref.rangeAucPrPerWindow[w])).toBeLessThan(SUM_TOLERANCE)
        }
        expect(Math.abs(result.vusRoc - ref.vusRoc)).toBeLessThan(SUM_TOLERANCE)
        expect(Math.abs(result.vusPr - ref.vusPr)).toBeLessThan(SUM_TOLERANCE)
      })
    }

    it(`uses TSB-AD's 250 thresholds exactly and its default window on '${c.name}'`, () => {
      // Expected: details.vusThresholds (scores at trunc(linspace(0, n − 1, 250)) of the descending sort);
      // order statistics, so exact. Defaults are slidingWindow 100 and 250 thresholds, as in `metrics`.
      const result = vus(caseLabels(c), c.scores)
      expect(Array.from(result.thresholds)).toEqual(c.details.vusThresholds)
      expect(Math.abs(result.vusRoc - c.metrics['VUS-ROC'])).toBeLessThan(SUM_TOLERANCE)
      expect(Math.abs(result.vusPr - c.metrics['VUS-PR'])).toBeLessThan(SUM_TOLERANCE)
    })
  }

  it('depends only on the order of the scores, and leaves its input alone', () => {
    // VUS uses scores only through thresholds taken from their sort, so a strictly increasing map
    // (3s + 7, exact for these decimals' order) gives bit-identical areas.
    const c = tsbAdCases()[1]
    const scores = c.scores.slice()
    const a = vus(caseLabels(c), scores, { slidingWindow: 10 })
    const b = vus(caseLabels(c), scores.map((v) => 3 * v + 7), { slidingWindow: 10 })
    expect(Array.from(b.rangeAucPrPerWindow)).toEqual(Array.from(a.rangeAucPrPerWindow))
    expect(Array.from(b.rangeAucRocPerWindow)).toEqual(Array.from(a.rangeAucRocPerWindow))
    expect(scores).toEqual(c.scores)
  })

  it('gives exactly 1 for a perfect detector at width 0', () => {
    // Hand-computed: at the threshold 1 the three anomalies (two ranges) are predicted and nothing else —
    // TPR 1, FPR 0, precision 1 — so both areas are 1 without rounding.
    const labels = Uint8Array.from([0, 0, 1, 1, 0, 0, 0, 1, 0, 0])
    const perfect = vus(labels, [0, 0, 1, 1, 0, 0, 0, 1, 0, 0], { slidingWindow: 0 })
    expect(perfect.rangeAucRocPerWindow[0]).toBe(1)
    expect(perfect.rangeAucPrPerWindow[0]).toBe(1)
  })

  it('rejects bad options and scores with a code and the fix', () => {
    const labels = Uint8Array.from([0, 1, 1, 0])
    expect(thrown(() => vus(labels, [0.1, 0.2, 0.3, 0.4], { thresholds: 1 }))).toEqual({
      code: 'E_OPTION',
      message: 'vus(): thresholds is 1; expected an integer >= 2 (TSB-AD uses 250). Pass e.g. thresholds: 250.',
    })
    expect(thrown(() => vus(labels, [0.1, 0.2, 0.3, 0.4], { slidingWindow: -1 }))).toEqual({
      code: 'E_OPTION',
      message: "vus(): slidingWindow is -1; expected a non-negative integer number of points (TSB-AD's default is 100). Pick it with findSlidingWindow(series) or pass e.g. slidingWindow: 100.",
    })
    expect(thrown(() => vus(labels, [0.1, 0.2, 0.3, Infinity]))).toEqual({
      code: 'E_NOT_FINITE',
      message: 'vus(): scores[3] is Infinity; every score must be a finite number. Check the model output for NaN (a diverged training run) before evaluating.',
    })
  })
})
