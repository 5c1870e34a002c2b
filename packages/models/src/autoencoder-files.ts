import { readFile, stat } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { AedetectError } from '@aedetect/core'
import type { Autoencoder } from './autoencoder'
import type { AutoencoderConfig } from './autoencoder-config'
import { deserializeAutoencoder, serializeAutoencoder, WEIGHTS_FILE } from './serialize-autoencoder'
import { writeFolderAtomic } from './write-folder-atomic'

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
}

/**
 * Saves an autoencoder as the folder `dir` holding `model.json`, `weights.bin` (tfjs format, loadable by
 * `tf.loadLayersModel`) and `autoencoder.json` (format, version, config, sample shape). Written
 * atomically ({@link writeFolderAtomic}): an existing folder is replaced only after a full write.
 * @throws AedetectError `E_IO` when writing fails (the old folder is intact).
 */
export async function saveAutoencoder(autoencoder: Autoencoder, dir: string): Promise<void> {
  const serialized = await serializeAutoencoder(autoencoder)
  const meta: AutoencoderFile = {
    format: AUTOENCODER_FORMAT,
    formatVersion: AUTOENCODER_FORMAT_VERSION,
    config: serialized.config,
    sampleShape: serialized.sampleShape,
  }
  await writeFolderAtomic(dir, {
    'model.json': serialized.modelJson,
    [WEIGHTS_FILE]: serialized.weights,
    'autoencoder.json': `${JSON.stringify(meta, null, 2)}\n`,
  })
}

async function readOrNotFound(path: string, where: string): Promise<Buffer> {
  try {
    return await readFile(path)
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new AedetectError('E_NOT_FOUND', `${where}: '${path}' does not exist. Pass a folder written by saveAutoencoder().`, { cause })
    }
    throw new AedetectError('E_IO', `${where}: could not read '${path}': ${(cause as Error).message}.`, { cause })
  }
}

/**
 * Loads a folder written by {@link saveAutoencoder}.
 * @throws AedetectError `E_NOT_FOUND` for a missing folder or file (naming the path), `E_FORMAT` for a
 *   folder of another format, `E_FORMAT_VERSION` for another format version, `E_CORRUPT` for a truncated
 *   weights file or a manifest path that leaves the folder.
 */
export async function loadAutoencoder(dir: string): Promise<Autoencoder> {
  const where = 'loadAutoencoder()'
  const folder = resolve(dir)
  const info = await stat(folder).catch(() => undefined)
  if (!info?.isDirectory()) {
    throw new AedetectError('E_NOT_FOUND', `${where}: '${folder}' is not a folder. Pass a folder written by saveAutoencoder().`)
  }
  const metaPath = join(folder, 'autoencoder.json')
  let meta: Partial<AutoencoderFile>
  try {
    meta = JSON.parse((await readOrNotFound(metaPath, where)).toString('utf8'))
  } catch (cause) {
    if (cause instanceof AedetectError) throw cause
    throw new AedetectError('E_CORRUPT', `${where}: '${metaPath}' is not valid JSON. Re-save the model.`, { cause })
  }
  if (meta?.format !== AUTOENCODER_FORMAT) {
    throw new AedetectError('E_FORMAT', `${where}: '${metaPath}' has format '${String(meta?.format)}'; expected '${AUTOENCODER_FORMAT}'. Pass a folder written by saveAutoencoder().`)
  }
  if (meta.formatVersion !== AUTOENCODER_FORMAT_VERSION) {
    throw new AedetectError('E_FORMAT_VERSION', `${where}: '${metaPath}' has formatVersion ${String(meta.formatVersion)}; this version of @aedetect/models reads ${AUTOENCODER_FORMAT_VERSION}. Re-save the model with a matching version of @aedetect/models.`)
  }
  const modelJson = (await readOrNotFound(join(folder, 'model.json'), where)).toString('utf8')
  const buffer = await readOrNotFound(join(folder, WEIGHTS_FILE), where)
  // A Buffer may be a view into a shared pool: copy it into its own ArrayBuffer.
  const weights = new Uint8Array(buffer.byteLength)
  weights.set(buffer)
  return deserializeAutoencoder({ modelJson, weights, config: meta.config as AutoencoderConfig, sampleShape: meta.sampleShape as number[] })
}
