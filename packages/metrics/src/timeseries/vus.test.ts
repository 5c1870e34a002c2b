import { describe, expect, it } from 'vitest'
import { vus } from './vus'
import { caseLabels, tsbAdCases } from './_tsb-ad-fixture'

// Expected: TSB-AD's RangeAUC_volume_opt (via get_metrics, version 'opt', thre 250) on the five cases of
// the shared tsb-ad-reference fixture. Areas are sums of ~250 products summed in another order than
// numpy's dot, so they agree to ~1e-12; 1e-9 leaves room and still catches any wrong point.
const SUM_TOLERANCE = 1e-9

describe('vus', () => {
  for (const c of tsbAdCases()) {
    for (const ref of c.details.vus) {
      it(`matches TSB-AD on '${c.name}' with slidingWindow ${ref.slidingWindow}`, () => {
        const result = vus(caseLabels(c), c.scores, { slidingWindow: ref.slidingWindow })
        expect(result.rangeAucRocPerWindow.length).toBe(ref.slidingWindow + 1)
        for (let w = 0; w <= ref.slidingWindow; w++) {
          expect(Math.abs(result.rangeAucRocPerWindow[w] - ref.rangeAucRocPerWindow[w])).toBeLessThan(SUM_TOLERANCE)
          expect(Math.abs(result.rangeAucPrPerWindow[w] - ref.rangeAucPrPerWindow[w])).toBeLessThan(SUM_TOLERANCE)
        }
        expect(Math.abs(result.vusRoc - ref.vusRoc)).toBeLessThan(SUM_TOLERANCE)
        expect(Math.abs(result.vusPr - ref.vusPr)).toBeLessThan(SUM_TOLERANCE)
      })
    }
    it(`picks TSB-AD's 250 thresholds exactly on '${c.name}'`, () => {
      const result = vus(caseLabels(c), c.scores)
      expect(Array.from(result.thresholds)).toEqual(c.details.vusThresholds)
      expect(result.vusPr).toBeCloseTo(c.metrics['VUS-PR'], 9)
    })
  }
})
