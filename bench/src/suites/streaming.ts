// Live scoring (issue 19): an SMD machine's test part pushed one point at a time into createStreamScorer of
// @aedetect/detector with the CLI's default multivariate detector (runSeriesExperiment of @aedetect/evaluation, no
// overrides, seed 42, trained once on the machine's train part; the PCA baseline is not fitted: it plays no part
// in streaming). Figures: points/s over the whole run, the latency of each push (median, p99: the time from a
// point's arrival to the return of push, which then holds the point windowSize − 1 before it), and peak RSS over
// the first 10^4 and the first 10^5 points (the test part, ~23.7k points, is replayed from its start to reach 10^5:
// the scorer's memory does not depend on the values). Once with batchWindows 1 (one model call per point: the
// lowest latency), then with batchWindows 16, 64 and 256 (one call per that many points: up to that many − 1
// points more latency; a call costs about the same for 1 or 16 windows on wasm).
// Knobs: AEDETECT_STREAM_MACHINE (default machine-1-2), AEDETECT_STREAM_POINTS (default 100000).
import { loadSmdMachine } from '@aedetect/datasets/node'
import { createStreamScorer, type WindowDetector } from '@aedetect/detector'
import { runSeriesExperiment } from '@aedetect/evaluation'
import { initBackend, registerFastKernels } from '@aedetect/models'
import type { BenchRow, BenchSuite } from '../harness'
import { sharedDir } from '../_shared'

const MACHINE = process.env.AEDETECT_STREAM_MACHINE ?? 'machine-1-2'
const POINTS = Number(process.env.AEDETECT_STREAM_POINTS ?? 100_000)
const TARGET_POINTS_PER_SECOND = 10_000
// One model call per point (the lowest latency), then larger batches: one call per 16, 64 or 256 points.
const BATCHES = [1, 16, 64, 256]

interface StreamRun {
  pointsPerSecond: number
  medianMs: number
  p99Ms: number
  maxMs: number
  rssAt1e4: number
  rssAtEnd: number
  maxDifference: number
}

async function stream(detector: WindowDetector, test: { data: Float32Array; shape: number[] }, batchWindows: number, reference: Float64Array): Promise<StreamRun> {
  const [t, channels] = test.shape
  const scorer = createStreamScorer(detector, { batchWindows })
  const latencies = new Float64Array(POINTS)
  const mib = (): number => process.memoryUsage().rss / 2 ** 20
  let rssAt1e4 = 0
  let rssPeak = 0
  let maxDifference = 0
  const check = (results: Array<{ index: number; score: number }>) => {
    // The first pass over the test part must equal scorePoints on it: the points whose windows all lie inside
    // both the test part and the points pushed (the replay's windows cross the seam; a short run ends early).
    const last = Math.min(POINTS, t) - detector.windowSize
    for (const r of results) if (r.index <= last) maxDifference = Math.max(maxDifference, Math.abs(r.score - reference[r.index]) / Math.max(1e-12, Math.abs(reference[r.index])))
  }
  const started = performance.now()
  for (let i = 0; i < POINTS; i++) {
    const row = (i % t) * channels
    const t0 = performance.now()
    const results = await scorer.push(test.data.subarray(row, row + channels))
    latencies[i] = performance.now() - t0
    if (i < t) check(results)
    if (i % 1000 === 999) {
      rssPeak = Math.max(rssPeak, mib())
      if (i === 9_999) rssAt1e4 = rssPeak
    }
  }
  check(await scorer.flush())
  const seconds = (performance.now() - started) / 1000
  scorer.dispose()
  const sorted = latencies.slice().sort()
  return { pointsPerSecond: POINTS / seconds, medianMs: sorted[Math.floor(POINTS / 2)], p99Ms: sorted[Math.floor(POINTS * 0.99)], maxMs: sorted[POINTS - 1], rssAt1e4, rssAtEnd: rssPeak, maxDifference }
}

const suite: BenchSuite = {
  name: 'streaming',
  description: `Live scoring: SMD ${MACHINE} test part pushed one point at a time (${POINTS.toLocaleString('en-US')} points, the test part replayed) into createStreamScorer with the CLI's default multivariate window detector (runSeriesExperiment, no overrides, seed 42, trained once); points/s, per-push latency (median, p99), peak RSS at 10^4 and at the last point; batchWindows 1, 16, 64, 256.`,
  async run(): Promise<BenchRow[]> {
    const backend = (await initBackend()).name
    registerFastKernels()
    const machine = await loadSmdMachine({ dataDir: sharedDir('datasets'), machine: MACHINE })
    const experiment = await runSeriesExperiment({ ...machine, name: `SMD ${MACHINE}` }, { baseline: false })
    const rows: BenchRow[] = []
    try {
      const detector = experiment.detector
      const reference = await detector.scorePoints(machine.test)
      rows.push({ name: 'training (runSeriesExperiment, fit only)', value: experiment.timingsMs.fit / 1000, unit: 's', note: `${backend}; window ${detector.windowSize} × ${detector.state.channels}, ${detector.detector.state.architecture.kind}` })
      for (const batchWindows of BATCHES) {
        const r = await stream(detector, machine.test, batchWindows, reference)
        const tag = `batchWindows ${batchWindows}`
        rows.push({ name: `points/s, one point per push, ${tag} (${backend})`, value: r.pointsPerSecond, unit: 'points/s', target: `≥ ${TARGET_POINTS_PER_SECOND.toLocaleString('en-US')}`, met: r.pointsPerSecond >= TARGET_POINTS_PER_SECOND })
        rows.push({ name: `push latency median, ${tag}`, value: r.medianMs, unit: 'ms', note: `a point's score is final ${detector.windowSize - 1 + batchWindows - 1} points after it at most` })
        rows.push({ name: `push latency p99, ${tag}`, value: r.p99Ms, unit: 'ms', note: batchWindows >= 100 ? 'fewer than 1 % of the pushes call the model: see max' : undefined })
        rows.push({ name: `push latency max, ${tag}`, value: r.maxMs, unit: 'ms' })
        rows.push({ name: `peak RSS to 10^4 points, ${tag}`, value: r.rssAt1e4, unit: 'MiB' })
        rows.push({ name: `peak RSS to ${POINTS.toLocaleString('en-US')} points, ${tag}`, value: r.rssAtEnd, unit: 'MiB', target: 'flat (≤ 10^4 figure + 5 %)', met: r.rssAtEnd <= r.rssAt1e4 * 1.05 })
        rows.push({ name: `max relative difference to scorePoints (first pass), ${tag}`, value: r.maxDifference, unit: '', target: '≤ 1e-6', met: r.maxDifference <= 1e-6 })
      }
    } finally {
      experiment.detector.dispose()
    }
    return rows
  },
}

export default suite
