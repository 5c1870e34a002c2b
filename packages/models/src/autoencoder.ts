import * as tf from '@tensorflow/tfjs'
import type { AutoencoderConfig } from './autoencoder-config'

/** One layer of a {@link ModelSummary}. */
export interface LayerSummary {
  name: string
  /** The tfjs class name, e.g. `'Dense'`, `'Conv2DTranspose'`. */
  type: string
  /** Output shape with `null` for the batch axis (arrays for multi-output layers). */
  outputShape: (number | null)[] | (number | null)[][]
  /** Number of weights (trainable and not). */
  parameters: number
}

/** Layers, shapes and parameter counts of an autoencoder. */
export interface ModelSummary {
  layers: LayerSummary[]
  /** Total number of weights. */
  parameters: number
}

/**
 * A built (or loaded) autoencoder: the tfjs model mapping a sample to its reconstruction, the encoder
 * mapping it to its code, the config it was built from and the sample shape it takes. It owns TF.js
 * weights: call `dispose()` when done.
 */
export interface Autoencoder {
  /** Input `[batch, ...sampleShape]` → reconstruction of the same shape (for the variational model: decoded from the mean code). */
  model: tf.LayersModel
  /** Input → code (the layer named `'code'`; the mean for the variational model). */
  encoder: tf.LayersModel
  config: AutoencoderConfig
  /** Shape of one sample, without the batch axis. */
  sampleShape: number[]
  /** Layers, output shapes and parameter counts. */
  summary(): ModelSummary
  /** Frees the weights. The autoencoder is unusable afterwards. */
  dispose(): void
}

/** What training and persistence need beyond the public fields. */
export interface AutoencoderInternals {
  /** The graph that is saved: `model` itself, or for the variational model `input → [reconstruction, logVar]`. */
  storage: tf.LayersModel
  /** The model `fit` runs on: `model`, or `input → [reconstruction, code]` for a sparse model. */
  training: tf.LayersModel
  /** Variational parts: `input → [mean, logVar]` and `code → reconstruction`. */
  variational?: { encoder: tf.LayersModel; decoder: tf.LayersModel }
}

const internals = new WeakMap<Autoencoder, AutoencoderInternals>()

export function internalsOf(autoencoder: Autoencoder): AutoencoderInternals {
  const found = internals.get(autoencoder)
  if (!found) throw new TypeError('expected an Autoencoder made by buildAutoencoder() or deserializeAutoencoder()')
  return found
}

function summarize(model: tf.LayersModel): ModelSummary {
  const layers: LayerSummary[] = model.layers.map((layer) => ({
    name: layer.name,
    type: layer.getClassName(),
    outputShape: layer.outputShape as LayerSummary['outputShape'],
    parameters: layer.countParams(),
  }))
  let parameters = 0
  for (const layer of layers) parameters += layer.parameters
  return { layers, parameters }
}

/**
 * Derives every view of an autoencoder from its stored graph, by layer name: `'code'` is the encoder
 * output; a variational graph has outputs `[reconstruction, logVar]`, decoder layers `decoder_*` and
 * `'reconstruction'`. Building and loading share this, so a loaded model has exactly the built one's parts.
 */
export function assembleAutoencoder(storage: tf.LayersModel, config: AutoencoderConfig, sampleShape: number[]): Autoencoder {
  const input = storage.inputs[0]
  const reconstruction = storage.outputs[0]
  const model = storage.outputs.length === 1 ? storage : tf.model({ inputs: input, outputs: reconstruction, name: 'autoencoder' })
  const code = storage.getLayer('code').output as tf.SymbolicTensor
  const encoder = tf.model({ inputs: input, outputs: code, name: 'encoder' })
  const parts: AutoencoderInternals = { storage, training: model }
  if (config.kind === 'dense' && config.sparsity) {
    parts.training = tf.model({ inputs: input, outputs: [reconstruction, code], name: 'sparse_training' })
  }
  if (config.kind === 'variational') {
    const logVar = storage.getLayer('code_log_var').output as tf.SymbolicTensor
    const latent = tf.input({ shape: [code.shape[1] as number], name: 'latent' })
    let y: tf.SymbolicTensor = latent
    for (const layer of storage.layers) {
      if (layer.name.startsWith('decoder_') || layer.name === 'reconstruction') y = layer.apply(y) as tf.SymbolicTensor
    }
    parts.variational = {
      encoder: tf.model({ inputs: input, outputs: [code, logVar], name: 'variational_encoder' }),
      decoder: tf.model({ inputs: latent, outputs: y, name: 'decoder' }),
    }
  }
  let disposed = false
  const autoencoder: Autoencoder = {
    model,
    encoder,
    config,
    sampleShape: sampleShape.slice(),
    summary: () => summarize(storage),
    dispose() {
      if (disposed) return
      disposed = true
      // Layer reference counts differ between the views (a layer applied twice counts twice), so the
      // models are marked disposed and then every weight of every layer is released explicitly.
      const models = new Set<tf.LayersModel>([storage, model, encoder, parts.training])
      if (parts.variational) {
        models.add(parts.variational.encoder)
        models.add(parts.variational.decoder)
      }
      const layers = new Set<tf.layers.Layer>()
      for (const m of models) for (const layer of m.layers) layers.add(layer)
      for (const m of models) {
        try {
          m.dispose()
        } catch {
          // Already released through a view that shares its layers.
        }
      }
      for (const layer of layers) {
        for (const weight of layer.weights) {
          try {
            weight.dispose()
          } catch {
            // Already disposed by its model.
          }
        }
      }
    },
  }
  internals.set(autoencoder, parts)
  return autoencoder
}
