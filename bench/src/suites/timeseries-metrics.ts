// Speed of the TSB-AD time-series metrics. VUS-PR/VUS-ROC (slidingWindow 100, 250 thresholds) on a
// 10^5-point series, everything on 10^6 points, each as a ratio to sorting a copy of the same scores in the
// same process (interleaved, median of the repeats), so a figure says how many sorts the work costs however
// busy the machine is. The growth of VUS from 10^4 to 10^5 points shows it is not quadratic.
import { createRandom } from '@aedetect/core'
import {
  affiliationF,
  eventF1,
  findSlidingWindow,
  pointAdjustedF1,
  rangeF1,
  searchOracleF1,
  standardF1,
  timeSeriesMetrics,
  vus,
} from '@aedetect/metrics'
import type { BenchRow, BenchSuite } from '../harness'
import { timeTasks } from '../_shared'

const SEED = 11

interface Series {
  values: Float64Array
  labels: Uint8Array
  scores: Float64Array
  predicted: Uint8Array
  ranges: number
}

/**
 * A seeded series of n points: a sine of period 50 plus noise; anomaly ranges of 5–200 points start with
 * probability 1/2000 per point (~1 % anomalous); scores are noise plus a bump of height 2 over each range,
 * rounded to 1e-4 (ties occur); `predicted` = score >= 2.
 */
function makeSeries(n: number): Series {
  const random = createRandom(SEED)
  const values = new Float64Array(n)
  const labels = new Uint8Array(n)
  const scores = new Float64Array(n)
  const predicted = new Uint8Array(n)
  let ranges = 0
  for (let i = 0; i < n; i++) {
    if (labels[i] === 0 && random.next() < 1 / 2000) {
      const length = 5 + random.nextInt(196)
      labels.fill(1, i, Math.min(n, i + length))
      ranges++
    }
  }
  for (let i = 0; i < n; i++) {
    values[i] = Math.sin((2 * Math.PI * i) / 50) + 0.3 * random.nextNormal() + 3 * labels[i]
    scores[i] = Math.round((Math.abs(random.nextNormal()) + 2 * labels[i] * random.next()) * 1e4) / 1e4
    predicted[i] = scores[i] >= 2 ? 1 : 0
  }
  return { values, labels, scores, predicted, ranges }
}

/** n points with a short range (1–4 points) every 2–13 points: buffers of width 100 overlap everywhere. */
function makeDenseSeries(n: number): Series {
  const series = makeSeries(n)
  const random = createRandom(SEED + 1)
  series.labels.fill(0)
  let ranges = 0
  for (let i = random.nextInt(5); i < n; i += 2 + random.nextInt(12)) {
    series.labels.fill(1, i, Math.min(n, i + 1 + random.nextInt(4)))
    ranges++
  }
  return { ...series, ranges }
}

const suite: BenchSuite = {
  name: 'timeseries-metrics',
  description: `TSB-AD metrics on seeded synthetic series (seed ${SEED}; anomaly ranges of 5-200 points, ~1 % anomalous; scores rounded to 1e-4). VUS with slidingWindow 100 and 250 thresholds on 10^4 and 10^5 points (median of 5), every metric on 10^6 points (median of 3); reference: Float64Array copy + sort of the same scores, same process, interleaved.`,
  async run(): Promise<BenchRow[]> {
    const rows: BenchRow[] = []
    const small = makeSeries(10_000)
    const medium = makeSeries(100_000)
    const dense = makeDenseSeries(100_000)
    const sortNote = 'ratio = time / sort time, same process'
    const mid = timeTasks(
      [
        ['sort 10^4', () => small.scores.slice().sort()],
        ['sort 10^5', () => medium.scores.slice().sort()],
        ['vus 10^4', () => vus(small.labels, small.scores, { slidingWindow: 100 })],
        ['vus 10^5', () => vus(medium.labels, medium.scores, { slidingWindow: 100 })],
        ['vus 10^5 dense', () => vus(dense.labels, dense.scores, { slidingWindow: 100 })],
      ],
      5,
    )
    const sort4 = mid.get('sort 10^4') as number
    const sort5 = mid.get('sort 10^5') as number
    const vus4 = mid.get('vus 10^4') as number
    const vus5 = mid.get('vus 10^5') as number
    const vusResult = vus(medium.labels, medium.scores, { slidingWindow: 100 })
    rows.push(
      { name: 'sort of 10^5 float64', value: sort5, unit: 'ms', note: 'Float64Array.prototype.sort on a copy' },
      { name: `VUS-PR + VUS-ROC, 10^5 points, W = 100 (${medium.ranges} ranges)`, value: vus5, unit: 'ms', reference: sort5, ratio: vus5 / sort5, target: '< 2000 ms', met: vus5 < 2000, note: `${sortNote}; VUS-PR ${vusResult.vusPr.toFixed(4)}` },
      { name: `VUS, 10^5 points, W = 100, dense (${dense.ranges} ranges)`, value: mid.get('vus 10^5 dense') as number, unit: 'ms', reference: sort5, ratio: (mid.get('vus 10^5 dense') as number) / sort5, note: `${sortNote}; buffers overlap everywhere` },
      { name: `VUS, 10^4 points, W = 100 (${small.ranges} ranges)`, value: vus4, unit: 'ms', reference: sort4, ratio: vus4 / sort4, note: sortNote },
      { name: 'VUS time growth 10^4 → 10^5 points', value: vus5 / vus4, unit: '×', target: '< 30 (quadratic: 100)', met: vus5 / vus4 < 30, note: `n grew 10×; the sort grew ${(sort5 / sort4).toFixed(1)}× over the same step` },
    )

    const large = makeSeries(1_000_000)
    const big = timeTasks(
      [
        ['sort', () => large.scores.slice().sort()],
        ['vus (W = 100)', () => vus(large.labels, large.scores, { slidingWindow: 100 })],
        ['timeSeriesMetrics (oracle, W = 100)', () => timeSeriesMetrics(large.labels, large.scores)],
        ['timeSeriesMetrics (given prediction, W = 100)', () => timeSeriesMetrics(large.labels, large.scores, { predicted: large.predicted })],
        ['standardF1 (oracle)', () => standardF1(large.labels, large.scores)],
        ['searchOracleF1 (100 thresholds × 4 metrics)', () => searchOracleF1(large.labels, large.scores)],
        ['pointAdjustedF1 (given prediction)', () => pointAdjustedF1(large.labels, large.predicted)],
        ['eventF1 (given prediction)', () => eventF1(large.labels, large.predicted)],
        ['rangeF1 (given prediction)', () => rangeF1(large.labels, large.predicted)],
        ['affiliationF (given prediction)', () => affiliationF(large.labels, large.predicted)],
        ['findSlidingWindow (first 20000 points, 400 lags)', () => findSlidingWindow(large.values)],
      ],
      3,
    )
    const sort6 = big.get('sort') as number
    rows.push({ name: 'sort of 10^6 float64', value: sort6, unit: 'ms', note: 'Float64Array.prototype.sort on a copy' })
    for (const [name, ms] of big) {
      if (name === 'sort') continue
      rows.push({ name: `${name}, 10^6 points (${large.ranges} ranges)`, value: ms, unit: 'ms', reference: sort6, ratio: ms / sort6, note: sortNote })
    }
    rows.push({ name: 'findSlidingWindow result (sine of period 50)', value: findSlidingWindow(large.values), unit: 'points' })
    return rows
  },
}

export default suite
