// Test support for the reliability suite (issue #16): runs the BUILT binary in a temporary working folder
// and proves that nothing outside the declared output changed (every file of the folder hashed before and
// after). Build first (`pnpm turbo run build --filter @aedetect/cli...`).
import { execFile } from 'node:child_process'
import { createHash } from 'node:crypto'
import { lstat, mkdtemp, readdir, readFile, readlink, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join, relative, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import { expect } from 'vitest'

const here = dirname(fileURLToPath(import.meta.url))
// AEDETECT_TEST_BIN runs the suite against another build (e.g. main's, to count which cases held before).
const bin = process.env.AEDETECT_TEST_BIN ?? join(here, '..', '..', 'dist', 'bin.js')

export interface Run { code: number; stdout: string; stderr: string }

/** Runs `aedetect args` in `cwd` on the cpu backend without colours; never throws. */
export function runIn(cwd: string, args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((done) => {
    // Hermetic: a data directory of the caller's shell (AEDETECT_DATA_DIR) would change what the CLI reads and prints.
    const { AEDETECT_DATA_DIR: _callers, ...inherited } = process.env
    execFile('node', [bin, ...args], { cwd, maxBuffer: 64 * 1024 * 1024, env: { ...inherited, AEDETECT_BACKEND: 'cpu', NO_COLOR: '1', ...env } }, (error, stdout, stderr) => {
      const code = error ? (typeof (error as { code?: unknown }).code === 'number' ? (error as { code: number }).code : 1) : 0
      done({ code, stdout: String(stdout), stderr: String(stderr) })
    })
  })
}

/** A fresh temporary folder. */
export async function tempFolder(prefix = 'aedetect-rel-'): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix))
}

/** Removes a folder made by {@link tempFolder} (made writable first: some cases chmod parts of it). */
export async function removeFolder(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true })
}

/** SHA-256 of every file (and the target of every link) under `dir`, by path relative to `dir`. */
export async function hashTree(dir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>()
  const walk = async (folder: string): Promise<void> => {
    let entries: string[]
    try {
      entries = await readdir(folder)
    } catch {
      out.set(`${relative(dir, folder)}/`, 'unreadable')
      return
    }
    if (entries.length === 0) out.set(`${relative(dir, folder)}/`, 'empty folder')
    for (const name of entries) {
      const path = join(folder, name)
      const info = await lstat(path)
      if (info.isDirectory()) await walk(path)
      else if (info.isSymbolicLink()) out.set(relative(dir, path), `link ${await readlink(path)}`)
      else out.set(relative(dir, path), createHash('sha256').update(await readFile(path)).digest('hex'))
    }
  }
  await walk(dir)
  return out
}

/** The paths whose hash differs between two {@link hashTree} results (added, removed or changed). */
export function changedPaths(before: Map<string, string>, after: Map<string, string>): string[] {
  const changed = new Set<string>()
  for (const [path, hash] of before) if (after.get(path) !== hash) changed.add(path)
  for (const path of after.keys()) if (!before.has(path)) changed.add(path)
  return [...changed].sort()
}

/** The error line: the last line of stderr. */
export function lastLine(text: string): string {
  return text.trim().split('\n').pop() ?? ''
}

export interface Expectation {
  /** Expected exit code. */
  code: number
  /** The whole last line of stderr (a string), or a pattern it must match (for machine-dependent parts). */
  line?: string | RegExp
  /** Paths (relative to the folder) that may change; everything else must hash the same. Default: none. */
  outputs?: string[]
  /**
   * The folder hashed before and after (default `cwd`). A case naming a parent of `cwd` (`--out ..`) must run
   * in a nested folder and hash that parent: against a build with the bug, `..` of a folder directly in the
   * system temp folder is the temp folder itself, and the old `train --out ..` deleted all of it.
   */
  root?: string
}

/**
 * Runs `aedetect args` in `cwd`, hashing the folder before and after, and asserts the exit code, the
 * error line and that only `outputs` changed. Returns the run for further checks.
 */
export async function expectRun(cwd: string, args: string[], expected: Expectation, env: Record<string, string> = {}): Promise<Run> {
  const root = expected.root ?? cwd
  // A guard for runs against an older build: never let a case loose on anything but its own temp folder.
  if (!resolve(root).startsWith(`${resolve(tmpdir())}${sep}`)) {
    throw new Error(`expectRun(): ${root} is not a folder made by tempFolder(); refusing to run a destructive case there.`)
  }
  const before = await hashTree(root)
  const run = await runIn(cwd, args, env)
  const after = await hashTree(root)
  const allowed = (expected.outputs ?? []).map((p) => relative(root, resolve(cwd, p)))
  const changed = changedPaths(before, after).filter((p) => !allowed.some((a) => p === a || p.startsWith(`${a}/`) || p === `${a}/`))
  expect({ code: run.code, changed, ...(expected.line === undefined ? {} : { line: lastLine(run.stderr) }) }).toEqual({
    code: expected.code,
    changed: [],
    ...(expected.line === undefined ? {} : { line: typeof expected.line === 'string' ? expected.line : expect.stringMatching(expected.line) }),
  })
  return run
}

/** Writes `files` (path → text) under `dir`. */
export async function writeFiles(dir: string, files: Record<string, string | Buffer>): Promise<void> {
  for (const [path, text] of Object.entries(files)) await writeFile(join(dir, path), text)
}

/**
 * A small normal/anomalous table with a header (`a,b,c,label`): rows near a line are normal (label 0),
 * a few far away are anomalies. Deterministic (no random numbers).
 */
export function smallTable(rows = 120, anomalies = 12, columns = ['a', 'b', 'c']): string {
  const lines = [[...columns, 'label'].join(',')]
  for (let i = 0; i < rows; i++) {
    const t = (i % 20) / 20
    const anomalous = i % Math.floor(rows / anomalies) === 0
    const values = columns.map((_, j) => (anomalous ? 5 + j - t : t * (j + 1) + 0.01 * ((i * 7 + j) % 5)))
    lines.push([...values.map((v) => v.toFixed(4)), anomalous ? '1' : '0'].join(','))
  }
  return `${lines.join('\n')}\n`
}
