import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { slidingWindows, windowFeatureScoresToPoints, windowScoresToPoints } from '@aedetect/preprocessing'
import { coveringWindows, windowFixture as f } from './_window-fixture'
import { thrown } from './_test-support'

describe('windowFeatureScoresToPoints', () => {
  for (const c of f.strides) {
    it(`stride ${c.stride}: windows of the fixture series map back to the series exactly (mean, max, last)`, () => {
      // Every window holds the series' own values at each step, so every reduction of the covering windows
      // gives back the series value (max and last exactly; mean = k equal values summed then divided by k,
      // within 1 ulp); the uncovered point 19 (stride 2) is NaN with 'nan'.
      const windows = slidingWindows(Float64Array.from(f.series), { size: f.windowLength, stride: c.stride })
      const expected = f.series.map((v, i) => (c.uncoveredPoints.includes(i) ? Number.NaN : v))
      for (const reduce of ['max', 'last'] as const) {
        const points = windowFeatureScoresToPoints(windows, { seriesLength: 20, stride: c.stride, reduce, uncovered: 'nan' })
        expect(points.shape).toEqual([20, 1])
        expect(Array.from(points.data)).toEqual(expected)
      }
      const mean = windowFeatureScoresToPoints(windows, { seriesLength: 20, stride: c.stride, uncovered: 'nan' })
      for (let i = 0; i < 20; i++) {
        if (Number.isNaN(expected[i])) expect(mean.data[i]).toBeNaN()
        else expect(Math.abs(mean.data[i] - expected[i])).toBeLessThanOrEqual(Number.EPSILON * Math.abs(expected[i]))
      }
      // 'nearest' fills point 19 with the last window's last step, the series value at 18.
      const filled = windowFeatureScoresToPoints(windows, { seriesLength: 20, stride: c.stride })
      expect(filled.data[19]).toBe(c.uncoveredPoints.length ? f.series[18] : f.series[19])
    })

    it(`stride ${c.stride}: with one value per window, equals windowScoresToPoints of the fixture scores`, () => {
      const errors = { data: Float64Array.from(c.windowScores.flatMap((s) => Array(f.windowLength).fill(s))), shape: [c.windowCount, f.windowLength] }
      for (const reduce of ['mean', 'max', 'last'] as const) {
        const options = { seriesLength: 20, stride: c.stride, reduce }
        const perPoint = windowFeatureScoresToPoints(errors, options)
        const fromScores = windowScoresToPoints(c.windowScores, { ...options, size: f.windowLength })
        // Direct left-to-right sums against the running compensated sum: equal to 1e-14 relative.
        for (let i = 0; i < 20; i++) expect(Math.abs(perPoint.data[i] - fromScores[i])).toBeLessThanOrEqual(1e-14 * Math.abs(fromScores[i]))
      }
      // Direct sums in window order are the fixture's arithmetic: its means are matched bit for bit.
      const mean = windowFeatureScoresToPoints(errors, { seriesLength: 20, stride: c.stride, uncovered: 'nan' })
      expect(Array.from(mean.data)).toEqual(c.pointScoreMean.map((v) => (v === null ? Number.NaN : v)))
    })
  }

  it('reduces each channel separately over the covering windows (property, brute force)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 8 }), fc.integer({ min: 0, max: 20 }), fc.integer({ min: 1, max: 3 }), (size, stride, extra, channels) => {
        const seriesLength = size + extra
        const count = Math.floor((seriesLength - size) / stride) + 1
        const data = Float64Array.from({ length: count * size * channels }, (_, j) => Math.sin(j * 1.7) * 10)
        const max = windowFeatureScoresToPoints({ data, shape: [count, size, channels] }, { seriesLength, stride, reduce: 'max', uncovered: 'nan' })
        const cover = coveringWindows(seriesLength, size, stride)
        for (let i = 0; i < seriesLength; i++) {
          for (let ch = 0; ch < channels; ch++) {
            const values = cover[i].map((k) => data[(k * size + (i - k * stride)) * channels + ch])
            expect(max.data[i * channels + ch]).toBe(values.length ? Math.max(...values) : Number.NaN)
          }
        }
      }),
      { numRuns: 300, seed: 13 },
    )
  })

  it('rejects shapes that are not windows and window counts that do not match', () => {
    expect(thrown(() => windowFeatureScoresToPoints({ data: new Float32Array(16), shape: [2, 2, 2, 2] }, { seriesLength: 3 }))).toMatchInlineSnapshot(`"E_SHAPE: windowFeatureScoresToPoints(): windowErrors has shape [2, 2, 2, 2]; expected [count, size, channels] (or [count, size] for one channel), as slidingWindows() returns."`)
    expect(thrown(() => windowFeatureScoresToPoints({ data: new Float32Array(10), shape: [2, 5] }, { seriesLength: 20 }))).toMatchInlineSnapshot(`"E_LENGTH_MISMATCH: windowFeatureScoresToPoints(): got 2 windows; seriesLength 20, size 5 and stride 1 make 16 (floor((seriesLength − size) / stride) + 1). Pass the scores of the windows slidingWindows() made with the same options."`)
  })
})
