import { constants } from 'node:fs'
import { lstat, open, type FileHandle } from 'node:fs/promises'
import { join } from 'node:path'
import { AedetectError } from '@aedetect/core'

/** Options of {@link readFolderFile}. */
export interface ReadFolderFileOptions {
  /** Largest size accepted, in bytes; a larger file is refused before it is read. */
  maxBytes: number
  /** The function named in messages, e.g. `'loadDetector()'`. */
  where: string
  /** The sentence that says how to get a good folder, ending the messages (e.g. "Re-save it with saveDetector()."). */
  fix: string
}

/**
 * Reads the file `name` of an artifact folder into bytes of its own (never a view into a shared pool), after
 * checking, before reading: it is a regular file, not a symbolic link (opened with `O_NOFOLLOW` where the
 * platform has it, so a link swapped in after the check is refused too) and at most `maxBytes` long.
 * Artifact folders that aedetect writes hold regular files only.
 * @throws AedetectError `E_NOT_FOUND` (missing), `E_CORRUPT` (a link, not a regular file, or too large: the
 *   message names the file, its size and the limit), `E_IO` (unreadable).
 */
export async function readFolderFile(dir: string, name: string, options: ReadFolderFileOptions): Promise<Uint8Array> {
  const { where, fix, maxBytes } = options
  const path = join(dir, name)
  let handle: FileHandle | undefined
  try {
    const info = await lstat(path)
    if (info.isSymbolicLink()) {
      throw new AedetectError('E_CORRUPT', `${where}: '${path}' is a symbolic link; an aedetect folder holds regular files only, and links are never followed (they could point outside the folder). Replace the link with the file itself. ${fix}`)
    }
    if (!info.isFile()) {
      throw new AedetectError('E_CORRUPT', `${where}: '${path}' is not a regular file (a folder, device or pipe). ${fix}`)
    }
    handle = await open(path, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0))
    const size = (await handle.stat()).size
    if (size > maxBytes) {
      throw new AedetectError('E_CORRUPT', `${where}: '${path}' is ${size} bytes; aedetect reads at most ${maxBytes} bytes for ${name}, so this is not a file it wrote (or it was edited). ${fix}`)
    }
    const bytes = new Uint8Array(size)
    let offset = 0
    while (offset < size) {
      const { bytesRead } = await handle.read(bytes, offset, size - offset, offset)
      if (bytesRead === 0) break
      offset += bytesRead
    }
    return offset === size ? bytes : bytes.subarray(0, offset)
  } catch (cause) {
    if (cause instanceof AedetectError) throw cause
    const code = (cause as NodeJS.ErrnoException).code
    if (code === 'ENOENT') throw new AedetectError('E_NOT_FOUND', `${where}: '${path}' does not exist. ${fix}`, { cause })
    if (code === 'ELOOP') throw new AedetectError('E_CORRUPT', `${where}: '${path}' is a symbolic link; an aedetect folder holds regular files only, and links are never followed (they could point outside the folder). Replace the link with the file itself. ${fix}`, { cause })
    throw new AedetectError('E_IO', `${where}: could not read '${path}': ${(cause as Error).message}. ${fix}`, { cause })
  } finally {
    await handle?.close().catch(() => undefined)
  }
}
