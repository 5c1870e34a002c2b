import { lstat, mkdir, open, readdir, rename, rm } from 'node:fs/promises'
import { basename, dirname, join, resolve } from 'node:path'
import { AedetectError } from '@aedetect/core'

/** Options of {@link writeFolderAtomic} and {@link recoverFolder}. */
export interface FolderRecoveryOptions {
  /**
   * Called once per recovery step taken beside the folder (a previous folder restored after an interrupted
   * save, stale temporary folders removed), with a one-line message. Default: none (recovery still happens).
   */
  onWarning?: (message: string) => void
  /** The function named in messages. Default `'writeFolderAtomic()'` / `'recoverFolder()'`. */
  where?: string
}

/**
 * A temporary or displaced folder of another save is stale when its process is gone, or when it is older than
 * this (a save takes seconds; the bound covers a pid reused by another process, or a folder shared between
 * machines, where the pid means nothing). In milliseconds.
 */
export const STALE_FOLDER_AFTER_MS = 60 * 60 * 1000

let counter = 0

function tempName(dir: string, tag: 'tmp' | 'old'): string {
  counter += 1
  return join(dirname(dir), `.${basename(dir)}.${tag}-${process.pid}-${Date.now()}-${counter}`)
}

interface Sibling { name: string; tag: 'tmp' | 'old'; pid: number; time: number; counter: number }

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

