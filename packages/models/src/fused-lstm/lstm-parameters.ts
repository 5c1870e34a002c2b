// Moves the weights of the stock tf.layers LSTM autoencoder (layers 'code', 'decoder_lstm' and the
// time-distributed 'reconstruction' dense) to and from Float32Arrays, so the fused math trains the very
// variables the saved model holds.
import * as tf from '@tensorflow/tfjs'
import type { LstmDimensions, LstmParameters } from './lstm-fused-forward'

const ORDER: [layer: string, keys: (keyof LstmParameters)[]][] = [
  ['code', ['encoderKernel', 'encoderRecurrent', 'encoderBias']],
  ['decoder_lstm', ['decoderKernel', 'decoderRecurrent', 'decoderBias']],
  ['reconstruction', ['denseKernel', 'denseBias']],
]

/** The tf.Variables behind each parameter, in {@link LstmParameters} order. */
export function lstmVariables(model: tf.LayersModel): Record<keyof LstmParameters, tf.Variable> {
  const out = {} as Record<keyof LstmParameters, tf.Variable>
  for (const [name, keys] of ORDER) {
    const weights = model.getLayer(name).trainableWeights
    keys.forEach((key, i) => {
      out[key] = weights[i].read() as tf.Variable
    })
  }
  return out
}

/**
 * The sizes of the stock LSTM autoencoder `model` as its LSTMs see them: with `frameLength` f > 1 the
 * [steps, channels] input is reshaped to [steps / f, f · channels] (the same memory layout), so the fused
 * math runs on the framed shape and its output is the model's, value for value.
 */
export function lstmDimensions(model: tf.LayersModel): LstmDimensions {
  const [, steps, channels] = (model.getLayer('code').input as tf.SymbolicTensor).shape as number[]
  const units = (model.getLayer('code').getConfig() as { units: number }).units
  const dense = model.getLayer('reconstruction').getConfig() as { layer: { config: { activation: string } } }
  return { steps, channels, units, sigmoidOutput: dense.layer.config.activation === 'sigmoid' }
}

/** Copies the model's current weights out (synchronous read). */
export function readLstmParameters(model: tf.LayersModel): LstmParameters {
  const vars = lstmVariables(model)
  const out = {} as LstmParameters
  for (const key of Object.keys(vars) as (keyof LstmParameters)[]) out[key] = Float32Array.from(vars[key].dataSync())
  return out
}

/** Writes `p` into the model's variables. */
export function writeLstmParameters(model: tf.LayersModel, p: LstmParameters): void {
  const vars = lstmVariables(model)
  for (const key of Object.keys(vars) as (keyof LstmParameters)[]) {
    const v = vars[key]
    const t = tf.tensor(p[key], v.shape, 'float32')
    v.assign(t)
    t.dispose()
  }
}
