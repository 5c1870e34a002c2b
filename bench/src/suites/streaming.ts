// Live scoring (issue 19): a series's test part pushed one point at a time into createStreamScorer of
// @aedetect/detector with the CLI's default window detector (runSeriesExperiment of @aedetect/evaluation, no
// overrides, seed 42, trained once on the train part; the PCA baseline is not fitted: it plays no part in
// streaming). Two detectors: the multivariate default on an SMD machine (conv1d on windows of 16 × 38) and the
// univariate default on a NAB series (dense stack on windows from the period rule). Each is streamed on both
// scoring paths of the scorer: the compiled forward pass (`path: 'auto'`, what runs by default) and the tfjs
// model call per window (`path: 'tfjs'`, the same-run reference of the ratio); the SMD detector also with
// batchWindows 64 on tfjs (one model call per 64 points: the throughput the tfjs path reaches by waiting).
// Figures: points/s over the whole run (wall clock, and per second of this process's CPU time), the latency of each push (median, p99: from a point's arrival to the
// return of push, which then holds the point windowSize − 1 before it), peak RSS over the first 10^4 points and
// over all of them (the test part is replayed from its start to reach AEDETECT_STREAM_POINTS: the scorer's memory
// does not depend on the values), and the largest relative difference to scorePoints on the first pass. The
// machine's load average (os.loadavg: 1, 5, 15 min) is recorded at the start and the end: the figures are
// wall-clock times on a machine that may be shared.
// Knobs: AEDETECT_STREAM_MACHINE (default machine-1-2), AEDETECT_STREAM_NAB (default art_daily_jumpsdown),
// AEDETECT_STREAM_POINTS (default 100000).
import os from 'node:os'
import { loadNabSeries, loadSmdMachine } from '@aedetect/datasets/node'
import { createStreamScorer, type StreamScorerOptions, type WindowDetector } from '@aedetect/detector'
import { runSeriesExperiment, type LabelledSeries } from '@aedetect/evaluation'
import { initBackend, registerFastKernels } from '@aedetect/models'
import type { BenchRow, BenchSuite } from '../harness'
import { sharedDir } from '../_shared'

const MACHINE = process.env.AEDETECT_STREAM_MACHINE ?? 'machine-1-2'
const NAB = process.env.AEDETECT_STREAM_NAB ?? 'art_daily_jumpsdown'
const POINTS = Number(process.env.AEDETECT_STREAM_POINTS ?? 100_000)
const TARGET_POINTS_PER_SECOND = 10_000

interface StreamRun {
  path: string
  pointsPerSecond: number
  /** Points per second of this process's CPU time (user + system): less sensitive to a shared machine than wall time. */
  pointsPerCpuSecond: number
  medianMs: number
  p99Ms: number
  maxMs: number
  rssAt1e4: number
  rssAtEnd: number
  maxDifference: number
}

async function stream(detector: WindowDetector, test: { data: Float32Array; shape: number[] }, options: StreamScorerOptions, reference: Float64Array): Promise<StreamRun> {
  const [t, channels] = test.shape
  const scorer = createStreamScorer(detector, options)
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
  const cpu = process.cpuUsage()
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
  const used = process.cpuUsage(cpu)
  const cpuSeconds = (used.user + used.system) / 1e6
  const path = scorer.path
  scorer.dispose()
  const sorted = latencies.slice().sort()
  return { path, pointsPerSecond: POINTS / seconds, pointsPerCpuSecond: POINTS / cpuSeconds, medianMs: sorted[Math.floor(POINTS / 2)], p99Ms: sorted[Math.floor(POINTS * 0.99)], maxMs: sorted[POINTS - 1], rssAt1e4, rssAtEnd: rssPeak, maxDifference }
}

const loadAverage = (): string => os.loadavg().map((v) => v.toFixed(2)).join(' / ')