// Only names of our own pattern, `.<name>.tmp-<pid>-<ms>-<n>` / `.<name>.old-<pid>-<ms>-<n>`, are ever touched.
function siblingsOf(names: string[], base: string): Sibling[] {
  const pattern = new RegExp(`^\\.${escapeRegExp(base)}\\.(tmp|old)-(\\d+)-(\\d+)-(\\d+)$`)
  const found: Sibling[] = []
  for (const name of names) {
    const m = pattern.exec(name)
    if (m) found.push({ name, tag: m[1] as 'tmp' | 'old', pid: Number(m[2]), time: Number(m[3]), counter: Number(m[4]) })
  }
  return found
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

function isStale(sibling: Sibling, now: number): boolean {
  if (now - sibling.time > STALE_FOLDER_AFTER_MS) return true
  // This process's own folders belong to a save still running in it.
  return sibling.pid !== process.pid && !processAlive(sibling.pid)
}

/** fsync a folder, so the renames and new entries in it survive a power cut. Not every platform allows it (Windows). */
async function syncFolder(dir: string): Promise<void> {
  let handle
  try {
    handle = await open(dir, 'r')
    await handle.sync()
  } catch {
    // EISDIR / EPERM / EINVAL where folders cannot be opened or synced: the rename is still atomic.
  } finally {
    await handle?.close().catch(() => undefined)
  }
}

async function writeDurable(path: string, content: Uint8Array | string): Promise<void> {
  const handle = await open(path, 'wx')
  try {
    await handle.writeFile(content)
    await handle.sync()
  } finally {
    await handle.close()
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await lstat(path)
    return true
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false
    throw error
  }
}

/**
 * Finishes what an interrupted {@link writeFolderAtomic} (a process killed, a power cut) left beside `dir`.
 * A save that did not reach its commit point (the rename of its temporary folder into `dir`) has no effect,
 * like any failed save: when `dir` is missing and the previous folder sits displaced as `.<name>.old-*`, it is
 * renamed back (rolled back); stale `.<name>.tmp-*` and `.<name>.old-*` folders of processes that are gone
 * (or older than {@link STALE_FOLDER_AFTER_MS}) are removed. Folders of a save still running, and anything
 * not named by that pattern, are left alone. Each step is reported through `onWarning`.
 * `saveDetector`, `loadDetector`, `saveAutoencoder` and `loadAutoencoder` call it first.
 * @returns the steps taken, one line each (empty when there was nothing to do).
 * @throws AedetectError `E_IO` when the previous folder cannot be renamed back (naming both paths).
 */
export async function recoverFolder(dir: string, options: FolderRecoveryOptions = {}): Promise<string[]> {
  const where = options.where ?? 'recoverFolder()'
  const target = resolve(dir)
  const parent = dirname(target)
  let names: string[]
  try {
    names = await readdir(parent)
  } catch {
    return []
  }
  const now = Date.now()
  const stale = siblingsOf(names, basename(target)).filter((s) => isStale(s, now))
  if (stale.length === 0) return []
  const steps: string[] = []
  let restored: Sibling | undefined
  if (!(await exists(target))) {
    // The newest displaced folder is the one the interrupted save moved away.
    const olds = stale.filter((s) => s.tag === 'old').sort((a, b) => b.time - a.time || b.counter - a.counter)
    if (olds.length > 0) {
      restored = olds[0]
      try {
        await rename(join(parent, restored.name), target)
      } catch (cause) {
        throw new AedetectError('E_IO', `${where}: '${target}' is missing after an interrupted save, and the previous folder '${join(parent, restored.name)}' could not be renamed back: ${(cause as Error).message}. Rename it to '${basename(target)}' yourself.`, { cause })
      }
      await syncFolder(parent)
      steps.push(`${where}: '${target}' was missing because a save was interrupted between its two renames; rolled back to the previous folder (renamed back from '${restored.name}').`)
    }
  }
  const removed: string[] = []
  for (const s of stale) {
    if (s === restored) continue
    try {
      await rm(join(parent, s.name), { recursive: true, force: true })
      removed.push(s.name)
    } catch {
      // Not ours to fight over (permissions): left for a later run.
    }
  }
  if (removed.length > 0) {
    steps.push(`${where}: removed ${removed.length} stale temporary folder${removed.length === 1 ? '' : 's'} of interrupted saves beside '${target}' (${removed.join(', ')}).`)
  }
  for (const step of steps) options.onWarning?.(step)
  return steps
}

/**
 * Writes `files` (name → bytes or UTF-8 text) as the folder `dir`, atomically and durably. First it finishes
 * what an interrupted save left ({@link recoverFolder}). Then every file goes, in the order given (put the
 * manifest last), into a temporary folder `.<name>.tmp-<pid>-…` beside `dir`; each file and the folder are
 * fsynced. Then an existing `dir` is renamed to `.<name>.old-<pid>-…`, the temporary folder is renamed to
 * `dir` (the commit point), the parent folder is fsynced and the old folder removed. If anything fails, or the
 * process dies, before the commit point, the old folder is (or, on the next save or load, is put back) as it was.
 * File names must be plain names (no `/`, `..`).
 * @throws AedetectError `E_OPTION` for a file name that is not plain, `E_IO` when writing fails (with the cause).
 */
export async function writeFolderAtomic(dir: string, files: Record<string, Uint8Array | string>, options: FolderRecoveryOptions = {}): Promise<void> {
  const where = options.where ?? 'writeFolderAtomic()'
  const target = resolve(dir)
  for (const name of Object.keys(files)) {
    if (!/^[A-Za-z0-9._-]+$/.test(name) || name === '.' || name === '..') {
      throw new AedetectError('E_OPTION', `${where}: '${name}' is not a plain file name; use names without '/' or '..'.`)
    }
  }
  const temp = tempName(target, 'tmp')
  try {
    await mkdir(dirname(target), { recursive: true })
    await recoverFolder(target, { ...options, where })
    await mkdir(temp)
    for (const [name, content] of Object.entries(files)) await writeDurable(join(temp, name), content)
    await syncFolder(temp)
  } catch (cause) {
    await rm(temp, { recursive: true, force: true })
    if (cause instanceof AedetectError) throw cause
    throw new AedetectError('E_IO', `${where}: could not write '${target}': ${(cause as Error).message}. Nothing was changed.`, { cause })
  }
  const old = tempName(target, 'old')
  let moved = false
  try {
    try {
      await rename(target, old)
      moved = true
    } catch (cause) {
      if ((cause as NodeJS.ErrnoException).code !== 'ENOENT') throw cause
    }
    await rename(temp, target)
  } catch (cause) {
    if (moved) await rename(old, target).catch(() => undefined)
    await rm(temp, { recursive: true, force: true })
    throw new AedetectError('E_IO', `${where}: could not move the new folder into '${target}': ${(cause as Error).message}. The previous folder is unchanged.`, { cause })
  }
  await syncFolder(dirname(target))
  if (moved) await rm(old, { recursive: true, force: true })
}
