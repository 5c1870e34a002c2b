import * as tf from '@tensorflow/tfjs'
import type { LstmConfig } from './autoencoder-config'
import type { SeedSource } from './_seeds'
import { expectOneOf, expectPositiveInteger } from './_options'

const WHERE = 'buildAutoencoder()'
type Sym = tf.SymbolicTensor

/** LSTM defaults: 64 units, linear output. */
export function lstmDefaults(config: LstmConfig): Required<LstmConfig> {
  return { kind: 'lstm', units: config.units ?? 64, outputActivation: config.outputActivation ?? 'linear' }
}

export function buildLstm(config: LstmConfig, sampleShape: number[], seeds: SeedSource): tf.LayersModel {
  const c = lstmDefaults(config)
  expectPositiveInteger(c.units, 'units', WHERE)
  expectOneOf(c.outputActivation, 'outputActivation', ['sigmoid', 'linear'], WHERE)
  const [steps, channels] = sampleShape
  // recurrentActivation 'sigmoid' as in Keras 2 and PyTorch (the tfjs default is hardSigmoid).
  const lstm = (name: string, returnSequences: boolean): tf.layers.Layer =>
    tf.layers.lstm({
      units: c.units,
      recurrentActivation: 'sigmoid',
      returnSequences,
      kernelInitializer: seeds.kernel(),
      recurrentInitializer: tf.initializers.orthogonal({ gain: 1, seed: seeds.next() }),
      name,
    })
  const input = tf.input({ shape: sampleShape, name: 'input' })
  let y = lstm('code', false).apply(input) as Sym
  y = tf.layers.repeatVector({ n: steps, name: 'repeat' }).apply(y) as Sym
  y = lstm('decoder_lstm', true).apply(y) as Sym
  const dense = tf.layers.dense({ units: channels, activation: c.outputActivation, kernelInitializer: seeds.kernel(), name: 'reconstruction_dense' })
  y = tf.layers.timeDistributed({ layer: dense, name: 'reconstruction' }).apply(y) as Sym
  return tf.model({ inputs: input, outputs: y, name: 'lstm_autoencoder' })
}
