import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { windowScoresToPoints } from '@aedetect/preprocessing'
import { coveringWindows, windowFixture as f } from './_window-fixture'
import { thrown } from './_test-support'

const nanFor = (values: (number | null)[]): number[] => values.map((v) => (v === null ? Number.NaN : v))

describe('windowScoresToPoints', () => {
  for (const c of f.strides) {
    const options = { seriesLength: f.series.length, size: f.windowLength, stride: c.stride }
    it(`stride ${c.stride}: mean and max of the covering windows equal the fixture, uncovered points NaN with 'nan'`, () => {
      // Expected: fixtures/sklearn-reference.json slidingWindows (numpy). Max is an order statistic: exact.
      // The mean is a running compensated sum, not the fixture's left-to-right sum: allow 1e-14 relative.
      const mean = windowScoresToPoints(c.windowScores, { ...options, reduce: 'mean', uncovered: 'nan' })
      const expected = nanFor(c.pointScoreMean)
      for (let i = 0; i < expected.length; i++) {
        if (Number.isNaN(expected[i])) expect(mean[i]).toBeNaN()
        else expect(Math.abs(mean[i] - expected[i])).toBeLessThanOrEqual(1e-14 * Math.abs(expected[i]))
      }
      expect(Array.from(windowScoresToPoints(c.windowScores, { ...options, reduce: 'max', uncovered: 'nan' }))).toEqual(nanFor(c.pointScoreMax))
      const uncovered = Array.from(mean.keys()).filter((i) => Number.isNaN(mean[i]))
      expect(uncovered).toEqual(c.uncoveredPoints)
    })

    it(`stride ${c.stride}: 'last' is the score of the last covering window`, () => {
      const last = windowScoresToPoints(c.windowScores, { ...options, reduce: 'last', uncovered: 'nan' })
      expect(Array.from(last)).toEqual(c.coveringWindows.map((w) => (w.length === 0 ? Number.NaN : c.windowScores[w[w.length - 1]])))
    })
  }

  it("gives uncovered points the nearest window's score by default, so no NaN reaches metrics", () => {
    const c = f.strides[1] // stride 2: point 19 is in no window; the nearest is the last window (7).
    const mean = windowScoresToPoints(c.windowScores, { seriesLength: 20, size: 5, stride: 2 })
    expect(mean[19]).toBe(c.windowScores[7])
    // stride 5 > size 2: windows cover [0, 1] and [5, 6]. Distances to them: point 2 → 1 and 3 (window 0),
    // point 3 → 2 and 2 (a tie goes to the earlier window 0), point 4 → 3 and 1 (window 1); point 7 → window 1.
    expect(Array.from(windowScoresToPoints([10, 20], { seriesLength: 8, size: 2, stride: 5 }))).toEqual([10, 10, 10, 10, 20, 20, 20, 20])
  })

  it('equals the direct reduction over coveringWindows for any size, stride and length (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 15 }), fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 2 ** 31 }), (size, stride, extra, seed) => {
        const seriesLength = size + extra
        const cover = coveringWindows(seriesLength, size, stride)
        const count = Math.floor((seriesLength - size) / stride) + 1
        // Scores with mixed magnitudes, from a small LCG so the property is reproducible.
        let state = seed
        const scores = Float64Array.from({ length: count }, () => ((state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * 10 ** ((state % 7) - 3))
        const options = { seriesLength, size, stride, uncovered: 'nan' as const }
        const mean = windowScoresToPoints(scores, { ...options, reduce: 'mean' })
        const max = windowScoresToPoints(scores, { ...options, reduce: 'max' })
        for (let i = 0; i < seriesLength; i++) {
          const w = cover[i]
          if (w.length === 0) {
            expect(mean[i]).toBeNaN()
            continue
          }
          let sum = 0
          let best = Number.NEGATIVE_INFINITY
          for (const k of w) {
            sum += scores[k]
            best = Math.max(best, scores[k])
          }
          expect(Math.abs(mean[i] - sum / w.length)).toBeLessThanOrEqual(1e-13 * best)
          expect(max[i]).toBe(best)
        }
      }),
      { numRuns: 400, seed: 12 },
    )
  })

  it('matches the direct reduction at sampled points of a large case (10^5 points, size 5000)', () => {
    const scores = Float64Array.from({ length: 95_001 }, (_, k) => Math.sin(k / 100) + k * 1e-6)
    const options = { seriesLength: 100_000, size: 5000, stride: 1 }
    const max = windowScoresToPoints(scores, { ...options, reduce: 'max' })
    const mean = windowScoresToPoints(scores, { ...options, reduce: 'mean' })
    for (const i of [0, 4999, 50_000, 77_777, 99_999]) {
      const covering = scores.subarray(Math.max(0, i - 4999), Math.min(i, 95_000) + 1)
      let sum = 0
      for (const v of covering) sum += v
      expect(max[i]).toBe(Math.max(...covering))
      expect(mean[i]).toBeCloseTo(sum / covering.length, 12)
    }
  })

  it('rejects a score count that does not match the geometry, NaN scores and bad options', () => {
    expect(thrown(() => windowScoresToPoints([1, 2, 3], { seriesLength: 20, size: 5 }))).toMatchInlineSnapshot(`"E_LENGTH_MISMATCH: windowScoresToPoints(): got 3 windows; seriesLength 20, size 5 and stride 1 make 16 (floor((seriesLength − size) / stride) + 1). Pass the scores of the windows slidingWindows() made with the same options."`)
    expect(thrown(() => windowScoresToPoints([1, Number.NaN], { seriesLength: 6, size: 5 }))).toMatchInlineSnapshot(`"E_NOT_FINITE: windowScoresToPoints(): windowScores[1] is NaN; every value must be a finite number. Drop or impute missing values first."`)
    expect(thrown(() => windowScoresToPoints([1], { seriesLength: 4, size: 5 }))).toMatchInlineSnapshot(`"E_OPTION: windowScoresToPoints(): size 5 is longer than seriesLength 4; no full window fits. Pass the size and seriesLength used with slidingWindows()."`)
    expect(thrown(() => windowScoresToPoints([1, 2], { seriesLength: 6, size: 5, reduce: 'median' as never }))).toMatchInlineSnapshot(`"E_OPTION: windowScoresToPoints(): reduce is 'median'; expected one of 'mean' | 'max' | 'last'."`)
    expect(thrown(() => windowScoresToPoints([1, 2], { seriesLength: 6, size: 5, uncovered: 'zero' as never }))).toMatchInlineSnapshot(`"E_OPTION: windowScoresToPoints(): uncovered is 'zero'; expected one of 'nearest' | 'nan'."`)
  })
})
