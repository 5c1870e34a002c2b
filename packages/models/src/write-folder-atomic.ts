import { mkdir, rename, rm, writeFile } from 'node:fs/promises'
import { basename, dirname, join, resolve } from 'node:path'
import { AedetectError } from '@aedetect/core'

let counter = 0

function tempName(dir: string, tag: string): string {
  counter += 1
  return join(dirname(dir), `.${basename(dir)}.${tag}-${process.pid}-${Date.now()}-${counter}`)
}

/**
 * Writes `files` (name → bytes or UTF-8 text) as the folder `dir`, atomically: everything goes into a
 * temporary folder beside `dir`, which is renamed into place only after every file is written. An
 * existing `dir` is replaced only then; if anything fails, the old folder is left as it was.
 * File names must be plain names (no `/`, `..`).
 * @throws AedetectError `E_OPTION` for a file name that is not plain, `E_IO` when writing fails (with the cause).
 */
export async function writeFolderAtomic(dir: string, files: Record<string, Uint8Array | string>): Promise<void> {
  const target = resolve(dir)
  for (const name of Object.keys(files)) {
    if (!/^[A-Za-z0-9._-]+$/.test(name) || name === '.' || name === '..') {
      throw new AedetectError('E_OPTION', `writeFolderAtomic(): '${name}' is not a plain file name; use names without '/' or '..'.`)
    }
  }
  const temp = tempName(target, 'tmp')
  try {
    await mkdir(dirname(target), { recursive: true })
    await mkdir(temp)
    for (const [name, content] of Object.entries(files)) await writeFile(join(temp, name), content)
  } catch (cause) {
    await rm(temp, { recursive: true, force: true })
    throw new AedetectError('E_IO', `writeFolderAtomic(): could not write '${target}': ${(cause as Error).message}. Nothing was changed.`, { cause })
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
    throw new AedetectError('E_IO', `writeFolderAtomic(): could not move the new folder into '${target}': ${(cause as Error).message}. The previous folder is unchanged.`, { cause })
  }
  if (moved) await rm(old, { recursive: true, force: true })
}
