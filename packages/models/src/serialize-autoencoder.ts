import * as tf from '@tensorflow/tfjs'
import { AedetectError } from '@aedetect/core'
import type { AutoencoderConfig } from './autoencoder-config'
import { assembleAutoencoder, internalsOf, type Autoencoder } from './autoencoder'
import { registerCustomLayers } from './_seeded-dropout'

/** An autoencoder as plain data: tfjs `model.json` text, the weights' bytes, and what built it. */
export interface SerializedAutoencoder {
  /** tfjs `model.json` (format `layers-model`) whose `weightsManifest` points at `weights.bin`. */
  modelJson: string
  /** The contents of `weights.bin` (little-endian float32, in manifest order). */
  weights: Uint8Array
  config: AutoencoderConfig
  sampleShape: number[]
}

/** The file name the manifest points at. */
export const WEIGHTS_FILE = 'weights.bin'

/**
 * Serialises the weights and topology (not the optimizer state) without tfjs-node, through
 * `tf.io.withSaveHandler`. Save → {@link deserializeAutoencoder} → bit-identical reconstructions.
 */
export async function serializeAutoencoder(autoencoder: Autoencoder): Promise<SerializedAutoencoder> {
  let captured: tf.io.ModelArtifacts | undefined
  await internalsOf(autoencoder).storage.save(
    tf.io.withSaveHandler(async (artifacts) => {
      captured = artifacts
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } }
    }),
  )
  if (!captured) throw new AedetectError('E_IO', 'serializeAutoencoder(): tfjs produced no model artifacts.')
  const weightData = captured.weightData
  const buffers = weightData === undefined ? [] : Array.isArray(weightData) ? weightData : [weightData]
  let total = 0
  for (const b of buffers) total += b.byteLength
  const weights = new Uint8Array(total)
  let offset = 0
  for (const b of buffers) {
    weights.set(new Uint8Array(b), offset)
    offset += b.byteLength
  }
  const modelJson = JSON.stringify({
    format: captured.format ?? 'layers-model',
    generatedBy: captured.generatedBy,
    convertedBy: captured.convertedBy ?? null,
    modelTopology: captured.modelTopology,
    weightsManifest: [{ paths: [WEIGHTS_FILE], weights: captured.weightSpecs ?? [] }],
  })
  return { modelJson, weights, config: autoencoder.config, sampleShape: autoencoder.sampleShape.slice() }
}

const BYTES: Record<string, number> = { float32: 4, int32: 4, bool: 1, uint8: 1, uint16: 2, float16: 2, complex64: 8 }

interface ManifestGroup {
  paths: string[]
  weights: tf.io.WeightsManifestEntry[]
}

function corrupt(what: string): AedetectError {
  return new AedetectError('E_CORRUPT', `deserializeAutoencoder(): ${what}`)
}

/**
 * Rebuilds an autoencoder from {@link serializeAutoencoder}'s output via `tf.io.fromMemory`, after
 * checking the manifest: every path a plain file name, and the weights exactly as long as the manifest says.
 * @throws AedetectError `E_CORRUPT` for unreadable JSON, a manifest path that is not a plain file name
 *   (e.g. `../x.bin`), or weights of the wrong length (expected and got bytes).
 */
export async function deserializeAutoencoder(serialized: SerializedAutoencoder): Promise<Autoencoder> {
  let json: { modelTopology?: unknown; weightsManifest?: ManifestGroup[] }
  try {
    json = JSON.parse(serialized.modelJson)
  } catch (cause) {
    throw new AedetectError('E_CORRUPT', `deserializeAutoencoder(): model.json is not valid JSON (${(cause as Error).message}). Re-save the model.`, { cause })
  }
  if (!json || typeof json.modelTopology !== 'object' || !Array.isArray(json.weightsManifest)) {
    throw corrupt('model.json has no modelTopology or weightsManifest; it is not a tfjs layers model. Re-save the model.')
  }
  const specs: tf.io.WeightsManifestEntry[] = []
  let expected = 0
  for (const group of json.weightsManifest) {
    for (const path of group.paths ?? []) {
      if (typeof path !== 'string' || !/^[A-Za-z0-9._-]+$/.test(path) || path === '.' || path === '..') {
        throw corrupt(`the weights manifest names '${String(path)}'; only plain file names inside the model folder are allowed. Re-save the model.`)
      }
    }
    for (const spec of group.weights ?? []) {
      let count = 1
      for (const d of spec.shape) count *= d
      const bytes = BYTES[spec.dtype]
      if (bytes === undefined || spec.quantization) throw corrupt(`weight '${spec.name}' has dtype '${spec.dtype}'${spec.quantization ? ' (quantized)' : ''}, which aedetect does not write. Re-save the model.`)
      expected += count * bytes
      specs.push(spec)
    }
  }
  const got = serialized.weights.byteLength
  if (got !== expected) {
    throw corrupt(`the weights hold ${got} bytes; the manifest expects ${expected}. The weights file is truncated or belongs to another model: re-save the model.`)
  }
  registerCustomLayers()
  const weightData = serialized.weights.buffer.slice(serialized.weights.byteOffset, serialized.weights.byteOffset + got) as ArrayBuffer
  const model = await tf.loadLayersModel(
    tf.io.fromMemory({ modelTopology: json.modelTopology as object, weightSpecs: specs, weightData }),
  )
  return assembleAutoencoder(model, serialized.config, serialized.sampleShape)
}
