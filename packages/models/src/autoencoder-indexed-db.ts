import * as tf from '@tensorflow/tfjs'
import { AedetectError } from '@aedetect/core'
import type { AutoencoderConfig } from './autoencoder-config'
import { assembleAutoencoder, internalsOf, type Autoencoder } from './autoencoder'
import { registerCustomLayers } from './_seeded-dropout'

const PREFIX = 'indexeddb://'
const FORMAT = 'aedetect-autoencoder'
const FORMAT_VERSION = 1

interface Metadata {
  format: string
  formatVersion: number
  config: AutoencoderConfig
  sampleShape: number[]
}

function expectKey(key: string, where: string): string {
  if (typeof key !== 'string' || key.length === 0) {
    throw new AedetectError('E_OPTION', `${where}: key must be a non-empty string, got ${JSON.stringify(key)}.`)
  }
  return `${PREFIX}${key}`
}

function unavailable(where: string): AedetectError {
  return new AedetectError('E_UNSUPPORTED', `${where}: IndexedDB is not available here (tf.io has no indexeddb:// handler outside a browser). In Node use saveAutoencoder/loadAutoencoder from '@aedetect/models/node'.`)
}

/**
 * Saves an autoencoder in the browser's IndexedDB under `key` (tf.io's `indexeddb://` store), with its
 * config and sample shape as the model's user-defined metadata. Overwrites an earlier model of that key.
 * @throws AedetectError `E_UNSUPPORTED` where IndexedDB is unavailable (Node), `E_OPTION` for an empty key.
 */
export async function saveAutoencoderToIndexedDb(autoencoder: Autoencoder, key: string): Promise<void> {
  const where = 'saveAutoencoderToIndexedDb()'
  const url = expectKey(key, where)
  const [handler] = tf.io.getSaveHandlers(url)
  if (!handler?.save) throw unavailable(where)
  let captured: tf.io.ModelArtifacts | undefined
  await internalsOf(autoencoder).storage.save(
    tf.io.withSaveHandler(async (artifacts) => {
      captured = artifacts
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } }
    }),
  )
  const metadata: Metadata = { format: FORMAT, formatVersion: FORMAT_VERSION, config: autoencoder.config, sampleShape: autoencoder.sampleShape }
  await handler.save({ ...captured!, userDefinedMetadata: metadata as unknown as Record<string, {}> })
}

/**
 * Loads an autoencoder saved by {@link saveAutoencoderToIndexedDb}.
 * @throws AedetectError `E_UNSUPPORTED` where IndexedDB is unavailable, `E_NOT_FOUND` for an unknown key,
 *   `E_FORMAT` / `E_FORMAT_VERSION` for a model saved by something else or another format version.
 */
export async function loadAutoencoderFromIndexedDb(key: string): Promise<Autoencoder> {
  const where = 'loadAutoencoderFromIndexedDb()'
  const url = expectKey(key, where)
  const [handler] = tf.io.getLoadHandlers(url)
  if (!handler?.load) throw unavailable(where)
  let artifacts: tf.io.ModelArtifacts
  try {
    artifacts = await handler.load()
  } catch (cause) {
    throw new AedetectError('E_NOT_FOUND', `${where}: no model under '${url}' (${(cause as Error).message}).`, { cause })
  }
  const meta = artifacts.userDefinedMetadata as unknown as Partial<Metadata> | undefined
  if (meta?.format !== FORMAT) {
    throw new AedetectError('E_FORMAT', `${where}: the model under '${url}' was not saved by saveAutoencoderToIndexedDb() (format '${String(meta?.format)}'; expected '${FORMAT}').`)
  }
  if (meta.formatVersion !== FORMAT_VERSION) {
    throw new AedetectError('E_FORMAT_VERSION', `${where}: the model under '${url}' has formatVersion ${String(meta.formatVersion)}; this version of @aedetect/models reads ${FORMAT_VERSION}. Re-save it with a matching version.`)
  }
  registerCustomLayers()
  const model = await tf.loadLayersModel(tf.io.fromMemory(artifacts))
  return assembleAutoencoder(model, meta.config as AutoencoderConfig, meta.sampleShape as number[])
}
