import * as tf from '@tensorflow/tfjs'
import type { DenseConfig } from './autoencoder-config'
import { registerCustomLayers, SeededDropout } from './_seeded-dropout'
import type { SeedSource } from './_seeds'
import { expectInRange, expectOneOf, expectPositiveIntegers } from './_options'

const WHERE = 'buildAutoencoder()'

/** The dense config with every default filled in. */
export function denseDefaults(config: DenseConfig): Required<Omit<DenseConfig, 'sparsity'>> & Pick<DenseConfig, 'sparsity'> {
  return {
    kind: 'dense',
    hiddenUnits: config.hiddenUnits ?? [32, 16, 8, 16, 32],
    activation: config.activation ?? 'relu',
    outputActivation: config.outputActivation ?? 'sigmoid',
    dropout: config.dropout ?? 0,
    batchNorm: config.batchNorm ?? false,
    sparsity: config.sparsity,
  }
}

// The code is the first narrowest hidden layer: [32, 16, 8, 16, 32] → index 2.
function codeIndex(units: number[]): number {
  let best = 0
  for (let i = 1; i < units.length; i++) if (units[i] < units[best]) best = i
  return best
}

export function buildDense(config: DenseConfig, sampleShape: number[], seeds: SeedSource): tf.LayersModel {
  const c = denseDefaults(config)
  expectPositiveIntegers(c.hiddenUnits, 'hiddenUnits', WHERE)
  expectInRange(c.dropout, 'dropout', 0, 1, WHERE, true)
  expectOneOf(c.outputActivation, 'outputActivation', ['sigmoid', 'linear'], WHERE)
  if (c.sparsity) {
    expectOneOf(c.sparsity.kind, 'sparsity.kind', ['l1', 'kl'], WHERE)
    expectInRange(c.sparsity.weight, 'sparsity.weight', 0, Number.MAX_VALUE, WHERE)
    if (c.sparsity.kind === 'kl') expectInRange(c.sparsity.target, 'sparsity.target', 1e-6, 1 - 1e-6, WHERE)
  }
  if (c.dropout > 0) registerCustomLayers()
  const features = sampleShape.reduce((a, b) => a * b, 1)
  const input = tf.input({ shape: sampleShape, name: 'input' })
  let y: tf.SymbolicTensor = input
  if (sampleShape.length > 1) y = tf.layers.flatten({ name: 'flatten' }).apply(y) as tf.SymbolicTensor
  const code = codeIndex(c.hiddenUnits)
  c.hiddenUnits.forEach((units, i) => {
    const isCode = i === code
    const name = isCode ? 'code' : i < code ? `encoder_${i + 1}` : `decoder_${i - code}`
    // KL sparsity compares mean activations with a target rate in (0, 1): the code must be a sigmoid.
    const activation = isCode && c.sparsity?.kind === 'kl' ? 'sigmoid' : c.activation
    y = tf.layers.dense({ units, activation, kernelInitializer: seeds.kernel(), name }).apply(y) as tf.SymbolicTensor
    if (isCode) return
    if (c.batchNorm) y = tf.layers.batchNormalization({ name: `${name}_batch_norm` }).apply(y) as tf.SymbolicTensor
    if (c.dropout > 0) y = new SeededDropout({ rate: c.dropout, seed: seeds.next(), name: `${name}_dropout` }).apply(y) as tf.SymbolicTensor
  })
  y = tf.layers.dense({ units: features, activation: c.outputActivation, kernelInitializer: seeds.kernel(), name: 'reconstruction' }).apply(y) as tf.SymbolicTensor
  if (sampleShape.length > 1) y = tf.layers.reshape({ targetShape: sampleShape, name: 'reshape' }).apply(y) as tf.SymbolicTensor
  return tf.model({ inputs: input, outputs: y, name: 'dense_autoencoder' })
}
