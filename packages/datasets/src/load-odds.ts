import { join } from 'node:path'
import { AedetectError } from '@aedetect/core'
import { checkListedSum, layoutHint, readFileBytes } from './_node-files'
import { resolveDataDir } from './data-dir'
import { parseOdds, type OddsDataset } from './odds'

/**
 * Loads an ODDS data set (`<dataDir>/odds/<name>.mat` or `.csv`), checked against the folder's
 * SHA256SUMS: features `[n, d]` and labels (1 = outlier). `name` is a file name without extension
 * (see `ODDS_NAMES`). Throws `E_OPTION` for another format, `E_NOT_FOUND`, `E_CHECKSUM`,
 * `E_UNSUPPORTED` for a v7.3 (HDF5) .mat, and the {@link parseOdds} errors.
 */
export async function loadOdds(options: { dataDir?: string; name: string; format?: 'mat' | 'csv' }): Promise<OddsDataset> {
  const format = options.format ?? 'mat'
  if (format !== 'mat' && format !== 'csv') {
    throw new AedetectError('E_OPTION', `loadOdds(): format is '${String(format)}'; expected one of 'mat' | 'csv'.`)
  }
  const dataDir = resolveDataDir(options)
  const folder = join(dataDir, 'odds')
  const file = `${options.name}.${format}`
  const path = join(folder, file)
  const bytes = await readFileBytes(path, 'loadOdds()', layoutHint('odds', dataDir))
  await checkListedSum(folder, file, bytes)
  return parseOdds(bytes, { format, source: path })
}
