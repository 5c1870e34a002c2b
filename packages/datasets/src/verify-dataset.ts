import { join } from 'node:path'
import { AedetectError } from '@aedetect/core'
import { readFileBytes, readSha256Sums, sha256Node } from './_node-files'
import { checksumError } from './checksum'

/** The result of {@link verifyDataset}. */
export interface DatasetVerification {
  /** The dataset folder checked. */
  folder: string
  /** The files checked, relative to the folder, in SHA256SUMS order. */
  files: string[]
}

/**
 * Checks every file listed in `<dir>/<name>/SHA256SUMS` (e.g. `verifyDataset(dataDir, 'nab')`).
 * Throws `E_NOT_FOUND` when the folder has no SHA256SUMS or a listed file is missing, `E_CHECKSUM`
 * naming the first file whose SHA-256 differs.
 */
export async function verifyDataset(dir: string, name: string): Promise<DatasetVerification> {
  const folder = join(dir, name)
  const sums = await readSha256Sums(folder)
  if (sums === undefined) {
    throw new AedetectError('E_NOT_FOUND', `verifyDataset(): ${join(folder, 'SHA256SUMS')} does not exist. Copy the dataset folder with its SHA256SUMS file.`)
  }
  const files: string[] = []
  for (const [relative, expected] of sums) {
    const path = join(folder, relative)
    const bytes = await readFileBytes(path, 'verifyDataset()', `SHA256SUMS lists it: copy the complete ${name} folder.`)
    const got = sha256Node(bytes)
    if (got !== expected) throw checksumError(path, expected, got)
    files.push(relative)
  }
  return { folder, files }
}
