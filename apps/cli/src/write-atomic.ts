import { rename, rm, writeFile } from 'node:fs/promises'

/**
 * Writes each file beside its target and renames it into place only when every write succeeded, so a
 * failure leaves no partial output (and an older file at the target untouched).
 */
export async function writeFilesAtomic(files: Array<{ path: string; text: string }>): Promise<void> {
  const temporary = files.map((f) => `${f.path}.${process.pid}.tmp`)
  try {
    for (let i = 0; i < files.length; i++) await writeFile(temporary[i], files[i].text)
    for (let i = 0; i < files.length; i++) await rename(temporary[i], files[i].path)
  } catch (error) {
    await Promise.all(temporary.map((t) => rm(t, { force: true })))
    throw error
  }
}
