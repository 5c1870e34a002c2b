#!/usr/bin/env node
// Checks that the packages are the product (STYLE.md §9): for each @aedetect package, after `pnpm build`,
//   1. packs it with `pnpm pack` (pnpm rewrites `workspace:^` to real versions, as a publish would);
//   2. lints the tarball with `publint --strict` and `attw` (are-the-types-wrong);
//   3. installs the tarball ALONE with npm in an empty project outside the repository (its @aedetect dependencies as
//      tarballs too, its peers from the registry), checks that every entry loads through both `import()` and
//      `require()` with the same names and without side effects, and runs the README example there, comparing what
//      it prints with the output block shown under it;
//   4. for a package with a required peer (@tensorflow/tfjs), installs its tarball alone again with
//      `--legacy-peer-deps` and without that peer, and checks that importing and requiring each entry fails with one
//      line naming the install command (scripts/peer-guard.mjs), no stack;
//   5. prints a table and exits 1 on any failure.
//
// Usage: node scripts/check-packages.mjs [core preprocessing …] [--keep] [--verbose]
//   --keep     leave the temporary folder (tarballs, one project per package) for inspection
//   --verbose  print every command with its duration
// Needs only the npm registry (npm's cache is used first: --prefer-offline).
//
// attw runs with its default 'strict' profile, node10 resolution included, rather than `--profile node16`: node10 is
// what TypeScript still uses for `moduleResolution: "node"` (the default for `module: "commonjs"`), and such a
// project runs on Node >= 20, which does honour `exports`. So only the *types* of the `/node` subpaths were missing
// there; `typesVersions` in datasets, models and detector supplies them and costs nothing under node16/bundler.
//
// README conventions this script relies on (STYLE.md §7):
//   - the first ```js (or ```mjs) block is the example: plain JavaScript ESM, since Node 20 cannot run TypeScript;
//   - the first ``` / ```text block after it, in the same section, is its exact output (trailing spaces ignored);
//     `<!-- check-packages: numbers within 0.001 -->` in that section compares numbers with that absolute tolerance;
//   - every package the example imports is named in the README's Install section (a user with pnpm's strict
//     node_modules cannot import what they did not install);
//   - if the package keeps the example as a file (examples/readme.mjs, readme-example.mjs, example.mjs, or
//     scripts/README-examples/<package>.mjs), the README block is that file verbatim.
//
// Not checked: that the example type-checks. `tsc --checkJs` against the tarballs works, but needs --skipLibCheck
// (tfjs-core 4.22's hash_util.d.ts names an undeclared `Long`), flags JS inference quirks that are no type bug, and
// loading the TensorFlow.js declarations doubled this script's CPU time.
import { spawn } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const bin = (name) => join(root, 'node_modules', '.bin', name)
const ALL = ['core', 'preprocessing', 'metrics', 'datasets', 'tfjs-kernels', 'models', 'detector', 'charts', 'evaluation']
// Two cores in CI: installs are mostly disk and network, examples mostly one core each.
const CONCURRENCY = 3
const EXAMPLE_TIMEOUT_MS = 240_000

