import * as tf from '@tensorflow/tfjs'
import type { VariationalConfig } from './autoencoder-config'
import type { SeedSource } from './_seeds'
import { expectInRange, expectOneOf, expectPositiveInteger, expectPositiveIntegers } from './_options'

const WHERE = 'buildAutoencoder()'
type Sym = tf.SymbolicTensor

/** Variational defaults: encoder `[32, 16]`, latent 8, relu, sigmoid output, β = 1. */
export function variationalDefaults(config: VariationalConfig): Required<VariationalConfig> {
  return {
    kind: 'variational',
    hiddenUnits: config.hiddenUnits ?? [32, 16],
    latentDim: config.latentDim ?? 8,
    activation: config.activation ?? 'relu',
    outputActivation: config.outputActivation ?? 'sigmoid',
    beta: config.beta ?? 1,
  }
}

/** The stored graph: input → [reconstruction decoded from the mean, logVar]; layers named for assembleAutoencoder. */
export function buildVariational(config: VariationalConfig, sampleShape: number[], seeds: SeedSource): tf.LayersModel {
  const c = variationalDefaults(config)
  expectPositiveIntegers(c.hiddenUnits, 'hiddenUnits', WHERE)
  expectPositiveInteger(c.latentDim, 'latentDim', WHERE)
  expectInRange(c.beta, 'beta', 0, Number.MAX_VALUE, WHERE)
  expectOneOf(c.outputActivation, 'outputActivation', ['sigmoid', 'linear'], WHERE)
  const [features] = sampleShape
  const input = tf.input({ shape: sampleShape, name: 'input' })
  let y: Sym = input
  c.hiddenUnits.forEach((units, i) => {
    y = tf.layers.dense({ units, activation: c.activation, kernelInitializer: seeds.kernel(), name: `encoder_${i + 1}` }).apply(y) as Sym
  })
  const mean = tf.layers.dense({ units: c.latentDim, kernelInitializer: seeds.kernel(), name: 'code' }).apply(y) as Sym
  // Zero kernel: every code starts with unit variance, which keeps the first KL terms small.
  const logVar = tf.layers.dense({ units: c.latentDim, kernelInitializer: 'zeros', name: 'code_log_var' }).apply(y) as Sym
  let d: Sym = mean
  c.hiddenUnits.slice().reverse().forEach((units, i) => {
    d = tf.layers.dense({ units, activation: c.activation, kernelInitializer: seeds.kernel(), name: `decoder_${i + 1}` }).apply(d) as Sym
  })
  d = tf.layers.dense({ units: features, activation: c.outputActivation, kernelInitializer: seeds.kernel(), name: 'reconstruction' }).apply(d) as Sym
  return tf.model({ inputs: input, outputs: [d, logVar], name: 'variational_autoencoder' })
}
