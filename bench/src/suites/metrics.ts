// Speed of the O(n log n) metrics on 10^6 scores: rocCurve, prCurve and findThreshold (percentile, bestF1),
// each as a ratio to sorting a copy of the same Float64Array in the same process (interleaved, median of 5),
// so the figure says how many sorts the work costs, independent of how busy the machine is.
import { createRandom } from '@aedetect/core'
import { findThreshold, prCurve, rocCurve } from '@aedetect/metrics'
import type { BenchRow, BenchSuite } from '../harness'
import { timeTasks } from '../_shared'

const N = 1_000_000
const REPEATS = 5
const SEED = 7

/** 10^6 scores: normals N(0, 1), 5 % anomalies N(2, 1), rounded to 1e-4 so that ties occur. */
function makeData(): { scores: Float64Array; labels: Uint8Array } {
  const random = createRandom(SEED)
  const scores = new Float64Array(N)
  const labels = new Uint8Array(N)
  for (let i = 0; i < N; i++) {
    labels[i] = random.next() < 0.05 ? 1 : 0
    scores[i] = Math.round((random.nextNormal() + 2 * labels[i]) * 1e4) / 1e4
  }
  return { scores, labels }
}


const suite: BenchSuite = {
  name: 'metrics',
  description: `rocCurve, prCurve, findThreshold percentile / bestF1 on ${N.toLocaleString('en-US')} seeded scores (5 % anomalies, seed ${SEED}), median of ${REPEATS} interleaved runs; reference: Float64Array copy + sort of the same scores.`,
  async run(): Promise<BenchRow[]> {
    const { scores, labels } = makeData()
    const tasks: Array<[string, () => unknown]> = [
      ['sort (reference)', () => scores.slice().sort()],
      ['rocCurve', () => rocCurve(labels, scores)],
      ['prCurve', () => prCurve(labels, scores)],
      ['findThreshold percentile', () => findThreshold(scores, { strategy: 'percentile', q: 0.99 })],
      ['findThreshold bestF1', () => findThreshold(scores, { strategy: 'bestF1', labels })],
    ]
    const times = timeTasks(tasks, REPEATS)
    const reference = times.get('sort (reference)') ?? Number.NaN
    const rows: BenchRow[] = [{ name: `sort of ${N.toLocaleString('en-US')} float64`, value: reference, unit: 'ms', note: 'Float64Array.prototype.sort on a copy' }]
    for (const [name] of tasks.slice(1)) {
      const ms = times.get(name) ?? Number.NaN
      rows.push({ name, value: ms, unit: 'ms', reference, ratio: ms / reference, note: 'ratio = time / sort time, same process' })
    }
    return rows
  },
}

export default suite
