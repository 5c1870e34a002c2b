import * as tf from '@tensorflow/tfjs'
import { AedetectError } from '@aedetect/core'
import type { AutoencoderConfig } from './autoencoder-config'
import { assembleAutoencoder, internalsOf, type Autoencoder } from './autoencoder'
import { registerCustomLayers } from './_seeded-dropout'
import { sha256Hex } from './_sha256'
import { checkTopology, type CheckedWeightSpec } from './_topology-check'

/** An autoencoder as plain data: tfjs `model.json` text, the weights' bytes, and what built it. */
export interface SerializedAutoencoder {
  /** tfjs `model.json` (format `layers-model`) whose `weightsManifest` points at `weights.bin`. */
  modelJson: string
  /** The contents of `weights.bin` (little-endian float32, in manifest order). */
  weights: Uint8Array
  config: AutoencoderConfig
  sampleShape: number[]
  /**
   * Lower-case hex SHA-256 of `weights`. {@link serializeAutoencoder} always sets it; {@link deserializeAutoencoder}
   * verifies it when present (artifacts written before it existed have none).
   */
  weightsSha256?: string
}

/** Options of {@link deserializeAutoencoder}. */
export interface DeserializeOptions {
  /** Names the source in messages, e.g. a folder path. Default `'deserializeAutoencoder()'`. */
  where?: string
  /** The sentence ending each message, saying how to get a good artifact. Default `'Re-save the model.'`. */
  fix?: string
}

/**
 * Largest `model.json` read, in bytes: aedetect's topologies are a few kB to a few tens of kB. Checked before
 * parsing, by the folder and file loaders (text) and by {@link deserializeAutoencoder}.
 */
export const MAX_MODEL_JSON_BYTES = 4 * 1024 * 1024
/** Largest `weights.bin` read, in bytes (256 MiB: 64 M float32 weights; aedetect's largest default model is under 1 MB). */
export const MAX_WEIGHTS_BYTES = 256 * 1024 * 1024

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
  return { modelJson, weights, config: autoencoder.config, sampleShape: autoencoder.sampleShape.slice(), weightsSha256: await sha256Hex(weights) }
}

const BYTES: Record<string, number> = { float32: 4, int32: 4, bool: 1, uint8: 1, uint16: 2, float16: 2, complex64: 8 }

interface ManifestGroup {
  paths: string[]
  weights: tf.io.WeightsManifestEntry[]
}

/**
 * Rebuilds an autoencoder from {@link serializeAutoencoder}'s output via `tf.io.fromMemory`, after checking
 * everything before tfjs builds (and allocates) anything: the sizes (`model.json` at most
 * {@link MAX_MODEL_JSON_BYTES}, weights at most {@link MAX_WEIGHTS_BYTES}), the manifest (every path a plain file
 * name, every shape of whole numbers, a dtype aedetect writes, the weights exactly as long as it says), the SHA-256
 * of the weights when `weightsSha256` is given, and the topology against the manifest and `sampleShape` (layer
 * classes, input shape, units, filters and kernel sizes). A failure after the build disposes what was built.
 * @throws AedetectError `E_CORRUPT` for any of those (naming the file, what was found and what was expected).
 */
