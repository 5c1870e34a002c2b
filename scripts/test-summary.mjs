#!/usr/bin/env node
// Sums the vitest JSON reports of every workspace package into one closing line, "tests: N passed, N failed,
// N skipped", so the whole monorepo's result reads in one place. `--clean` deletes old reports first.
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'

const root = new URL('..', import.meta.url).pathname
const folders = ['packages', 'apps'].flatMap((top) => (existsSync(join(root, top)) ? readdirSync(join(root, top)).map((name) => join(root, top, name)) : []))
folders.push(join(root, 'bench'))
const reports = folders.map((folder) => join(folder, '.vitest-report.json')).filter((file) => existsSync(file))

if (process.argv.includes('--clean')) {
  for (const file of reports) rmSync(file)
  process.exit(0)
}

let passed = 0
let failed = 0
let skipped = 0
for (const file of reports) {
  const report = JSON.parse(readFileSync(file, 'utf8'))
  passed += report.numPassedTests
  failed += report.numFailedTests
  skipped += report.numPendingTests + (report.numTodoTests ?? 0)
}
process.stdout.write(`\n${reports.length} packages tested\ntests: ${passed} passed, ${failed} failed, ${skipped} skipped\n`)
process.exitCode = failed > 0 || reports.length === 0 ? 1 : 0
