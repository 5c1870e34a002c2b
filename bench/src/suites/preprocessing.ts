// Speed of @aedetect/preprocessing's windowing on a 10^6-point series: slidingWindows, windowScoresToPoints
// (mean, max, last; window sizes 100 and 1000) and windowFeatureScoresToPoints, each as a ratio to sorting a
// copy of the same series (Float64Array.prototype.sort) in the same process (interleaved, median of 5), so the
// figure says how many sorts the work costs, independent of how busy the machine is.
import { createRandom } from '@aedetect/core'
import { slidingWindows, windowFeatureScoresToPoints, windowScoresToPoints } from '@aedetect/preprocessing'
import type { BenchRow, BenchSuite } from '../harness'
import { timeTasks } from '../_shared'

const N = 1_000_000
const REPEATS = 5
const SEED = 7

/** A seeded series: a slow sine plus N(0, 0.1) noise, as float64. */
function makeSeries(): Float64Array {
  const random = createRandom(SEED)
  const series = new Float64Array(N)
  for (let i = 0; i < N; i++) series[i] = Math.sin(i / 50) + 0.1 * random.nextNormal()
  return series
}

/** One score per window of `size`, stride 1: the window's mean absolute value, from a running sum. */
function windowScores(series: Float64Array, size: number): Float64Array {
  const scores = new Float64Array(N - size + 1)
  let sum = 0
  for (let i = 0; i < N; i++) {
    sum += Math.abs(series[i])
    if (i >= size) sum -= Math.abs(series[i - size])
    if (i >= size - 1) scores[i - size + 1] = sum / size
  }
  return scores
}


const suite: BenchSuite = {
  name: 'preprocessing',
  description: `slidingWindows and window → point mapping on a ${N.toLocaleString('en-US')}-point seeded series (sine + noise, seed ${SEED}), median of ${REPEATS} interleaved runs; reference: Float64Array copy + sort of the same series.`,
  async run(): Promise<BenchRow[]> {
    const series = makeSeries()
    const series32 = Float32Array.from(series)
    const scores100 = windowScores(series, 100)
    const scores1000 = windowScores(series, 1000)
    const windows = slidingWindows(series32, { size: 64, stride: 8 })
    const tasks: Array<[string, () => unknown]> = [
      ['sort (reference)', () => series.slice().sort()],
      ['slidingWindows size 64 stride 8 (float32)', () => slidingWindows(series32, { size: 64, stride: 8 })],
      ['slidingWindows size 16 stride 1 (float32)', () => slidingWindows(series32, { size: 16, stride: 1 })],
      ['windowScoresToPoints mean, size 100', () => windowScoresToPoints(scores100, { seriesLength: N, size: 100, reduce: 'mean' })],
      ['windowScoresToPoints max, size 100', () => windowScoresToPoints(scores100, { seriesLength: N, size: 100, reduce: 'max' })],
      ['windowScoresToPoints last, size 100', () => windowScoresToPoints(scores100, { seriesLength: N, size: 100, reduce: 'last' })],
      ['windowScoresToPoints mean, size 1000', () => windowScoresToPoints(scores1000, { seriesLength: N, size: 1000, reduce: 'mean' })],
      ['windowScoresToPoints max, size 1000', () => windowScoresToPoints(scores1000, { seriesLength: N, size: 1000, reduce: 'max' })],
      ['windowFeatureScoresToPoints mean, size 64 stride 8', () => windowFeatureScoresToPoints(windows, { seriesLength: N, stride: 8, reduce: 'mean' })],
    ]
    const times = timeTasks(tasks, REPEATS)
    const reference = times.get('sort (reference)') ?? Number.NaN
    const rows: BenchRow[] = [{ name: `sort of ${N.toLocaleString('en-US')} float64`, value: reference, unit: 'ms', note: 'Float64Array.prototype.sort on a copy' }]
    for (const [name] of tasks.slice(1)) {
      const ms = times.get(name) ?? Number.NaN
      rows.push({ name, value: ms, unit: 'ms', reference, ratio: ms / reference, note: 'ratio = time / sort time, same process' })
    }
    // Linear in the series, not in the window size: an O(n·size) mapping would take ~10× longer at size 1000;
    // the bound 4 leaves room for the noise of a shared machine (medians moved by up to 2× between runs here).
    for (const reduce of ['mean', 'max'] as const) {
      const small = times.get(`windowScoresToPoints ${reduce}, size 100`) ?? Number.NaN
      const large = times.get(`windowScoresToPoints ${reduce}, size 1000`) ?? Number.NaN
      rows.push({ name: `windowScoresToPoints ${reduce}: time at size 1000 / size 100`, value: large / small, unit: 'x', target: '< 4 (O(n); O(n·size) would be ~10)', met: large / small < 4 })
    }
    return rows
  },
}

export default suite
