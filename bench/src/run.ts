// Runs the benchmark suites: `pnpm bench` (all) or `pnpm bench <suite> [<suite> …]`; each suite writes
// bench/results/<suite>.json and <suite>.svg (src/plots/) and prints a table. `pnpm bench --quick
// [--update-baseline]` runs the gated quick profile (src/quick.ts); `pnpm bench compare A.json B.json` prints two records side by side.
import { existsSync } from 'node:fs'
import { mkdir, readdir, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import os from 'node:os'
import { formatRatios } from './baseline'
import type { BenchRow, BenchSuite } from './harness'
import { quickPlotSvg } from './plots/quick-plot'
import { suitePlotSvg } from './plots/suite-plot'
import { BASELINE_PATH, gate, readRecord, runQuickProfile, writeBaseline } from './quick'

const here = dirname(fileURLToPath(import.meta.url))
const resultsDir = join(here, '..', 'results')

async function main(): Promise<void> {
  const args = process.argv.slice(2)
  if (args[0] === 'compare') {
    if (args.length !== 3) {
      process.stderr.write('bench compare: expected two record files, e.g. pnpm bench compare bench/baseline.json bench/results/quick.json\n')
      process.exitCode = 2
      return
    }
    const [a, b] = await Promise.all([readRecord(args[1]), readRecord(args[2])])
    process.stdout.write(`A = ${args[1]} (${a.commit}, ${a.date.slice(0, 10)})\nB = ${args[2]} (${b.commit}, ${b.date.slice(0, 10)})\n${formatRatios(a, b)}\n`)
    return
  }
  if (args.includes('--quick')) {
    await mkdir(resultsDir, { recursive: true })
    const started = performance.now()
    const record = await runQuickProfile()
    await writeFile(join(resultsDir, 'quick.json'), `${JSON.stringify(record, null, 2)}\n`)
    // The plot compares with the baseline as it was before this run (also when --update-baseline rewrites it); a
    // first run, with no baseline yet, has nothing to plot against.
    const plotted = existsSync(BASELINE_PATH)
    if (plotted) await writeFile(join(resultsDir, 'quick.svg'), await quickPlotSvg(await readRecord(BASELINE_PATH), record))
    process.stdout.write(`quick profile: ${record.figures.length} figures in ${((performance.now() - started) / 1000).toFixed(0)} s, written to bench/results/quick.json${plotted ? ' and quick.svg' : ''}\n`)
    if (args.includes('--update-baseline')) {
      await writeBaseline(record)
      process.stdout.write(`baseline rewritten: ${BASELINE_PATH}\n`)
      return
    }
    if (!(await gate(record))) process.exitCode = 1
    return
  }
  const wanted = args
  const files = (await readdir(join(here, 'suites'))).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts')).sort()
  const names = files.map((f) => f.replace(/\.ts$/, ''))
  const unknown = wanted.filter((w) => !names.includes(w))
  if (unknown.length > 0) {
    process.stderr.write(`bench: unknown suite(s) ${unknown.join(', ')}; available: ${names.join(', ')}\n`)
    process.exitCode = 2
    return
  }
  await mkdir(resultsDir, { recursive: true })
  for (const name of wanted.length > 0 ? wanted : names) {
    const suite = (await import(join(here, 'suites', `${name}.ts`))).default as BenchSuite
    process.stdout.write(`\n## ${suite.name}\n${suite.description}\n`)
    const started = performance.now()
    const rows = await suite.run()
    const wallMs = performance.now() - started
    printTable(rows)
    const record = { suite: suite.name, description: suite.description, date: new Date().toISOString(), node: process.version, cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, wallMs, rows }
    await writeFile(join(resultsDir, `${name}.json`), `${JSON.stringify(record, null, 2)}\n`)
    await writeFile(join(resultsDir, `${name}.svg`), await suitePlotSvg(suite.name, rows))
    process.stdout.write(`(${(wallMs / 1000).toFixed(1)} s; written to bench/results/${name}.json and ${name}.svg)\n`)
  }
}

function printTable(rows: BenchRow[]): void {
  const cells = rows.map((r) => [r.name, formatNumber(r.value), r.unit, r.reference === undefined ? '' : formatNumber(r.reference), r.ratio === undefined ? '' : r.ratio.toFixed(3), r.target ?? '', r.met === undefined ? '' : r.met ? 'yes' : 'NO', r.note ?? ''])
  const header = ['figure', 'value', 'unit', 'reference', 'ratio', 'target', 'met', 'note']
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)))
  const line = (c: string[]) => `| ${c.map((v, i) => v.padEnd(widths[i])).join(' | ')} |`
  process.stdout.write(`${line(header)}\n|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|\n${cells.map(line).join('\n')}\n`)
}

function formatNumber(v: number): string {
  if (!Number.isFinite(v)) return String(v)
  if (Math.abs(v) >= 1000) return Math.round(v).toLocaleString('en-US')
  if (Math.abs(v) >= 1) return v.toFixed(2)
  return v.toFixed(4)
}

main().catch((error) => {
  process.stderr.write(`bench: ${(error as Error).stack ?? String(error)}\n`)
  process.exitCode = 1
})
