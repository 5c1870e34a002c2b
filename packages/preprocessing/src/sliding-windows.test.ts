import { describe, expect, it } from 'vitest'
import { slidingWindows } from '@aedetect/preprocessing'
import { toRows } from '@aedetect/core'
import { windowFixture as f } from './_window-fixture'
import { thrown } from './_test-support'

describe('slidingWindows', () => {
  for (const c of f.strides) {
    it(`equals numpy sliding_window_view(series, 5)[::${c.stride}] exactly`, () => {
      const w = slidingWindows(Float64Array.from(f.series), { size: f.windowLength, stride: c.stride })
      expect(w.shape).toEqual([c.windowCount, f.windowLength, 1])
      expect(toRows(w)).toEqual(c.windows)
    })
  }

  it('cuts multivariate series [t, channels] into [count, size, channels] and keeps float32', () => {
    // Series of 6 steps × 2 channels: step i holds (i, 10·i).
    const data = Float32Array.from({ length: 12 }, (_, j) => (j % 2 === 0 ? j / 2 : 10 * ((j - 1) / 2)))
    const w = slidingWindows({ data, shape: [6, 2] }, { size: 3, stride: 2 })
    expect(w.data).toBeInstanceOf(Float32Array)
    expect(w.shape).toEqual([2, 3, 2])
    expect(Array.from(w.data)).toEqual([0, 0, 1, 10, 2, 20, 2, 20, 3, 30, 4, 40])
  })

  it('does not share memory with the series', () => {
    const series = Float64Array.from([1, 2, 3])
    const w = slidingWindows(series, { size: 3 })
    w.data[0] = 99
    expect(series[0]).toBe(1)
  })

  it('rejects a window longer than the series, bad strides, NaN and wrong shapes', () => {
    const series = Float64Array.from(f.series)
    expect(thrown(() => slidingWindows(series, { size: 21 }))).toMatchInlineSnapshot(`"E_OPTION: slidingWindows(): size is 21 but the series has 20 time steps; a window cannot be longer than the series. Pass size ≤ 20."`)
    expect(thrown(() => slidingWindows(series, { size: 5, stride: 0 }))).toMatchInlineSnapshot(`"E_OPTION: slidingWindows(): stride is 0; it must be an integer ≥ 1."`)
    expect(thrown(() => slidingWindows(series, { size: 2.5 }))).toMatchInlineSnapshot(`"E_OPTION: slidingWindows(): size is 2.5; it must be an integer ≥ 1."`)
    expect(thrown(() => slidingWindows(new Float64Array(0), { size: 1 }))).toMatchInlineSnapshot(`"E_EMPTY: slidingWindows(): the series is empty. Pass at least one time step."`)
    expect(thrown(() => slidingWindows(Float64Array.from([0, 1, Number.NaN]), { size: 2 }))).toMatchInlineSnapshot(`"E_NOT_FINITE: slidingWindows(): series[2] is NaN; every value must be a finite number. Drop or impute missing values first."`)
    expect(thrown(() => slidingWindows({ data: new Float32Array(8), shape: [2, 2, 2] }, { size: 1 }))).toMatchInlineSnapshot(`"E_SHAPE: slidingWindows(): the series has shape [2, 2, 2]; expected [t, channels] (one row per time step), or a Float32Array of t values for one channel."`)
  })
})