async function streamRows(label: string, input: LabelledSeries, backend: string, target: boolean): Promise<BenchRow[]> {
  const experiment = await runSeriesExperiment(input, { baseline: false })
  const rows: BenchRow[] = []
  try {
    const detector = experiment.detector
    const reference = await detector.scorePoints(input.test)
    rows.push({ name: `${label}: training (runSeriesExperiment, fit only)`, value: experiment.timingsMs.fit / 1000, unit: 's', note: `${backend}; window ${detector.windowSize} × ${detector.state.channels}, ${detector.detector.state.architecture.kind}` })
    const runs: Array<{ tag: string; options: StreamScorerOptions }> = [
      { tag: 'compiled path', options: { path: 'auto' } },
      { tag: 'tfjs path', options: { path: 'tfjs' } },
      ...(target ? [{ tag: 'tfjs path, batchWindows 64', options: { path: 'tfjs', batchWindows: 64 } as StreamScorerOptions }] : []),
    ]
    let tfjsRate = 0
    const results: Array<{ tag: string; run: StreamRun }> = []
    for (const { tag, options } of runs) {
      const run = await stream(detector, input.test, options, reference)
      results.push({ tag, run })
      if (tag === 'tfjs path') tfjsRate = run.pointsPerSecond
    }
    for (const { tag, run: r } of results) {
      const compiled = tag === 'compiled path'
      rows.push({
        name: `${label}: points/s, one point per push, ${tag} (${backend})`,
        value: r.pointsPerSecond,
        unit: 'points/s',
        ...(compiled ? { reference: tfjsRate, ratio: r.pointsPerSecond / tfjsRate } : {}),
        ...(compiled && target ? { target: `≥ ${TARGET_POINTS_PER_SECOND.toLocaleString('en-US')}`, met: r.pointsPerSecond >= TARGET_POINTS_PER_SECOND } : {}),
        note: `scorer.path = '${r.path}'${compiled ? '; reference = tfjs path, one point per push, same run' : ''}`,
      })
      rows.push({ name: `${label}: points per CPU second, ${tag}`, value: r.pointsPerCpuSecond, unit: 'points/s', note: 'process CPU time (user + system), all threads: the figure a loaded machine disturbs least' })
      rows.push({ name: `${label}: push latency median, ${tag}`, value: r.medianMs, unit: 'ms', note: `a point's score is final ${detector.windowSize - 1} points after it${tag.includes('64') ? ' (+ up to 63 waiting for the batch)' : ''}` })
      rows.push({ name: `${label}: push latency p99, ${tag}`, value: r.p99Ms, unit: 'ms' })
      rows.push({ name: `${label}: push latency max, ${tag}`, value: r.maxMs, unit: 'ms' })
      rows.push({ name: `${label}: peak RSS to 10^4 points, ${tag}`, value: r.rssAt1e4, unit: 'MiB' })
      rows.push({ name: `${label}: peak RSS to ${POINTS.toLocaleString('en-US')} points, ${tag}`, value: r.rssAtEnd, unit: 'MiB', target: 'flat (≤ 10^4 figure + 5 %)', met: r.rssAtEnd <= r.rssAt1e4 * 1.05 })
      rows.push({ name: `${label}: max relative difference to scorePoints (first pass), ${tag}`, value: r.maxDifference, unit: '', target: '≤ 1e-6', met: r.maxDifference <= 1e-6 })
    }
  } finally {
    experiment.detector.dispose()
  }
  return rows
}

const suite: BenchSuite = {
  name: 'streaming',
  description: `Live scoring: SMD ${MACHINE} and NAB ${NAB} test parts pushed one point at a time (${POINTS.toLocaleString('en-US')} points, the test part replayed) into createStreamScorer with the CLI's default window detectors (runSeriesExperiment, no overrides, seed 42, trained once); compiled path against the tfjs path of the same run; points/s, per-push latency (median, p99), peak RSS at 10^4 and at the last point; load average beside.`,
  async run(): Promise<BenchRow[]> {
    const backend = (await initBackend()).name
    registerFastKernels()
    const loadBefore = loadAverage()
    const machine = await loadSmdMachine({ dataDir: sharedDir('datasets'), machine: MACHINE })
    const rows = await streamRows(`SMD ${MACHINE}`, { ...machine, name: `SMD ${MACHINE}` }, backend, true)
    // NAB's protocol: fit on the first min(floor(0.15 n), 750) rows (as the nab suite), stream the rest.
    const nab = await loadNabSeries({ dataDir: sharedDir('datasets'), name: NAB })
    const n = nab.values.length
    const prefix = Math.min(Math.floor(0.15 * n), 750)
    const nabInput: LabelledSeries = { name: `NAB ${NAB}`, train: { data: nab.values.slice(0, prefix), shape: [prefix, 1] }, test: { data: nab.values.slice(prefix), shape: [n - prefix, 1] }, testLabels: nab.labels.slice(prefix), featureNames: ['value'] }
    rows.push(...(await streamRows(`NAB ${NAB}`, nabInput, backend, false)))
    rows.push({ name: 'load average (1 / 5 / 15 min) at start → end', value: os.loadavg()[0], unit: '', note: `${loadBefore} → ${loadAverage()} on ${os.cpus().length} cores: shared machine, wall-clock figures` })
    return rows
  },
}

export default suite