const started = Date.now()
const argv = process.argv.slice(2)
const keep = argv.includes('--keep')
const verbose = argv.includes('--verbose')
const unknownFlags = argv.filter((a) => a.startsWith('--') && a !== '--keep' && a !== '--verbose')
const requested = argv.filter((a) => !a.startsWith('--')).map((a) => a.replace(/^@aedetect\//, ''))
if (unknownFlags.length > 0 || requested.some((p) => !ALL.includes(p))) {
  process.stderr.write(`check-packages: unknown argument ${[...unknownFlags, ...requested.filter((p) => !ALL.includes(p))].join(', ')}; expected package names among ${ALL.join(', ')} and the flags --keep, --verbose\n`)
  process.exit(2)
}
const targets = requested.length > 0 ? ALL.filter((p) => requested.includes(p)) : ALL

const manifests = Object.fromEntries(ALL.map((p) => [p, JSON.parse(readFileSync(join(root, 'packages', p, 'package.json'), 'utf8'))]))
const short = (name) => name.replace(/^@aedetect\//, '')
const readmes = {}

/** The package and every @aedetect package it depends on, transitively, dependencies first. */
function closure(pkg, seen = new Set()) {
  if (seen.has(pkg)) return []
  seen.add(pkg)
  const deps = Object.keys(manifests[pkg].dependencies ?? {}).filter((d) => d.startsWith('@aedetect/')).map(short)
  return [...deps.flatMap((d) => closure(d, seen)), pkg]
}

/**
 * Peers to install beside the package: each peer of the package or of an @aedetect dependency, at the exact version the
 * declaring package develops against (its devDependencies); optional peers without such a version are left out
 * (`@tensorflow/tfjs-node` cannot install here: its install script downloads libtensorflow).
 */
function peersOf(pkg) {
  const peers = new Map()
  for (const member of closure(pkg)) {
    const m = manifests[member]
    for (const [name, range] of Object.entries(m.peerDependencies ?? {})) {
      const dev = m.devDependencies?.[name]
      const optional = m.peerDependenciesMeta?.[name]?.optional === true
      if (dev !== undefined) peers.set(name, `${name}@${dev}`)
      else if (!optional && !peers.has(name)) peers.set(name, `${name}@${range}`)
    }
  }
  return peers
}

/** Runs a command; resolves with its exit code, output and duration (never rejects). */
function run(cmd, args, { cwd = root, env = process.env, timeoutMs = 300_000 } = {}) {
  const started = Date.now()
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    let timedOut = false
    child.stdout.on('data', (d) => (stdout += d))
    child.stderr.on('data', (d) => (stderr += d))
    const timer = setTimeout(() => {
      timedOut = true
      child.kill('SIGKILL')
    }, timeoutMs)
    const done = (code) => {
      clearTimeout(timer)
      const ms = Date.now() - started
      if (verbose) process.stderr.write(`  ${(ms / 1000).toFixed(1).padStart(5)} s  ${relative(root, cwd) || '.'}$ ${cmd} ${args.join(' ')}\n`)
      resolve({ code: timedOut ? null : code, stdout, stderr, ms, timedOut })
    }
    child.on('error', (error) => {
      stderr += String(error)
      done(127)
    })
    child.on('close', done)
  })
}

async function pool(items, limit, fn) {
  const results = new Array(items.length)
  let next = 0
  const worker = async () => {
    while (next < items.length) {
      const i = next++
      results[i] = await fn(items[i], i)
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
  return results
}

const tail = (text, lines = 15) => text.trim().split('\n').slice(-lines).map((l) => `      ${l}`).join('\n')

// ---------------------------------------------------------------- dist present (the script checks builds, it does not make them)
/** Files named by `exports` (wildcards skipped); each must exist after `pnpm build`. */
function exportTargets(m) {
  const targets = []
  const walk = (v) => (typeof v === 'string' ? targets.push(v) : v && typeof v === 'object' && Object.values(v).forEach(walk))
  walk(m.exports)
  return targets.filter((t) => !t.includes('*'))
}
const needed = [...new Set(targets.flatMap((p) => installSet(p)))]
const missing = needed.flatMap((p) => exportTargets(manifests[p]).filter((t) => !existsSync(join(root, 'packages', p, t))).map((t) => `packages/${p}/${t}`))
if (missing.length > 0) {
  process.stderr.write(`check-packages: missing build output ${missing.join(', ')}. Run \`pnpm build\` first.\n`)
  process.exit(1)
}
const newest = (dir) =>
  readdirSync(dir, { withFileTypes: true }).reduce((t, e) => Math.max(t, e.isDirectory() ? newest(join(dir, e.name)) : /\.test(-d)?\.ts$/.test(e.name) ? 0 : statSync(join(dir, e.name)).mtimeMs), 0)
for (const p of needed) {
  const dist = join(root, 'packages', p, 'dist')
  const built = Math.min(...readdirSync(dist).map((f) => statSync(join(dist, f)).mtimeMs))
  if (newest(join(root, 'packages', p, 'src')) > built) process.stderr.write(`note: packages/${p}/src changed after its dist was built; the tarball holds the older build (run \`pnpm build\`).\n`)
}

// ---------------------------------------------------------------- 1. pack
const work = mkdtempSync(join(tmpdir(), 'aedetect-check-'))
const tarballs = {}
const packFailures = {}
await pool(needed, CONCURRENCY, async (p) => {
  const dest = join(work, 'tarballs', p)
  mkdirSync(dest, { recursive: true })
  const r = await run('pnpm', ['pack', '--pack-destination', dest], { cwd: join(root, 'packages', p) })
  const file = r.code === 0 ? readdirSync(dest).find((f) => f.endsWith('.tgz')) : undefined
  if (file === undefined) packFailures[p] = `pnpm pack failed:\n${tail(r.stdout + r.stderr)}`
  else tarballs[p] = { path: join(dest, file), bytes: statSync(join(dest, file)).size }
})

// ---------------------------------------------------------------- 2. lint
async function lint(p) {
  const tgz = tarballs[p].path
  const [publint, attw] = await Promise.all([
    run(bin('publint'), ['run', '--strict', tgz]),
    run(bin('attw'), [tgz, '--format', 'json', '--no-definitely-typed']),
  ])
  return {
    publint: publint.code === 0 ? { ok: true } : { ok: false, detail: `publint --strict:\n${tail(publint.stdout + publint.stderr, 30)}` },
    attw: attwVerdict(attw),
  }
}

/** attw exits 0 for a package without any types ("This package does not contain types"): that fails here too. */
function attwVerdict(r) {
  let report
  try {
    report = JSON.parse(r.stdout)
  } catch {
    return { ok: false, detail: `attw (exit ${r.code}):\n${tail(r.stdout + r.stderr, 30)}` }
  }
  if (report.analysis?.types === false) return { ok: false, detail: 'attw: the tarball contains no type declarations (run `pnpm build`: tsup writes them last)' }
  const problems = Object.values(report.problems ?? report.analysis?.problems ?? {}).flat()
  if (r.code === 0 && problems.length === 0) return { ok: true }
  return { ok: false, detail: `attw: ${problems.map((q) => `${q.kind}${q.entrypoint ? ` at ${q.entrypoint}` : ''}${q.resolutionKind ? ` (${q.resolutionKind})` : ''}`).join('; ') || `exit ${r.code}`}; see https://github.com/arethetypeswrong/arethetypeswrong.github.io/tree/main/docs/problems` }
}

// ---------------------------------------------------------------- 3a. install alone
const cleanEnv = () => {
  // The example must run on bundled or inline data: hide the repository's data folders from it.
  const env = { ...process.env }
  for (const k of ['AEDETECT_DATA_DIR', 'AEDETECT_SHARED_DIR', 'NODE_OPTIONS', 'NODE_PATH']) delete env[k]
  return env
}

/**
 * The @aedetect packages installed beside `p`: its own closure, plus those its README's Install commands name (an
 * example may load the bundled ECG5000 from @aedetect/datasets), each with its closure.
 */
function installSet(p) {
  const readme = readmeOf(p)
  const named = ALL.filter((q) => q !== p && new RegExp(`@aedetect/${q}(?![\\w-])`).test(readme.install ?? ''))
  return [...new Set([...named.flatMap((q) => closure(q)), ...closure(p)])]
}

async function install(p, project) {
  mkdirSync(project, { recursive: true })
  const init = await run('npm', ['init', '-y'], { cwd: project })
  if (init.code !== 0) return { ok: false, detail: `npm init -y failed:\n${tail(init.stderr)}` }
  const peers = new Map(installSet(p).flatMap((q) => [...peersOf(q)]))
  const specs = [...installSet(p).map((q) => tarballs[q].path), ...peers.values()]
  const r = await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--ignore-scripts', '--loglevel=error', ...specs], { cwd: project, env: cleanEnv() })
  if (r.code !== 0) return { ok: false, detail: `npm install ${specs.map((s) => relative(work, s)).join(' ')} failed:\n${tail(r.stdout + r.stderr)}` }
  // Exactly one copy of each @aedetect package, the packed version: npm must not have fetched one from the registry.
  const copies = []
  const scan = (dir, depth) => {
    const scoped = join(dir, 'node_modules', '@aedetect')
    if (existsSync(scoped)) for (const name of readdirSync(scoped)) copies.push(join(scoped, name))
    const nm = join(dir, 'node_modules')
    if (depth < 4 && existsSync(nm))
      for (const e of readdirSync(nm)) for (const d of e.startsWith('@') ? readdirSync(join(nm, e)).map((s) => join(nm, e, s)) : [join(nm, e)]) scan(d, depth + 1)
  }
  scan(project, 0)
  const expected = installSet(p).map((q) => join(project, 'node_modules', '@aedetect', q))
  const extra = copies.filter((c) => !expected.includes(c))
  if (extra.length > 0) return { ok: false, detail: `npm installed other copies of @aedetect packages: ${extra.map((c) => relative(project, c)).join(', ')}` }
  for (const q of installSet(p)) {
    const got = JSON.parse(readFileSync(join(project, 'node_modules', '@aedetect', q, 'package.json'), 'utf8')).version
    if (got !== manifests[q].version) return { ok: false, detail: `@aedetect/${q} installed at ${got}, packed ${manifests[q].version}` }
  }
  return { ok: true, ms: r.ms }
}

// ---------------------------------------------------------------- 3b. entries load (ESM and CJS), quietly
// The probe first loads the package's peers (TensorFlow.js's own import-time work is not ours), takes a snapshot of
// what an import could change — globals, and for TF.js the registered backends and kernels, the serializable layer
// classes and the chosen backend — then imports every entry and compares. STYLE.md §1: no backend selection, no layer
// registration, no logging at import time. The probe's process must also exit by itself (no timer left running).
const probe = (kind, entries, peers) => `${kind === 'esm' ? '' : 'const load = (s) => require(s)\n'}${kind === 'esm' ? 'const load = (s) => import(s)\n' : ''}
;(async () => {
  for (const peer of ${JSON.stringify(peers)}) await load(peer)
  const tf = ${peers.includes('@tensorflow/tfjs') ? "await load('@tensorflow/tfjs')" : 'null'}
  const snapshot = () => ({
    globals: Object.getOwnPropertyNames(globalThis).sort(),
    backends: tf ? Object.keys(tf.engine().registryFactory).sort() : [],
    backend: tf ? tf.engine().backendName ?? null : null,
    kernels: tf ? Object.keys(tf.engine().registryFactory).map((b) => b + ':' + tf.getKernelsForBackend(b).length) : [],
    layers: tf ? Object.keys(tf.serialization.SerializationMap.getMap().classNameMap).sort() : [],
  })
  const before = snapshot()
  const entries = {}
  for (const spec of ${JSON.stringify(entries)}) {
    const m = await load(spec)
    entries[spec] = { names: Object.keys(m).filter((k) => k !== 'default' && k !== '__esModule').sort(), resolved: ${kind === 'esm' ? 'import.meta.resolve(spec)' : 'require.resolve(spec)'} }
  }
  process.stdout.write('\\u0000' + JSON.stringify({ before, after: snapshot(), entries }))
})()
`

async function loads(p, project) {
  const m = manifests[p]
  const entries = Object.keys(m.exports).filter((k) => !k.includes('*') && !k.endsWith('.json')).map((k) => m.name + k.slice(1))
  const peers = [...peersOf(p).keys()].filter((n) => n === '@tensorflow/tfjs')
  const results = {}
  const problems = []
  for (const kind of ['esm', 'cjs']) {
    const file = join(project, `check-load.${kind === 'esm' ? 'mjs' : 'cjs'}`)
    writeFileSync(file, probe(kind, entries, peers))
    const r = await run('node', [file], { cwd: project, env: cleanEnv(), timeoutMs: 60_000 })
    if (r.timedOut) {
      problems.push(`${kind}: the process did not exit within 60 s after importing ${entries.join(', ')} (a timer or handle left open at import)`)
      continue
    }
    const at = r.stdout.indexOf('\u0000')
    if (r.code !== 0 || at < 0) {
      problems.push(`${kind}: loading ${entries.join(', ')} failed:\n${tail(r.stderr || r.stdout)}`)
      continue
    }
    const noise = (r.stdout.slice(0, at) + r.stderr).trim()
    if (noise) problems.push(`${kind}: importing printed output:\n${tail(noise)}`)
    const out = JSON.parse(r.stdout.slice(at + 1))
    for (const key of Object.keys(out.before)) {
      if (JSON.stringify(out.before[key]) !== JSON.stringify(out.after[key])) {
        const diff = Array.isArray(out.before[key]) ? out.after[key].filter((x) => !out.before[key].includes(x)) : out.after[key]
        problems.push(`${kind}: importing changed ${key}: ${JSON.stringify(diff)}`)
      }
    }
    for (const [spec, e] of Object.entries(out.entries)) {
      const path = e.resolved.startsWith('file:') ? fileURLToPath(e.resolved) : e.resolved
      if (!path.startsWith(project)) problems.push(`${kind}: ${spec} resolved outside the test project: ${path}`)
      if (e.names.length === 0) problems.push(`${kind}: ${spec} exports nothing`)
    }
    results[kind] = out.entries
  }
  if (results.esm && results.cjs) {
    for (const spec of entries) {
      const esm = results.esm[spec].names
      const cjs = results.cjs[spec].names
      const onlyEsm = esm.filter((n) => !cjs.includes(n))
      const onlyCjs = cjs.filter((n) => !esm.includes(n))
      if (onlyEsm.length + onlyCjs.length > 0) problems.push(`${spec}: ESM and CJS export different names (ESM only: ${onlyEsm.join(', ') || '–'}; CJS only: ${onlyCjs.join(', ') || '–'})`)
    }
  }
  const counts = results.esm ? entries.map((s) => results.esm[s].names.length).join('+') : '?'
  return problems.length === 0 ? { ok: true, summary: `${entries.length} entries, ${counts} names` } : { ok: false, detail: problems.join('\n') }
}

// ---------------------------------------------------------------- 3c. README example
const normalize = (text) => text.replace(/\r\n/g, '\n').split('\n').map((l) => l.trimEnd()).join('\n').replace(/^\n+|\n+$/g, '')

/** Finds the example, its output block, the tolerance marker and the Install section of a README. */
function parseReadme(text) {
  const blocks = [...text.matchAll(/^```([\w-]*)[^\n]*\n([\s\S]*?)^```[ \t]*$/gm)].map((m) => ({ lang: m[1], body: m[2], start: m.index, end: m.index + m[0].length }))
  const code = blocks.find((b) => ['js', 'mjs', 'javascript', 'ts', 'typescript'].includes(b.lang))
  if (code === undefined) return { error: 'the README has no ```js example block' }
  if (code.lang.startsWith('t')) return { error: `the README example is a \`\`\`${code.lang} block; Node 20 cannot run TypeScript: write it as plain JavaScript ESM in a \`\`\`js block` }
  const sectionStart = Math.max(0, text.lastIndexOf('\n## ', code.start))
  const nextHeading = text.indexOf('\n## ', code.end)
  const sectionEnd = nextHeading < 0 ? text.length : nextHeading
  const output = blocks.find((b) => b.start > code.end && b.start < sectionEnd && ['', 'text', 'txt', 'console'].includes(b.lang))
  if (output === undefined) return { error: 'no output block (``` or ```text) follows the example in its section' }
  const section = text.slice(sectionStart, sectionEnd)
  const tolerance = section.match(/<!--\s*check-packages:\s*numbers within ([0-9.e-]+)\s*-->/)
  const installAt = text.search(/^## Install/m)
  const installEnd = text.indexOf('\n## ', installAt + 1)
  const installSection = installAt < 0 ? '' : text.slice(installAt, installEnd < 0 ? text.length : installEnd)
  // The shell commands of that section, comments dropped: what a user actually runs.
  const install = [...installSection.matchAll(/^```(?:sh|bash|shell|console)[ \t]*\n([\s\S]*?)^```/gm)].map((m) => m[1].replace(/#.*$/gm, '')).join('\n')
  return { code: code.body, output: output.body, tolerance: tolerance ? Number(tolerance[1]) : 0, install }
}

/** Compares outputs; numbers may differ by `tolerance` (absolute), everything else must match exactly. */
function compareOutput(actual, expected, tolerance) {
  const a = normalize(actual).split('\n')
  const e = normalize(expected).split('\n')
  const number = /-?\d+(?:\.\d+)?(?:e[-+]?\d+)?/gi
  for (let i = 0; i < Math.max(a.length, e.length); i++) {
    const al = a[i] ?? '(no line)'
    const el = e[i] ?? '(no line)'
    if (al === el) continue
    const same =
      tolerance > 0 &&
      al.replace(number, '#') === el.replace(number, '#') &&
      (al.match(number) ?? []).every((x, j) => Math.abs(Number(x) - Number(el.match(number)[j])) <= tolerance)
    if (!same) return `output line ${i + 1} differs from the README:\n      README: ${el}\n      actual: ${al}${a.length !== e.length ? `\n      (${a.length} lines printed, README shows ${e.length})` : ''}`
  }
  return null
}

function readmeOf(p) {
  const path = join(root, 'packages', p, 'README.md')
  readmes[p] ??= existsSync(path) ? parseReadme(readFileSync(path, 'utf8')) : { error: 'no README.md' }
  return readmes[p]
}

async function example(p, project) {
  const dir = join(root, 'packages', p)
  const readme = readmeOf(p)
  if (readme.error) return { ok: false, detail: readme.error }
  for (const file of [join(dir, 'examples', 'readme.mjs'), join(dir, 'readme-example.mjs'), join(dir, 'example.mjs'), join(root, 'scripts', 'README-examples', `${p}.mjs`)]) {
    if (existsSync(file) && normalize(readFileSync(file, 'utf8')) !== normalize(readme.code))
      return { ok: false, detail: `the README example is not ${relative(root, file)} verbatim; copy one into the other` }
  }
  const imported = [...readme.code.matchAll(/(?:from\s+|import\s*\(\s*|import\s+)['"]([^'"./][^'"]*)['"]/g)].map((m) => m[1]).filter((s) => !s.startsWith('node:'))
  const packages = [...new Set(imported.map((s) => (s.startsWith('@') ? s.split('/').slice(0, 2).join('/') : s.split('/')[0])))]
  const notInstalled = packages.filter((name) => !new RegExp(`(^|[\\s\`])${name.replace(/[/.]/g, '\\$&')}(@[^\\s\`]+)?($|[\\s\`])`, 'm').test(readme.install))
  if (notInstalled.length > 0) return { ok: false, detail: `the example imports ${notInstalled.join(', ')}, which the README's Install section does not install` }
  const file = join(project, 'readme-example.mjs')
  writeFileSync(file, readme.code)
  const r = await run('node', [file], { cwd: project, env: cleanEnv(), timeoutMs: EXAMPLE_TIMEOUT_MS })
  if (r.timedOut) return { ok: false, detail: `the example did not finish within ${EXAMPLE_TIMEOUT_MS / 1000} s` }
  if (r.code !== 0) return { ok: false, detail: `the example exited with ${r.code}:\n${tail(r.stderr || r.stdout)}` }
  if (r.stderr.trim()) return { ok: false, detail: `the example wrote to stderr (the README does not show it):\n${tail(r.stderr)}` }
  const diff = compareOutput(r.stdout, readme.output, readme.tolerance)
  if (diff) return { ok: false, detail: diff }
  return { ok: true, ms: r.ms, summary: `${normalize(readme.output).split('\n').length} lines${readme.tolerance ? ` ±${readme.tolerance}` : ''}, ${(r.ms / 1000).toFixed(1)} s` }
}

// ---------------------------------------------------------------- 3d. peer missing: one line naming the command
/** Required peers of a manifest (optional ones left out), as names. */
const requiredPeerNames = (m) => Object.keys(m.peerDependencies ?? {}).filter((n) => m.peerDependenciesMeta?.[n]?.optional !== true)

/**
 * With `--legacy-peer-deps` (or npm < 7, yarn 1) the required peer is not installed: every entry, through import()
 * and require(), must exit 1 with exactly one line naming `npm install <peer>@<range>` and no stack frame. Node's
 * own framing of an uncaught error (the throwing source line and caret above it, its version below) stays.
 */
async function peerMissing(p, project) {
  const m = manifests[p]
  const peers = requiredPeerNames(m)
  if (peers.length === 0) return { ok: true, skip: true, summary: 'no required peer' }
  mkdirSync(project, { recursive: true })
  const init = await run('npm', ['init', '-y'], { cwd: project })
  if (init.code !== 0) return { ok: false, detail: `npm init -y failed:\n${tail(init.stderr)}` }
  const specs = installSet(p).map((q) => tarballs[q].path)
  const r = await run('npm', ['install', '--legacy-peer-deps', '--no-audit', '--no-fund', '--prefer-offline', '--ignore-scripts', '--loglevel=error', ...specs], { cwd: project, env: cleanEnv() })
  if (r.code !== 0) return { ok: false, detail: `npm install --legacy-peer-deps failed:\n${tail(r.stdout + r.stderr)}` }
  const present = peers.filter((peer) => existsSync(join(project, 'node_modules', ...peer.split('/'))))
  if (present.length > 0) return { ok: false, detail: `npm install --legacy-peer-deps installed ${present.join(', ')} anyway (a dependency of the closure pulls it in), so the check cannot run` }
  const entries = Object.keys(m.exports).filter((k) => !k.includes('*') && !k.endsWith('.json')).map((k) => m.name + k.slice(1))
  const problems = []
  for (const spec of entries) {
    for (const [kind, source] of [['import', `await import(${JSON.stringify(spec)})`], ['require', `require(${JSON.stringify(spec)})`]]) {
      const file = join(project, `peer-missing.${kind === 'import' ? 'mjs' : 'cjs'}`)
      writeFileSync(file, `${source}\n`)
      const out = await run('node', [file], { cwd: project, env: cleanEnv(), timeoutMs: 60_000 })
      const text = `${out.stdout}${out.stderr}`
      const naming = text.split('\n').filter((l) => peers.some((peer) => l.includes(`npm install ${peer}@${m.peerDependencies[peer]}`)))
      const frames = text.split('\n').filter((l) => /^\s+at /.test(l) || l.includes('[cause]') || l.includes('ERR_MODULE_NOT_FOUND'))
      if (out.code !== 1 || naming.length !== 1 || !naming[0].includes(m.name) || frames.length > 0)
        problems.push(`${kind} ${spec} without ${peers.join(', ')}: expected exit 1 and one line naming \`npm install ${peers.map((peer) => `${peer}@${m.peerDependencies[peer]}`).join(' ')}\`, no stack; got exit ${out.code}, ${naming.length} such line(s), ${frames.length} stack line(s):\n${tail(text, 12)}`)
    }
  }
  return problems.length === 0 ? { ok: true, summary: `${entries.length * 2} loads` } : { ok: false, detail: problems.join('\n') }
}

// ---------------------------------------------------------------- run
const skipped = { ok: false, detail: 'skipped (an earlier step failed)', skip: true }
// Heaviest installs (TensorFlow.js peers) first, so the pool's tail is short.
const order = [...targets].sort((a, b) => peersOf(b).size - peersOf(a).size)
const rows = {}
await pool(order, CONCURRENCY, async (p) => {
  const row = { tarball: null, publint: skipped, attw: skipped, install: skipped, loads: skipped, example: skipped, peerMissing: skipped }
  rows[p] = row
  const unpacked = installSet(p).filter((q) => packFailures[q])
  if (unpacked.length > 0) {
    row.pack = { ok: false, detail: unpacked.map((q) => `@aedetect/${q}: ${packFailures[q]}`).join('\n') }
    return
  }
  row.tarball = tarballs[p].bytes
  const project = join(work, 'projects', p)
  const [linted, installed, missing] = await Promise.all([lint(p), install(p, project), peerMissing(p, join(work, 'projects-without-peers', p))])
  Object.assign(row, linted)
  row.install = installed
  row.peerMissing = missing
  if (!installed.ok) return
  row.loads = await loads(p, project)
  row.example = await example(p, project)
})

// ---------------------------------------------------------------- 4. report
const mark = (r) => (r.skip ? '–' : r.ok ? 'ok' : 'FAIL')
const header = ['package', 'tarball', 'publint', 'attw', 'install alone', 'import/require', 'README example', 'peer missing']
const table = targets.map((p) => {
  const r = rows[p]
  return [
    `@aedetect/${p}`,
    r.tarball === null ? 'FAIL' : `${(r.tarball / 1024).toFixed(1)} kB`,
    mark(r.publint),
    mark(r.attw),
    r.install.ok ? `ok ${(r.install.ms / 1000).toFixed(0)} s` : mark(r.install),
    r.loads.ok ? `ok ${r.loads.summary}` : mark(r.loads),
    r.example.ok ? `ok ${r.example.summary}` : mark(r.example),
    r.peerMissing.skip && r.peerMissing.ok ? '– (no peer)' : r.peerMissing.ok ? `ok ${r.peerMissing.summary}` : mark(r.peerMissing),
  ]
})
const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => row[i].length)))
const line = (cells) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`
process.stdout.write(`${[line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...table.map(line)].join('\n')}\n`)

const failures = targets.flatMap((p) =>
  ['pack', 'publint', 'attw', 'install', 'loads', 'example', 'peerMissing']
    .map((k) => rows[p][k])
    .filter((r) => r && !r.ok && !r.skip)
    .map((r) => `@aedetect/${p}: ${r.detail}`),
)
process.stdout.write(`\n${targets.length} packages checked in ${((Date.now() - started) / 1000).toFixed(0)} s${keep ? `; kept ${work}` : ''}\n`)
// Two TensorFlow.js projects are ~600 MB of small files; deleting them took over a minute on a busy disk, so a
// detached process does it and the exit code is not held back.
if (!keep) spawn(process.execPath, ['-e', `require('node:fs').rmSync(${JSON.stringify(work)}, { recursive: true, force: true })`], { detached: true, stdio: 'ignore' }).unref()
if (failures.length > 0) {
  process.stdout.write(`\n${failures.length} failure(s):\n${failures.map((f) => `  ${f}`).join('\n')}\n`)
  process.exit(1)
}