export async function deserializeAutoencoder(serialized: SerializedAutoencoder, options: DeserializeOptions = {}): Promise<Autoencoder> {
  const where = options.where ?? 'deserializeAutoencoder()'
  const fix = options.fix ?? 'Re-save the model.'
  const corrupt = (what: string): AedetectError => new AedetectError('E_CORRUPT', `${where}: ${what} ${fix}`)
  if (typeof serialized.modelJson !== 'string' || serialized.modelJson.length > MAX_MODEL_JSON_BYTES) {
    throw corrupt(`model.json is ${typeof serialized.modelJson === 'string' ? `${serialized.modelJson.length} characters` : 'not text'}; aedetect reads at most ${MAX_MODEL_JSON_BYTES}.`)
  }
  if (!(serialized.weights instanceof Uint8Array) || serialized.weights.byteLength > MAX_WEIGHTS_BYTES) {
    throw corrupt(`the weights are ${serialized.weights instanceof Uint8Array ? `${serialized.weights.byteLength} bytes` : 'not bytes'}; aedetect reads at most ${MAX_WEIGHTS_BYTES}.`)
  }
  const sampleShape = serialized.sampleShape
  if (!Array.isArray(sampleShape) || sampleShape.length < 1 || sampleShape.length > 3 || !sampleShape.every((d) => Number.isInteger(d) && d >= 1 && d <= 1 << 24)) {
    throw corrupt(`the sample shape is ${JSON.stringify(sampleShape)}; expected 1 to 3 whole numbers from 1 to ${1 << 24}.`)
  }
  let json: { modelTopology?: unknown; weightsManifest?: ManifestGroup[] }
  try {
    json = JSON.parse(serialized.modelJson)
  } catch (cause) {
    throw new AedetectError('E_CORRUPT', `${where}: model.json is not valid JSON (${(cause as Error).message}). ${fix}`, { cause })
  }
  if (!json || typeof json !== 'object' || !json.modelTopology || typeof json.modelTopology !== 'object' || !Array.isArray(json.weightsManifest)) {
    throw corrupt('model.json has no modelTopology or weightsManifest; it is not a tfjs layers model.')
  }
  const specs: CheckedWeightSpec[] = []
  let expected = 0
  for (const group of json.weightsManifest) {
    const paths: unknown = group?.paths ?? []
    const weights: unknown = group?.weights ?? []
    if (!Array.isArray(paths) || !Array.isArray(weights)) throw corrupt('model.json\'s weightsManifest has a group without paths or weights lists.')
    for (const path of paths) {
      if (typeof path !== 'string' || !/^[A-Za-z0-9._-]+$/.test(path) || path === '.' || path === '..') {
        throw corrupt(`the weights manifest names '${String(path)}'; only plain file names inside the model folder are allowed.`)
      }
    }
    for (const spec of weights as Array<Partial<tf.io.WeightsManifestEntry> | null>) {
      const name = spec?.name
      if (typeof name !== 'string' || !Array.isArray(spec?.shape) || !spec.shape.every((d) => Number.isInteger(d) && d >= 0)) {
        throw corrupt(`the weights manifest has an entry ${JSON.stringify(name ?? null)} without a name and a shape of whole numbers.`)
      }
      const bytes = BYTES[spec.dtype as string]
      if (bytes === undefined || spec.quantization) throw corrupt(`weight '${name}' has dtype '${String(spec.dtype)}'${spec.quantization ? ' (quantized)' : ''}, which aedetect does not write.`)
      let count = bytes
      for (const d of spec.shape) count *= d
      expected += count
      // Stop before the sum loses precision: the manifest already asks for more than any weights file may hold.
      if (expected > MAX_WEIGHTS_BYTES) throw corrupt(`the weights manifest asks for more than ${MAX_WEIGHTS_BYTES} bytes of weights (at '${name}'); the weights hold ${serialized.weights.byteLength}.`)
      specs.push({ name, shape: spec.shape, dtype: spec.dtype as string })
    }
  }
  const got = serialized.weights.byteLength
  if (got !== expected) {
    throw new AedetectError('E_CORRUPT', `${where}: the weights hold ${got} bytes; the manifest expects ${expected}. The weights file is truncated or belongs to another model: ${fix.charAt(0).toLowerCase()}${fix.slice(1)}`)
  }
  if (serialized.weightsSha256 !== undefined) {
    const sum = await sha256Hex(serialized.weights)
    if (sum !== serialized.weightsSha256) {
      throw new AedetectError('E_CORRUPT', `${where}: weights.bin has SHA-256 ${sum}; it was saved with ${String(serialized.weightsSha256)}. The weights file is damaged or from another save: ${fix.charAt(0).toLowerCase()}${fix.slice(1)}`)
    }
  }
  checkTopology(json.modelTopology, specs, sampleShape, corrupt)
  registerCustomLayers()
  const weightData = serialized.weights.buffer.slice(serialized.weights.byteOffset, serialized.weights.byteOffset + got) as ArrayBuffer
  // tfjs builds every layer's variables before it sets the weights; if it then fails (a shape it disagrees
  // with), those variables are left registered: dispose whatever this call added.
  const variablesBefore = new Set(Object.keys(tf.engine().registeredVariables))
  let model: tf.LayersModel | undefined
  try {
    model = await tf.loadLayersModel(
      tf.io.fromMemory({ modelTopology: json.modelTopology as object, weightSpecs: specs as tf.io.WeightsManifestEntry[], weightData }),
    )
    return assembleAutoencoder(model, serialized.config, sampleShape)
  } catch (cause) {
    model?.dispose()
    for (const [name, variable] of Object.entries(tf.engine().registeredVariables)) if (!variablesBefore.has(name)) variable.dispose()
    throw new AedetectError('E_CORRUPT', `${where}: tfjs could not rebuild the model from model.json and weights.bin (${(cause as Error).message}). ${fix}`, { cause })
  }
}
