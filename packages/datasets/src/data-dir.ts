import { existsSync, statSync } from 'node:fs'
import { resolve } from 'node:path'
import { AedetectError } from '@aedetect/core'

/** The environment variable read by {@link resolveDataDir}. */
export const DATA_DIR_ENV = 'AEDETECT_DATA_DIR'

/**
 * The data directory: `options.dataDir` when given, else the environment variable `AEDETECT_DATA_DIR`,
 * as an absolute path. The folder holds one sub-folder per dataset (`ecg5000/`, `mnist/`,
 * `fashion-mnist/`, `nab/`, `odds/`, `smd/`), laid out as in the README. Throws `E_NOT_FOUND` when
 * neither is set or the folder does not exist.
 */
export function resolveDataDir(options: { dataDir?: string } = {}): string {
  const given = options.dataDir ?? process.env[DATA_DIR_ENV]
  if (given === undefined || given === '') {
    throw new AedetectError('E_NOT_FOUND', `resolveDataDir(): no data directory given. Pass the dataDir option or set the environment variable ${DATA_DIR_ENV} to a folder laid out as in the @aedetect/datasets README (section "Data directory").`)
  }
  const dir = resolve(given)
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    const origin = options.dataDir !== undefined ? 'the dataDir option' : `${DATA_DIR_ENV}`
    throw new AedetectError('E_NOT_FOUND', `resolveDataDir(): data directory ${dir} (from ${origin}) does not exist. Point it at a folder laid out as in the @aedetect/datasets README (section "Data directory").`)
  }
  return dir
}
