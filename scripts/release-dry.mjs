#!/usr/bin/env node
// A release rehearsal that publishes nothing (see "Releasing" in the root README):
//   1. reads the pending changesets (`changeset status --output`): which package goes from which version to which;
//   2. runs scripts/check-packages.mjs: every package packed, publint + attw on the tarball, installed alone in an
//      empty project, its README example run;
//   3. packs every public workspace package once more and prints what `pnpm publish -r` would publish after
//      `pnpm changeset version`: name, version now → next, bump, changesets, tarball size and file count.
// Exits 1 when a check fails. Needs only the npm registry (for the install-alone step, npm's cache first).
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const root = new URL('..', import.meta.url).pathname
const work = mkdtempSync(join(tmpdir(), 'aedetect-release-dry-'))

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: root, encoding: 'utf8', ...options })
  if (result.error) throw result.error
  return result
}

// 1. pending changesets
const statusFile = join(work, 'status.json')
const status = run('pnpm', ['exec', 'changeset', 'status', `--output=${statusFile}`])
if (status.status !== 0) {
  process.stderr.write(`release-dry: changeset status failed:\n${status.stdout}${status.stderr}`)
  process.exit(1)
}
const releases = new Map(JSON.parse(readFileSync(statusFile, 'utf8')).releases.map((r) => [r.name, r]))

// 2. the package checks
process.stdout.write('== package checks (scripts/check-packages.mjs)\n')
const checks = run(process.execPath, [join(root, 'scripts', 'check-packages.mjs')], { stdio: 'inherit' })

// 3. what would be published
const publicPackages = ['packages', 'apps']
  .flatMap((top) => readdirSync(join(root, top)).map((name) => join(root, top, name)))
  .filter((dir) => statSync(join(dir, 'package.json'), { throwIfNoEntry: false }))
  .map((dir) => ({ dir, manifest: JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) }))
  .filter(({ manifest }) => manifest.private !== true)
const rows = []
for (const { dir, manifest } of publicPackages) {
  const dest = join(work, manifest.name.replace('/', '+'))
  const packed = run('pnpm', ['pack', '--json', '--pack-destination', dest], { cwd: dir })
  const info = packed.status === 0 ? JSON.parse(packed.stdout) : undefined
  const tarball = info ? statSync(info.filename).size : undefined
  const release = releases.get(manifest.name)
  rows.push([
    manifest.name,
    release ? `${manifest.version} → ${release.newVersion}` : `${manifest.version} (no changeset: stays)`,
    release ? release.type : '–',
    release ? String(release.changesets.length) : '0',
    tarball === undefined ? 'pack FAILED' : `${(tarball / 1024).toFixed(1)} kB`,
    info ? String(info.files.length) : '–',
  ])
}
const header = ['package', 'version', 'bump', 'changesets', 'tarball', 'files']
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)))
const line = (cells) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`
process.stdout.write(`\n== after \`pnpm changeset version\`, \`pnpm publish -r --access public\` would publish:\n`)
process.stdout.write(`${[line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n')}\n`)
process.stdout.write('\nNothing was published or versioned (dry run).\n')
rmSync(work, { recursive: true, force: true })
process.exitCode = checks.status === 0 && rows.every((r) => !r[4].includes('FAILED')) ? 0 : 1
