import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { findSlidingWindow } from '@aedetect/metrics'
import { datasetPath, readFixture, testWith } from '@aedetect/test-data'
import { thrown } from './_tsb-ad-fixture'

interface PeerResultsTs {
  nab: Record<string, { rows: number; slidingWindow: number }>
  smd: Record<string, { slidingWindow: number }>
}

const peers = readFixture<PeerResultsTs>('peer-results-ts.json')

/** One column of a CSV-like text file as float64 (`skipHeader` for NAB's `timestamp,value`). */
function column(path: string, index: number, skipHeader: boolean): Float64Array {
  const lines = readFileSync(path, 'utf8').trim().split('\n')
  const first = skipHeader ? 1 : 0
  const values = new Float64Array(lines.length - first)
  for (let i = first; i < lines.length; i++) values[i - first] = Number(lines[i].split(',')[index])
  return values
}

function sine(n: number, period: number): Float64Array {
  const x = new Float64Array(n)
  for (let t = 0; t < n; t++) x[t] = Math.sin((2 * Math.PI * t) / period)
  return x
}

describe('findSlidingWindow', () => {
  testWith(['nab'], "equals TSB-AD's find_length_rank on all 51 NAB series", () => {
    // Expected: slidingWindow of each NAB series in the shared peer-results-ts fixture — TSB-AD's
    // find_length_rank(series) (statsmodels acf with FFT) on the whole value column. Windows are integers, exact.
    const files = Object.keys(peers.nab)
    expect(files.length).toBe(51)
    for (const file of files) {
      const values = column(datasetPath('nab', 'data', file), 1, true)
      expect(values.length).toBe(peers.nab[file].rows)
      expect([file, findSlidingWindow(values)]).toEqual([file, peers.nab[file].slidingWindow])
    }
  })

  testWith(['smd'], "equals TSB-AD's window on the first test channel of the four SMD machines", () => {
    // Expected: slidingWindow of each SMD machine in peer-results-ts (find_length_rank on test column 0).
    for (const [machine, ref] of Object.entries(peers.smd)) {
      const values = column(datasetPath('smd', 'test', `${machine}.txt`), 0, false)
      expect([machine, findSlidingWindow(values)]).toEqual([machine, ref.slidingWindow])
    }
  })

  it('finds the period of a sine, and the longer peaks for rank 2 and 3', () => {
    // A sine of period 20 has autocorrelation peaks at lags 20, 40, 60, … of falling height.
    const x = sine(2000, 20)
    expect(findSlidingWindow(x)).toBe(20)
    expect(findSlidingWindow(x, { rank: 2 })).toBe(40)
    expect(findSlidingWindow(x, { rank: 3 })).toBe(60)
    expect(findSlidingWindow(Float32Array.from(sine(3000, 37)))).toBe(37)
  })

  it('falls back when there is no usable peak', () => {
    // A ramp has a falling autocorrelation (no peak); a constant has none; a period of 350 peaks at lag 350,
    // beyond TSB-AD's limit of 303.
    const ramp = new Float64Array(1000).map((_, t) => t)
    expect(findSlidingWindow(ramp)).toBe(125)
    expect(findSlidingWindow(ramp, { fallback: 64 })).toBe(64)
    expect(findSlidingWindow(new Float64Array(500).fill(3))).toBe(125)
    expect(findSlidingWindow(sine(5000, 350))).toBe(125)
    expect(findSlidingWindow(Float64Array.from([1, 2]))).toBe(125)
  })

  it('rejects an empty series, NaN and bad options', () => {
    expect(thrown(() => findSlidingWindow(new Float64Array(0)))).toEqual({
      code: 'E_EMPTY',
      message: 'findSlidingWindow(): the series is empty. Pass at least one value (a few periods for a meaningful window).',
    })
    expect(thrown(() => findSlidingWindow(Float64Array.from([1, Number.NaN])))).toEqual({
      code: 'E_NOT_FINITE',
      message: 'findSlidingWindow(): value 1 is NaN; every value must be a finite number. Drop or impute missing values first.',
    })
    expect(thrown(() => findSlidingWindow(new Float64Array(10), { rank: 4 as 1 }))).toEqual({
      code: 'E_OPTION',
      message: 'findSlidingWindow(): rank is 4; expected one of 1 | 2 | 3 (1 = the strongest period).',
    })
    expect(thrown(() => findSlidingWindow(new Float64Array(10), { fallback: 0 }))).toEqual({
      code: 'E_OPTION',
      message: 'findSlidingWindow(): fallback is 0; expected a positive integer number of points (TSB-AD uses 125).',
    })
  })
})
