// @aedetect/datasets: CSV throughput and memory on a generated 10^6 × 10 numeric file, and the time to load
// the shared NAB and SMD folders. Each CSV reader runs in its own child Node process so that its peak RSS
// (process.resourceUsage().maxRSS) is its own; the reference is plain csv-parse streaming the same file
// (records counted, no conversion) in the same kind of child, so the ratio says what the conversion costs.
import { execFile } from 'node:child_process'
import { createWriteStream, existsSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { createRandom } from '@aedetect/core'
import { listNabSeries, listSmdMachines, loadNabSeries, loadSmdMachine } from '@aedetect/datasets/node'
import type { BenchRow, BenchSuite } from '../harness'

const ROWS = 1_000_000
const COLUMNS = 10
const SEED = 7
const ROUNDS = 2
const here = dirname(fileURLToPath(import.meta.url))
const benchDir = join(here, '..', '..')
const dataDir = join(process.env.AEDETECT_SHARED_DIR ?? join(benchDir, '..', '..', 'shared'), 'datasets')

/** Writes rowCount × COLUMNS seeded values (6 decimals, header f0…f9) to a file in the OS temp folder. */
async function writeCsv(path: string, rowCount: number): Promise<void> {
  const random = createRandom(SEED)
  const out = createWriteStream(path)
  const write = (text: string) => new Promise<void>((resolve) => (out.write(text) ? resolve() : out.once('drain', () => resolve())))
  await write(`${Array.from({ length: COLUMNS }, (_, j) => `f${j}`).join(',')}\n`)
  let chunk = ''
  for (let r = 0; r < rowCount; r++) {
    const cells = new Array<string>(COLUMNS)
    for (let j = 0; j < COLUMNS; j++) cells[j] = (random.nextNormal() * 10).toFixed(6)
    chunk += `${cells.join(',')}\n`
    if (chunk.length > 1 << 20) {
      await write(chunk)
      chunk = ''
    }
  }
  await write(chunk)
  await new Promise<void>((resolve) => out.end(resolve))
}

// Child programs: each prints { rows, ms, baselineRss, peakRss } (bytes) as JSON.
const CHILD: Record<string, string> = {
  streamCsv: `import { streamCsv } from '@aedetect/datasets/node'
    const base = process.memoryUsage().rss; const t = performance.now(); let rows = 0
    for await (const b of streamCsv(process.argv[1], { batchSize: 10000 })) rows += b.x.shape[0]
    console.log(JSON.stringify({ rows, ms: performance.now() - t, baselineRss: base, peakRss: process.resourceUsage().maxRSS * 1024 }))`,
  readCsv: `import { readCsv } from '@aedetect/datasets/node'
    const base = process.memoryUsage().rss; const t = performance.now()
    const table = await readCsv(process.argv[1])
    console.log(JSON.stringify({ rows: table.rowCount, ms: performance.now() - t, baselineRss: base, peakRss: process.resourceUsage().maxRSS * 1024 }))`,
  csvParse: `import { createReadStream } from 'node:fs'
    import { parse } from 'csv-parse'
    const base = process.memoryUsage().rss; const t = performance.now(); let rows = 0
    for await (const r of createReadStream(process.argv[1]).pipe(parse({ from_line: 2 }))) rows++
    console.log(JSON.stringify({ rows, ms: performance.now() - t, baselineRss: base, peakRss: process.resourceUsage().maxRSS * 1024 }))`,
}

interface ChildResult {
  rows: number
  ms: number
  baselineRss: number
  peakRss: number
}

async function runChild(program: string, path: string): Promise<ChildResult> {
  const cwd = benchDir
  const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', CHILD[program], path], { cwd, maxBuffer: 1 << 20 })
  return JSON.parse(stdout.trim().split('\n').pop() as string) as ChildResult
}

const MB = 1024 * 1024

const suite: BenchSuite = {
  name: 'datasets',
  description: `CSV: a seeded ${ROWS.toLocaleString('en-US')} × ${COLUMNS} numeric file in the OS temp folder, each reader in its own child process (peak RSS = maxRSS), best of ${ROUNDS} interleaved rounds; reference: plain csv-parse streaming the same file. Loading: all NAB series and all SMD machines of ../shared/datasets, checksums included.`,
  async run(): Promise<BenchRow[]> {
    const path = join(tmpdir(), `aedetect-bench-${ROWS}x${COLUMNS}.csv`)
    const smallPath = join(tmpdir(), `aedetect-bench-${ROWS / 10}x${COLUMNS}.csv`)
    if (!existsSync(path)) await writeCsv(path, ROWS)
    if (!existsSync(smallPath)) await writeCsv(smallPath, ROWS / 10)
    const fileBytes = statSync(path).size
    const rows: BenchRow[] = []
    try {
      // Flat memory: the same stream over a file 10× smaller should peak at about the same RSS.
      const small = await runChild('streamCsv', smallPath)
      // Interleaved rounds, best of each: the machine is shared, so a single sequential run says little.
      const best: Record<string, ChildResult> = {}
      for (let round = 0; round < ROUNDS; round++) {
        for (const program of ['csvParse', 'streamCsv', 'readCsv']) {
          const result = await runChild(program, path)
          if (!best[program] || result.ms < best[program].ms) best[program] = result
        }
      }
      const reference = best.csvParse
      const stream = best.streamCsv
      const whole = best.readCsv
      const rate = (r: ChildResult) => r.rows / (r.ms / 1000)
      rows.push({ name: 'csv-parse stream, records only (reference)', value: rate(reference), unit: 'rows/s', note: `peak RSS ${(reference.peakRss / MB).toFixed(0)} MB` })
      rows.push({ name: 'streamCsv rows/s (batches of 10,000)', value: rate(stream), unit: 'rows/s', reference: rate(reference), ratio: rate(stream) / rate(reference) })
      rows.push({ name: 'readCsv rows/s (whole file in memory)', value: rate(whole), unit: 'rows/s', reference: rate(reference), ratio: rate(whole) / rate(reference) })
      rows.push({ name: 'file size', value: fileBytes / MB, unit: 'MB' })
      rows.push({ name: `streamCsv peak RSS, ${ROWS.toLocaleString('en-US')}-row file`, value: stream.peakRss / MB, unit: 'MB', reference: fileBytes / MB, ratio: stream.peakRss / fileBytes, note: `${((stream.peakRss - stream.baselineRss) / MB).toFixed(0)} MB above the process at start` })
      rows.push({ name: `streamCsv peak RSS, ${(ROWS / 10).toLocaleString('en-US')}-row file (${(statSync(smallPath).size / MB).toFixed(1)} MB)`, value: small.peakRss / MB, unit: 'MB', reference: stream.peakRss / MB, ratio: small.peakRss / stream.peakRss, note: 'flat memory: close to the 10× larger file' })
      rows.push({ name: 'readCsv peak RSS', value: whole.peakRss / MB, unit: 'MB', reference: fileBytes / MB, ratio: whole.peakRss / fileBytes, note: `${((whole.peakRss - whole.baselineRss) / MB).toFixed(0)} MB above the process at start` })
      if (stream.rows !== ROWS || whole.rows !== ROWS || reference.rows !== ROWS) throw new Error(`row counts ${stream.rows} / ${whole.rows} / ${reference.rows}; expected ${ROWS}`)
    } finally {
      rmSync(path, { force: true })
      rmSync(smallPath, { force: true })
    }

    let started = performance.now()
    let points = 0
    const series = listNabSeries({ dataDir })
    for (const info of series) points += (await loadNabSeries({ dataDir, name: info.key })).values.length
    rows.push({ name: `load all NAB series (${series.length}, ${points.toLocaleString('en-US')} rows)`, value: performance.now() - started, unit: 'ms' })

    started = performance.now()
    let smdRows = 0
    const machines = listSmdMachines({ dataDir })
    for (const machine of machines) {
      const smd = await loadSmdMachine({ dataDir, machine })
      smdRows += smd.train.shape[0] + smd.test.shape[0]
    }
    rows.push({ name: `load all SMD machines (${machines.length}, ${smdRows.toLocaleString('en-US')} rows × 38)`, value: performance.now() - started, unit: 'ms' })
    return rows
  },
}

export default suite
