import { describe, expect, it } from 'vitest'
import { createRandom } from '@aedetect/core'
import { vus } from '@aedetect/metrics'
import { caseLabels, thrown, tsbAdCases } from './_tsb-ad-fixture'

// Expected: TSB-AD's RangeAUC_volume_opt (get_metrics, version 'opt', thre 250) on the five cases of the
// shared tsb-ad-reference fixture, for slidingWindow 100, 0 and 10. Each area is a sum of ~250 products
// that TSB-AD sums with numpy's dot in another order; measured agreement is ≤ 3e-15, and 1e-9 still fails
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

  it('equals a direct transcription of the definition on dense, overlapping ranges (seeded)', () => {
    // The fixture's ranges lie far apart, so their buffers never overlap; here ranges of 1–4 points sit
    // 1–8 points apart (buffers of up to 10 points overlap, points get 2–4 terms, ranges touch both ends).
    // Reference: the fixtures README's VUS definition, step by step, O(W · thresholds · n). Seed 3, 12 series.
    const random = createRandom(3)
    for (let trial = 0; trial < 12; trial++) {
      const n = 160
      const labels = new Uint8Array(n)
      let i = trial % 2 === 0 ? 0 : random.nextInt(5)
      while (i < n) {
        labels.fill(1, i, Math.min(n, i + 1 + random.nextInt(4)))
        i += 2 + random.nextInt(12)
      }
      labels[n - 1] = trial % 3 === 0 ? 1 : 0
      const scores = Array.from({ length: n }, (_, k) => Math.round((random.next() + 0.5 * labels[k]) * 20) / 20)
      const result = vus(labels, scores, { slidingWindow: 20, thresholds: 50 })
      const reference = directVus(labels, scores, 20, 50)
      for (let w = 0; w <= 20; w++) {
        expect(Math.abs(result.rangeAucRocPerWindow[w] - reference.roc[w])).toBeLessThan(1e-12)
        expect(Math.abs(result.rangeAucPrPerWindow[w] - reference.pr[w])).toBeLessThan(1e-12)
      }
    }
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

/** The VUS definition of the fixtures README, transcribed literally (test reference only). */
function directVus(labels: Uint8Array, scores: number[], windowSize: number, count: number): { roc: number[]; pr: number[] } {
  const n = labels.length
  const ranges: Array<[number, number]> = []
  for (let i = 0; i < n; i++) {
    if (labels[i] === 1 && (i === 0 || labels[i - 1] === 0)) ranges.push([i, i])
    if (labels[i] === 1) ranges[ranges.length - 1][1] = i
  }
  const P = labels.reduce((a, b) => a + b, 0)
  const sorted = [...scores].sort((a, b) => b - a)
  const thresholds = Array.from({ length: count }, (_, k) => sorted[k === count - 1 ? n - 1 : Math.trunc(k * ((n - 1) / (count - 1)))])
  const roc: number[] = []
  const pr: number[] = []
  for (let w = 0; w <= windowSize; w++) {
    const h = Math.floor(w / 2)
    const soft = Array.from(labels, Number)
    for (const [s, e] of ranges) {
      for (let x = e + 1; x <= Math.min(e + h, n - 1); x++) soft[x] += Math.sqrt(1 - (x - e) / w)
      for (let x = Math.max(s - h, 0); x < s; x++) soft[x] += Math.sqrt(1 - (s - x) / w)
    }
    for (let x = 0; x < n; x++) soft[x] = Math.min(1, soft[x])
    const segments: Array<[number, number]> = []
    for (const [s, e] of ranges) {
      const last = segments[segments.length - 1]
      if (last !== undefined && !(last[1] < s - h)) last[1] = Math.min(e + h, n - 1)
      else segments.push([Math.max(s - h, 0), Math.min(e + h, n - 1)])
    }
    let tprPrev = 0
    let fprPrev = 0
    let rocArea = 0
    let prArea = 0
    for (const t of thresholds) {
      let predicted = 0
      let hitAnomalies = 0
      let B = 0
      for (let x = 0; x < n; x++) {
        if (scores[x] < t) continue
        predicted++
        if (labels[x] === 1) hitAnomalies++
        else B += soft[x]
      }
      const existence = segments.filter(([a, b]) => scores.slice(a, b + 1).some((v) => v >= t)).length / segments.length
      const TP = hitAnomalies + B
      const positives = P + B / 2
      const tpr = Math.min(TP / positives, 1) * existence
      const fpr = (predicted - TP) / (n - positives)
      rocArea += (fpr - fprPrev) * ((tpr + tprPrev) / 2)
      prArea += (tpr - tprPrev) * (TP / predicted)
      tprPrev = tpr
      fprPrev = fpr
    }
    roc.push(rocArea + (1 - fprPrev) * ((1 + tprPrev) / 2))
    pr.push(prArea)
  }
  return { roc, pr }
}
