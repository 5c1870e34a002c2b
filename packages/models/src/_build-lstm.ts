import * as tf from '@tensorflow/tfjs'
import type { LstmConfig } from './autoencoder-config'
import { AedetectError, createRandom } from '@aedetect/core'
import type { SeedSource } from './_seeds'
import { expectOneOf, expectPositiveInteger } from './_options'

const WHERE = 'buildAutoencoder()'
type Sym = tf.SymbolicTensor

/** LSTM defaults: 64 units, linear output, one value per LSTM step. */
export function lstmDefaults(config: LstmConfig): Required<LstmConfig> {
  return { kind: 'lstm', units: config.units ?? 64, outputActivation: config.outputActivation ?? 'linear', frameLength: config.frameLength ?? 1 }
}

export function buildLstm(config: LstmConfig, sampleShape: number[], seeds: SeedSource): tf.LayersModel {
  const c = lstmDefaults(config)
  expectPositiveInteger(c.units, 'units', WHERE)
  expectOneOf(c.outputActivation, 'outputActivation', ['sigmoid', 'linear'], WHERE)
  expectPositiveInteger(c.frameLength, 'frameLength', WHERE)
  const [sequenceSteps, sequenceChannels] = sampleShape
  if (sequenceSteps % c.frameLength !== 0) {
    throw new AedetectError('E_OPTION', `${WHERE}: frameLength must divide the ${sequenceSteps} steps of a sample, got ${c.frameLength}; choose a divisor of ${sequenceSteps} (1 keeps one value per step).`)
  }
  // Framing is a reshape: [steps, channels] and [steps / f, f · channels] share one row-major layout.
  const steps = sequenceSteps / c.frameLength
  const channels = sequenceChannels * c.frameLength
  // recurrentActivation 'sigmoid' as in Keras 2 and PyTorch (the tfjs default is hardSigmoid).
  const lstm = (name: string, returnSequences: boolean): tf.layers.Layer =>
    tf.layers.lstm({
      units: c.units,
      recurrentActivation: 'sigmoid',
      returnSequences,
      kernelInitializer: seeds.kernel(),
      // Replaced by orthogonalRows below; tfjs's own orthogonal initializer warns (console) and is slow past 2,000 values.
      recurrentInitializer: 'zeros',
      name,
    })
  const input = tf.input({ shape: sampleShape, name: 'input' })
  const framed = c.frameLength === 1 ? input : (tf.layers.reshape({ targetShape: [steps, channels], name: 'frames' }).apply(input) as Sym)
  let y = lstm('code', false).apply(framed) as Sym
  y = tf.layers.repeatVector({ n: steps, name: 'repeat' }).apply(y) as Sym
  y = lstm('decoder_lstm', true).apply(y) as Sym
  const dense = tf.layers.dense({ units: channels, activation: c.outputActivation, kernelInitializer: seeds.kernel(), name: 'reconstruction_dense' })
  y = tf.layers.timeDistributed({ layer: dense, name: 'reconstruction' }).apply(y) as Sym
  if (c.frameLength > 1) y = tf.layers.reshape({ targetShape: sampleShape, name: 'unframe' }).apply(y) as Sym
  const model = tf.model({ inputs: input, outputs: y, name: 'lstm_autoencoder' })
  for (const name of ['code', 'decoder_lstm']) {
    const layer = model.getLayer(name)
    const [kernel, recurrent, bias] = layer.getWeights()
    const [rows, cols] = recurrent.shape as [number, number]
    const replacement = tf.tensor(orthogonalRows(rows, cols, seeds.next()), [rows, cols])
    layer.setWeights([kernel, replacement, bias])
    replacement.dispose()
  }
  return model
}

/**
 * A seeded `rows × cols` matrix with orthonormal rows (rows ≤ cols): Gram–Schmidt on Gaussian rows, the
 * recurrent initialisation of Keras and PyTorch-style LSTMs. Float64 accumulation, float32 out.
 */
function orthogonalRows(rows: number, cols: number, seed: number): Float32Array {
  const random = createRandom(seed)
  const q = new Float64Array(rows * cols)
  for (let i = 0; i < q.length; i++) q[i] = random.nextNormal()
  for (let r = 0; r < rows; r++) {
    const row = r * cols
    for (let p = 0; p < r; p++) {
      const prev = p * cols
      let dot = 0
      for (let c = 0; c < cols; c++) dot += q[row + c] * q[prev + c]
      for (let c = 0; c < cols; c++) q[row + c] -= dot * q[prev + c]
    }
    let norm = 0
    for (let c = 0; c < cols; c++) norm += q[row + c] * q[row + c]
    norm = Math.sqrt(norm)
    for (let c = 0; c < cols; c++) q[row + c] /= norm
  }
  return Float32Array.from(q)
}
