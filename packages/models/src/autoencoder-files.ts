import { stat } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { AedetectError } from '@aedetect/core'
import type { Autoencoder } from './autoencoder'
import type { AutoencoderConfig } from './autoencoder-config'
import { readFolderFile } from './read-folder-file'
import { deserializeAutoencoder, MAX_MODEL_JSON_BYTES, MAX_WEIGHTS_BYTES, serializeAutoencoder, WEIGHTS_FILE } from './serialize-autoencoder'
import { recoverFolder, writeFolderAtomic, type FolderRecoveryOptions } from './write-folder-atomic'

/** The `format` field of `autoencoder.json`. */
export const AUTOENCODER_FORMAT = 'aedetect-autoencoder'
/** The `formatVersion` this version writes and reads. */
export const AUTOENCODER_FORMAT_VERSION = 1

/** Contents of `autoencoder.json`. */
export interface AutoencoderFile {
  format: typeof AUTOENCODER_FORMAT
  formatVersion: number
  config: AutoencoderConfig
  sampleShape: number[]
  /** Lower-case hex SHA-256 of `weights.bin`, verified on load (absent in folders saved before it existed). */
  weightsSha256?: string
}

/** Largest `autoencoder.json` read, in bytes (it holds a config and a shape: a few hundred bytes). */
export const MAX_AUTOENCODER_JSON_BYTES = 1024 * 1024

/**
 * Saves an autoencoder as the folder `dir` holding `model.json`, `weights.bin` (tfjs format, loadable by
 * `tf.loadLayersModel`) and, written last, `autoencoder.json` (format, version, config, sample shape, the SHA-256
 * of the weights). Written atomically and durably ({@link writeFolderAtomic}): an existing folder is replaced
 * only after a full write; what an interrupted save left is recovered first ({@link recoverFolder}), reported
 * through `options.onWarning`.
 * @throws AedetectError `E_IO` when writing fails (the old folder is intact).
 */
export async function saveAutoencoder(autoencoder: Autoencoder, dir: string, options: Pick<FolderRecoveryOptions, 'onWarning'> = {}): Promise<void> {
  const serialized = await serializeAutoencoder(autoencoder)
  const meta: AutoencoderFile = {
    format: AUTOENCODER_FORMAT,
    formatVersion: AUTOENCODER_FORMAT_VERSION,
    config: serialized.config,
    sampleShape: serialized.sampleShape,
    weightsSha256: serialized.weightsSha256,
  }
  await writeFolderAtomic(dir, {
    'model.json': serialized.modelJson,
    [WEIGHTS_FILE]: serialized.weights,
    'autoencoder.json': `${JSON.stringify(meta, null, 2)}\n`,
  }, { onWarning: options.onWarning, where: 'saveAutoencoder()' })
}

/**
 * Loads a folder written by {@link saveAutoencoder}, after recovering what an interrupted save left
 * ({@link recoverFolder}, reported through `options.onWarning`). Reads `autoencoder.json` first and checks its
 * format and version; every file must be a regular file (never a link) within its size limit, and everything is
 * checked ({@link deserializeAutoencoder}) before any tensor is made.
 * @throws AedetectError `E_NOT_FOUND` for a missing folder or file (naming the path), `E_FORMAT` for a
 *   folder of another format, `E_FORMAT_VERSION` for another format version, `E_CORRUPT` for a damaged,
 *   oversized, linked or mismatched file, `E_IO` when a file cannot be read.
 */
export async function loadAutoencoder(dir: string, options: Pick<FolderRecoveryOptions, 'onWarning'> = {}): Promise<Autoencoder> {
  const where = 'loadAutoencoder()'
  const folder = resolve(dir)
  await recoverFolder(folder, { onWarning: options.onWarning, where })
  const info = await stat(folder).catch(() => undefined)
  if (!info?.isDirectory()) {
    throw new AedetectError('E_NOT_FOUND', `${where}: '${folder}' is not a folder. Pass a folder written by saveAutoencoder().`)
  }
  const fix = 'Pass a folder written by saveAutoencoder().'
  const metaPath = join(folder, 'autoencoder.json')
  const metaBytes = await readFolderFile(folder, 'autoencoder.json', { maxBytes: MAX_AUTOENCODER_JSON_BYTES, where, fix })
  let meta: Partial<AutoencoderFile>
  try {
    meta = JSON.parse(new TextDecoder().decode(metaBytes))
  } catch (cause) {
    throw new AedetectError('E_CORRUPT', `${where}: '${metaPath}' is not valid JSON. Re-save the model.`, { cause })
  }
  if (meta?.format !== AUTOENCODER_FORMAT) {
    throw new AedetectError('E_FORMAT', `${where}: '${metaPath}' has format '${String(meta?.format)}'; expected '${AUTOENCODER_FORMAT}'. Pass a folder written by saveAutoencoder().`)
  }
  if (meta.formatVersion !== AUTOENCODER_FORMAT_VERSION) {
    throw new AedetectError('E_FORMAT_VERSION', `${where}: '${metaPath}' has formatVersion ${String(meta.formatVersion)}; this version of @aedetect/models reads ${AUTOENCODER_FORMAT_VERSION}. Re-save the model with a matching version of @aedetect/models.`)
  }
  const config = meta.config as { kind?: unknown } | undefined
  if (!config || typeof config !== 'object' || typeof config.kind !== 'string') {
    throw new AedetectError('E_CORRUPT', `${where}: '${metaPath}' has no config with a kind. Re-save the model.`)
  }
  if (meta.weightsSha256 !== undefined && (typeof meta.weightsSha256 !== 'string' || !/^[0-9a-f]{64}$/.test(meta.weightsSha256))) {
    throw new AedetectError('E_CORRUPT', `${where}: '${metaPath}' has weightsSha256 ${JSON.stringify(meta.weightsSha256)}; expected 64 lower-case hex digits. Re-save the model.`)
  }
  const modelJson = new TextDecoder().decode(await readFolderFile(folder, 'model.json', { maxBytes: MAX_MODEL_JSON_BYTES, where, fix }))
  const weights = await readFolderFile(folder, WEIGHTS_FILE, { maxBytes: MAX_WEIGHTS_BYTES, where, fix })
  return deserializeAutoencoder(
    { modelJson, weights, config: meta.config as AutoencoderConfig, sampleShape: meta.sampleShape as number[], weightsSha256: meta.weightsSha256 },
    { where: `${where}: ${folder}` },
  )
}
