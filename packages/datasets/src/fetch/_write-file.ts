import { existsSync } from 'node:fs'
import { open, rename, rm } from 'node:fs/promises'
import { dirname } from 'node:path'

/**
 * Writes `bytes` to `path` through `<path>.part` (fsync, then rename), so a crash never leaves a
 * half-written file under the final name. Returns false, writing nothing, when `path` exists.
 */
export async function writeFileIfAbsent(path: string, bytes: Uint8Array): Promise<boolean> {
  if (existsSync(path)) return false
  const part = `${path}.part`
  const file = await open(part, 'w')
  try {
    await file.write(bytes)
    await file.sync()
  } finally {
    await file.close()
  }
  if (existsSync(path)) {
    await rm(part, { force: true })
    return false
  }
  await rename(part, path)
  await syncFolder(path)
  return true
}

/** Fsyncs the folder holding `path`, so a rename into it survives a crash (skipped where folders cannot be opened, e.g. Windows). */
export async function syncFolder(path: string): Promise<void> {
  try {
    const folder = await open(dirname(path), 'r')
    try {
      await folder.sync()
    } finally {
      await folder.close()
    }
  } catch {
    // Best effort only: the file itself was fsynced before the rename.
  }
}
