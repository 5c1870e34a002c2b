import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The repository root (this file is tools/test-data/src/paths.ts). */
export const REPO_ROOT: string = fileURLToPath(new URL('../../../', import.meta.url))

/** The reference fixtures shipped in the repository (`fixtures/`, see its README). */
export function fixturePath(name: string): string {
  return join(REPO_ROOT, 'fixtures', name)
}

/**
 * Where the real datasets are: `AEDETECT_DATA_DIR`, else `$AEDETECT_SHARED_DIR/datasets`, else
 * `../shared/datasets` beside the clone (what CI has). The folder may not exist: a stranger's clone has none.
 */
export function dataDir(): string {
  if (process.env.AEDETECT_DATA_DIR) return resolve(process.env.AEDETECT_DATA_DIR)
  if (process.env.AEDETECT_SHARED_DIR) return resolve(process.env.AEDETECT_SHARED_DIR, 'datasets')
  return resolve(REPO_ROOT, '..', 'shared', 'datasets')
}

/** `<dataDir>/<dataset>/<...parts>`. */
export function datasetPath(dataset: string, ...parts: string[]): string {
  return join(dataDir(), dataset, ...parts)
}

/** True when the folder `<dataDir>/<dataset>` is there. */
export function hasDataset(dataset: string): boolean {
  return existsSync(join(dataDir(), dataset))
}
