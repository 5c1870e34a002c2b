// Scoring on every core (issue 22): `aedetect score --workers 2` against `--workers 1` on a 10^6-row CSV, in the
// same run, interleaved (1, 2, 2, 1, … so drift in the machine's load hits both alike). The CSV: the 5,000 bundled
// ECG5000 beats (140 columns, 7 significant digits, a header t0 … t139) repeated to AEDETECT_WORKERS_ROWS rows
// (default 10^6, ~1.4 GB), written to a fresh folder under AEDETECT_WORKERS_DIR (default the OS temporary
// folder; removed at the end). The detector: `aedetect train` with its defaults on ECG5000 (seed 42), in that
// folder. Both runs use `--backend wasm` and `--output` (atomic write); their outputs must be the same bytes.
// Figures: median wall time and rows/s of each worker count over AEDETECT_WORKERS_ROUNDS rounds (default 2), the
// ratio (target >= 1.7 on a 2-core machine), and the load average before and after: the machine is shared, so a
// ratio taken under load must be re-measured quiet. `--workers 1` is the one-thread path (streamCsv) and the workers
// parse with parseCsv: since session 9 both run the datasets package's own tokenizer (streamCsv used csv-parse,
// ~2.5x slower, which flattered the ratio), so the ratio is the threads' gain; a worker pool (openDetectorWorkers) scoring an in-memory array (200,000 rows, 2
// workers against 1, pools started beforehand) gives the threads' gain alone.
import { execFile } from 'node:child_process'
import { createHash } from 'node:crypto'
import { once } from 'node:events'
import { createReadStream, createWriteStream } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { availableParallelism, loadavg, tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { Worker } from 'node:worker_threads'
import { loadEcg5000 } from '@aedetect/datasets/node'
import { openDetectorWorkers, type DetectorWorkers } from '@aedetect/detector/node'
import { initBackend, registerFastKernels } from '@aedetect/models'
import type { BenchRow, BenchSuite } from '../harness'
import { median } from '../_shared'

const run = promisify(execFile)
const cli = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'apps', 'cli', 'dist', 'bin.js')
const ROWS = Number(process.env.AEDETECT_WORKERS_ROWS ?? 1_000_000)
const ROUNDS = Number(process.env.AEDETECT_WORKERS_ROUNDS ?? 2)
const ARRAY_ROWS = 200_000
const TARGET = 1.7

async function writeCsv(path: string, lines: string[], header: string): Promise<void> {
  const out = createWriteStream(path)
  const write = async (text: string): Promise<void> => {
    if (!out.write(text)) await once(out, 'drain')
  }
  await write(`${header}\n`)
  for (let start = 0; start < ROWS; start += 10_000) {
    const block: string[] = []
    for (let i = start; i < Math.min(ROWS, start + 10_000); i++) block.push(lines[i % lines.length])
    await write(`${block.join('\n')}\n`)
  }
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())))
}

async function sha256(path: string): Promise<string> {
  const hash = createHash('sha256')
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer)
  return hash.digest('hex')
}

/** Scores `x` ([n, 140]) on the pool in chunks of 10,000 rows, two per worker in flight, in order. */
async function scoreArray(pool: DetectorWorkers, x: Float32Array): Promise<Float32Array> {
  const n = x.length / 140
  const out = new Float32Array(n)
  const inFlight: Array<{ start: number; done: Promise<{ scores: Float32Array }> }> = []
  const take = async (): Promise<void> => {
    const { start, done } = inFlight.shift() as (typeof inFlight)[number]
    out.set((await done).scores, start)
  }
  for (let start = 0; start < n; start += 10_000) {
    const rows = Math.min(10_000, n - start)
    inFlight.push({ start, done: pool.score(x.slice(start * 140, (start + rows) * 140), rows) })
    if (inFlight.length >= 2 * pool.workers) await take()
  }
  while (inFlight.length > 0) await take()
  return out
}

const SPIN = `const { parentPort } = require('node:worker_threads'); const t = Date.now(); let i = 0; while (Date.now() - t < 2000) i++; parentPort.postMessage(i)`

/**
 * The cores this process gets right now: process CPU time over wall time while 2 threads spin for 2 s (2.00 on
 * an idle 2-core machine; 1.00 when another process holds a core, and then no thread count can beat one core).
 */
async function coresAvailable(): Promise<number> {
  const cpu = process.cpuUsage()
  const started = performance.now()
  await Promise.all([0, 1].map(() => new Promise((resolve) => new Worker(SPIN, { eval: true }).once('message', resolve))))
  const used = process.cpuUsage(cpu)
  return (used.user + used.system) / 1000 / (performance.now() - started)
}

const load = (): string => loadavg().map((v) => v.toFixed(2)).join(' ')

