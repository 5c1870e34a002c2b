import { open, readdir, rename, rm } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'

/** The temporary file an output is written to before it is renamed into place: `<path>.<pid>.tmp`, beside it. */
export function temporaryPath(path: string): string {
  return `${path}.${process.pid}.tmp`
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/**
 * Removes the temporary files `<path>.<pid>.tmp` beside `path` whose process is gone — what a `kill -9` during
 * `score --output` or `report` leaves (up to the whole output). Only names of exactly that pattern for this
 * `path` are touched, never this process's own or a running process's.
 * @returns the names removed.
 */
export async function removeStaleTemporaries(path: string): Promise<string[]> {
  const base = basename(path)
  let names: string[]
  try {
    names = await readdir(dirname(path))
  } catch {
    return []
  }
  const removed: string[] = []
  for (const name of names) {
    if (!name.startsWith(`${base}.`) || !name.endsWith('.tmp')) continue
    const pid = name.slice(base.length + 1, -'.tmp'.length)
    if (!/^\d+$/.test(pid) || Number(pid) === process.pid || processAlive(Number(pid))) continue
    await rm(join(dirname(path), name), { force: true }).catch(() => undefined)
    removed.push(name)
  }
  return removed
}

async function syncFolder(dir: string): Promise<void> {
  const handle = await open(dir, 'r').catch(() => undefined)
  // Not every platform can fsync a folder (Windows): the rename is still atomic there.
  await handle?.sync().catch(() => undefined)
  await handle?.close().catch(() => undefined)
}

/** An output file written through its temporary: `write` as often as needed, then `commit` or `abort`. */
export interface AtomicOutput {
  write(text: string): Promise<void>
  /** fsyncs the temporary, renames it over the target, fsyncs the folder. */
  commit(): Promise<void>
  /** Closes and removes the temporary; the target is left as it was. */
  abort(): Promise<void>
}

/**
 * Opens `path` for an atomic, durable write (for streamed outputs such as `score --output`): stale temporaries
 * of killed runs beside it are removed first ({@link removeStaleTemporaries}), then text goes to
 * `<path>.<pid>.tmp`, which `commit` fsyncs and renames into place. Until then an older file at `path` is untouched.
 */
export async function openAtomicOutput(path: string): Promise<AtomicOutput> {
  await removeStaleTemporaries(path)
  const temporary = temporaryPath(path)
  const file = await open(temporary, 'w')
  let closed = false
  const close = async (): Promise<void> => {
    if (closed) return
    closed = true
    await file.close()
  }
  return {
    write: async (text) => {
      await file.write(text)
    },
    commit: async () => {
      await file.sync()
      await close()
      await rename(temporary, path)
      await syncFolder(dirname(path))
    },
    abort: async () => {
      await close().catch(() => undefined)
      await rm(temporary, { force: true })
    },
  }
}

/**
 * Writes each file beside its target and renames it into place only when every write succeeded, so a
 * failure leaves no partial output (and an older file at the target untouched). Each file is fsynced before its
 * rename and the folders after; stale temporaries of killed runs beside each target are removed first.
 */
export async function writeFilesAtomic(files: Array<{ path: string; text: string }>): Promise<void> {
  for (const f of files) await removeStaleTemporaries(f.path)
  const temporary = files.map((f) => temporaryPath(f.path))
  try {
    for (let i = 0; i < files.length; i++) {
      const handle = await open(temporary[i], 'w')
      try {
        await handle.writeFile(files[i].text)
        await handle.sync()
      } finally {
        await handle.close()
      }
    }
    for (let i = 0; i < files.length; i++) await rename(temporary[i], files[i].path)
  } catch (error) {
    await Promise.all(temporary.map((t) => rm(t, { force: true })))
    throw error
  }
  for (const folder of new Set(files.map((f) => dirname(f.path)))) await syncFolder(folder)
}
