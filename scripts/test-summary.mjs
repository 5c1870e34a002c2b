#!/usr/bin/env node
// Sums the vitest JSON reports of every workspace into one closing line, "tests: N passed, N failed, N skipped",
// and says what the skipped tests need: a test that needs a dataset or the browser carries `[needs: mnist, nab]`
// in its title (tools/test-data's describeWith/testWith), so a skip is reported, never hidden.
// With AEDETECT_REQUIRE_ALL_TESTS=1 (.ci/run sets it: CI has ../shared and chromium) any skip fails the run.
// `--clean` deletes old reports first.
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'

const root = new URL('..', import.meta.url).pathname
const folders = ['packages', 'apps', 'tools'].flatMap((top) => (existsSync(join(root, top)) ? readdirSync(join(root, top)).map((name) => join(root, top, name)) : []))
folders.push(join(root, 'bench'))
const reports = folders.map((folder) => join(folder, '.vitest-report.json')).filter((file) => existsSync(file))

if (process.argv.includes('--clean')) {
  for (const file of reports) rmSync(file)
  process.exit(0)
}

const HOW = {
  chromium: 'the browser tests drive Debian chromium: apt-get install -y chromium',
  dataset: 'the real datasets: put them in $AEDETECT_DATA_DIR or ../shared/datasets beside the clone, e.g. `pnpm aedetect datasets fetch <name…> --data-dir ../shared/datasets`',
}

let passed = 0
let failed = 0
let failedFiles = 0
let skipped = 0
/** requirement → number of skipped tests that name it */
const needs = new Map()
let unexplained = 0
for (const file of reports) {
  const report = JSON.parse(readFileSync(file, 'utf8'))
  passed += report.numPassedTests
  failed += report.numFailedTests
  failedFiles += report.testResults.filter((r) => r.status === 'failed' && r.assertionResults.every((a) => a.status !== 'failed')).length
  for (const result of report.testResults) {
    for (const test of result.assertionResults) {
      if (test.status !== 'pending' && test.status !== 'skipped' && test.status !== 'todo') continue
      skipped += 1
      const tags = [...test.fullName.matchAll(/\[needs: ([^\]]+)\]/g)]
      if (tags.length === 0) {
        unexplained += 1
        continue
      }
      for (const need of new Set(tags.flatMap((tag) => tag[1].split(',').map((s) => s.trim())))) needs.set(need, (needs.get(need) ?? 0) + 1)
    }
  }
}

const lines = [`\n${reports.length} workspaces tested`]
lines.push(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped${failedFiles > 0 ? ` (${failedFiles} test files failed to run)` : ''}`)
const datasets = [...needs.keys()].filter((n) => n !== 'chromium').sort()
if (datasets.length > 0) lines.push(`  skipped for missing datasets: ${datasets.map((d) => `${d} (${needs.get(d)})`).join(', ')} — ${HOW.dataset.replace('<name…>', datasets.join(' '))}`)
if (needs.has('chromium')) lines.push(`  skipped for a missing browser: ${needs.get('chromium')} — ${HOW.chromium}`)
if (unexplained > 0) lines.push(`  skipped without a stated need: ${unexplained} — a committed .skip; remove it`)
const requireAll = process.env.AEDETECT_REQUIRE_ALL_TESTS === '1'
if (requireAll && skipped > 0) lines.push(`  AEDETECT_REQUIRE_ALL_TESTS=1: every test must run here, and ${skipped} did not`)
process.stdout.write(`${lines.join('\n')}\n`)
process.exitCode = failed > 0 || failedFiles > 0 || reports.length === 0 || unexplained > 0 || (requireAll && skipped > 0) ? 1 : 0