const suite: BenchSuite = {
  name: 'workers',
  description: `aedetect score --workers 2 against --workers 1 on ${ROWS.toLocaleString('en-US')} ECG5000-shaped rows (the CLI's default ECG5000 detector, seed 42, wasm), ${ROUNDS} interleaved rounds, median wall time; outputs compared byte for byte; a pool of 2 workers against 1 on ${ARRAY_ROWS.toLocaleString('en-US')} rows in memory.`,
  async run() {
    const dir = await mkdtemp(join(process.env.AEDETECT_WORKERS_DIR ?? tmpdir(), 'aedetect-bench-workers-'))
    const rows: BenchRow[] = []
    try {
      const ecg = await loadEcg5000()
      const lines = Array.from({ length: 5000 }, (_, i) => Array.from(ecg.x.data.subarray(i * 140, (i + 1) * 140), (v) => v.toPrecision(7)).join(','))
      const input = join(dir, 'big.csv')
      await writeCsv(input, lines, ecg.featureNames.join(','))
      const model = join(dir, 'model')
      await run('node', [cli, 'train', '--data', 'ecg5000', '--backend', 'wasm', '--out', model, '--json'], { maxBuffer: 64 << 20 })
      const loadBefore = load()
      const coresBefore = await coresAvailable()
      const wall: Record<1 | 2, number[]> = { 1: [], 2: [] }
      const sums = new Set<string>()
      for (let round = 0; round < ROUNDS; round++) {
        for (const workers of (round % 2 === 0 ? [1, 2] : [2, 1]) as Array<1 | 2>) {
          const output = join(dir, `scores-${workers}.csv`)
          const started = performance.now()
          await run('node', [cli, 'score', '--model', model, '--input', input, '--output', output, '--backend', 'wasm', '--workers', String(workers)], { maxBuffer: 64 << 20 })
          wall[workers].push(performance.now() - started)
          sums.add(await sha256(output))
          await rm(output)
        }
      }
      const one = median(wall[1])
      const two = median(wall[2])
      const ratio = one / two
      rows.push(
        { name: 'score --workers 1 wall time', value: one, unit: 'ms', note: `${ROWS} rows` },
        { name: 'score --workers 1 rows/s', value: ROWS / (one / 1000), unit: 'rows/s' },
        { name: 'score --workers 2 wall time', value: two, unit: 'ms' },
        { name: 'score --workers 2 rows/s', value: ROWS / (two / 1000), unit: 'rows/s', reference: ROWS / (one / 1000), ratio, target: `>= ${TARGET}`, met: ratio >= TARGET, note: `${availableParallelism()} cores; load average ${loadBefore} before, ${load()} after (1, 5, 15 min): re-measure quiet` },
        { name: 'cores available to this run (2 spinning threads, CPU time / wall time)', value: coresBefore, unit: 'cores', note: `after the score runs: ${(await coresAvailable()).toFixed(2)}; below ~1.9 the ratio above cannot show the threads' gain` },
        { name: 'outputs identical (1 = same bytes)', value: sums.size === 1 ? 1 : 0, unit: '', target: '1', met: sums.size === 1 },
      )
      // The threads alone: the same in-memory rows scored by a pool of 1 and of 2 workers (no CSV parsing), the
      // pools started beforehand (their start, which loads tfjs and the detector in each thread, is timed apart).
      await initBackend({ backend: 'wasm' })
      registerFastKernels()
      const x = new Float32Array(ARRAY_ROWS * 140)
      for (let i = 0; i < ARRAY_ROWS; i++) x.set(ecg.x.data.subarray((i % 5000) * 140, (i % 5000 + 1) * 140), i * 140)
      const startMs: Record<1 | 2, number> = { 1: 0, 2: 0 }
      const pools = {} as Record<1 | 2, DetectorWorkers>
      for (const workers of [1, 2] as const) {
        const started = performance.now()
        pools[workers] = await openDetectorWorkers(model, { workers, backend: 'wasm' })
        startMs[workers] = performance.now() - started
      }
      const arrayWall: Record<1 | 2, number[]> = { 1: [], 2: [] }
      let same = true
      let first: Float32Array | undefined
      try {
        for (let round = 0; round < ROUNDS + 1; round++) {
          for (const workers of (round % 2 === 0 ? [1, 2] : [2, 1]) as Array<1 | 2>) {
            const started = performance.now()
            const scores = await scoreArray(pools[workers], x)
            // Round 0 warms both pools up (first calls compile and allocate): not timed.
            if (round > 0) arrayWall[workers].push(performance.now() - started)
            first ??= scores
            same &&= Buffer.from(scores.buffer).equals(Buffer.from(first.buffer))
          }
        }
      } finally {
        await Promise.all([pools[1].close(), pools[2].close()])
      }
      const a1 = median(arrayWall[1])
      const a2 = median(arrayWall[2])
      rows.push(
        { name: 'worker pool start, 1 / 2 workers', value: startMs[1], unit: 'ms', note: `2 workers: ${startMs[2].toFixed(0)} ms` },
        { name: 'scoring on 1 worker rows/s (array)', value: ARRAY_ROWS / (a1 / 1000), unit: 'rows/s', note: `${ARRAY_ROWS} rows, chunks of 10,000` },
        { name: 'scoring on 2 workers rows/s (array)', value: ARRAY_ROWS / (a2 / 1000), unit: 'rows/s', reference: ARRAY_ROWS / (a1 / 1000), ratio: a1 / a2, note: `${same ? 'same scores bit for bit' : 'SCORES DIFFER'}; load average ${load()}` },
      )
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
    return rows
  },
}

export default suite
