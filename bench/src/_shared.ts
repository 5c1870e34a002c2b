// Paths shared by the suites: the real datasets and the reference fixtures live in ../shared beside the repo.
import { readFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..')

/** The shared folder: AEDETECT_SHARED_DIR, else ../shared beside the repository. */
export const sharedDir = process.env.AEDETECT_SHARED_DIR ?? join(repoRoot, '..', 'shared')
export const datasetsDir = join(sharedDir, 'datasets')

/** Parses a JSON file of the shared fixtures folder. */
export async function readFixture<T>(name: string): Promise<T> {
  return JSON.parse(await readFile(join(sharedDir, 'fixtures', name), 'utf8')) as T
}

export function mean(values: number[]): number {
  return values.reduce((s, v) => s + v, 0) / values.length
}
