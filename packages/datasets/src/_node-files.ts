import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { AedetectError } from '@aedetect/core'
import { checksumError } from './checksum'

/** Hex SHA-256 of bytes (node:crypto). */
export function sha256Node(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex')
}

/** Reads a file as bytes; a missing file throws `E_NOT_FOUND` naming it and `hint`. */
export async function readFileBytes(path: string, where: string, hint: string): Promise<Uint8Array> {
  try {
    const buffer = await readFile(path)
    return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength)
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      throw new AedetectError('E_NOT_FOUND', `${where}: ${path} does not exist. ${hint}`, { cause })
    }
    throw new AedetectError('E_IO', `${where}: cannot read ${path} (${code ?? String(cause)}). Check the file's permissions.`, { cause })
  }
}

/** The entries of `<folder>/SHA256SUMS` (relative path → hex digest), or undefined when the folder has none. */
export async function readSha256Sums(folder: string): Promise<Map<string, string> | undefined> {
  const path = join(folder, 'SHA256SUMS')
  if (!existsSync(path)) return undefined
  const sums = new Map<string, string>()
  for (const line of (await readFile(path, 'utf8')).split('\n')) {
    const m = /^([0-9a-fA-F]{64})\s+\*?(.+)$/.exec(line.trim())
    if (m) sums.set(m[2], m[1].toLowerCase())
  }
  return sums
}

/**
 * Checks `bytes` of `<folder>/<relative>` against the folder's SHA256SUMS when it lists that file
 * (files it does not list, and folders without one, pass). Throws `E_CHECKSUM` naming the file.
 */
export async function checkListedSum(folder: string, relative: string, bytes: Uint8Array): Promise<void> {
  const expected = (await readSha256Sums(folder))?.get(relative)
  if (expected === undefined) return
  const got = sha256Node(bytes)
  if (got !== expected) throw checksumError(join(folder, relative), expected, got)
}

/** The README hint for a file missing from a data directory. */
export function layoutHint(dataset: string, dataDir: string): string {
  return `Put the ${dataset} files in ${join(dataDir, dataset)} as laid out in the @aedetect/datasets README (section "Data directory").`
}
