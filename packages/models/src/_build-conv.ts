import * as tf from '@tensorflow/tfjs'
import { AedetectError } from '@aedetect/core'
import type { Conv1dConfig, Conv2dConfig, HiddenActivation } from './autoencoder-config'
import type { SeedSource } from './_seeds'
import { expectOneOf, expectPositiveInteger, expectPositiveIntegers } from './_options'

const WHERE = 'buildAutoencoder()'
type Sym = tf.SymbolicTensor
const apply = (layer: tf.layers.Layer, x: Sym): Sym => layer.apply(x) as Sym

// A narrow dense code between the convolutional encoder and decoder: the strided feature maps alone keep
// too much (8×7×7 values for MNIST, 16×35 for ECG5000) and reconstruct anomalies almost as well as normals.
// Optional hidden dense layers (`hidden`, mirrored on the way back) narrow the map to the code in steps.
function denseCode(y: Sym, mapShape: number[], units: number, hidden: number[], activation: HiddenActivation, seeds: SeedSource): Sym {
  const size = mapShape.reduce((a, b) => a * b, 1)
  y = apply(tf.layers.flatten({ name: 'encoder_flatten' }), y)
  hidden.forEach((n, i) => {
    y = apply(tf.layers.dense({ units: n, activation, kernelInitializer: seeds.kernel(), name: `encoder_dense_${i + 1}` }), y)
  })
  y = apply(tf.layers.dense({ units, kernelInitializer: seeds.kernel(), name: 'code' }), y)
  hidden.slice().reverse().forEach((n, i) => {
    y = apply(tf.layers.dense({ units: n, activation, kernelInitializer: seeds.kernel(), name: `decoder_dense_${i + 1}` }), y)
  })
  y = apply(tf.layers.dense({ units: size, activation, kernelInitializer: seeds.kernel(), name: 'decoder_dense' }), y)
  return apply(tf.layers.reshape({ targetShape: mapShape, name: 'decoder_reshape' }), y)
}

function expectDenseUnits(denseUnits: number[], codeUnits: number): void {
  if (denseUnits.length === 0) return
  expectPositiveIntegers(denseUnits, 'denseUnits', WHERE)
  if (codeUnits === 0) throw new AedetectError('E_OPTION', `${WHERE}: denseUnits ${JSON.stringify(denseUnits)} needs a dense code: set codeUnits too.`)
}

/** Conv1d defaults: `[32, 16]` filters, kernel 7, transposed-convolution upsampling (the peers' ECG model). */
export function conv1dDefaults(config: Conv1dConfig): Required<Conv1dConfig> {
  return {
    kind: 'conv1d',
    filters: config.filters ?? [32, 16],
    kernelSize: config.kernelSize ?? 7,
    codeUnits: config.codeUnits ?? 0,
    denseUnits: config.denseUnits ?? [],
    upsampling: config.upsampling ?? 'transpose',
    activation: config.activation ?? 'relu',
    outputActivation: config.outputActivation ?? 'linear',
  }
}

// tfjs-layers has no Conv1DTranspose, UpSampling1D or Cropping1D: a sequence [steps, channels] is
// viewed as an image [steps, 1, channels] for those layers and reshaped back.
export function buildConv1d(config: Conv1dConfig, sampleShape: number[], seeds: SeedSource): tf.LayersModel {
  const c = conv1dDefaults(config)
  expectPositiveIntegers(c.filters, 'filters', WHERE)
  expectPositiveInteger(c.kernelSize, 'kernelSize', WHERE)
  if (c.codeUnits !== 0) expectPositiveInteger(c.codeUnits, 'codeUnits', WHERE)
  expectDenseUnits(c.denseUnits, c.codeUnits)
  expectOneOf(c.upsampling, 'upsampling', ['transpose', 'nearest'], WHERE)
  expectOneOf(c.outputActivation, 'outputActivation', ['sigmoid', 'linear'], WHERE)
  const [steps, channels] = sampleShape
  const input = tf.input({ shape: sampleShape, name: 'input' })
  let y: Sym = input
  let length = steps
  c.filters.forEach((filters, i) => {
    const name = i === c.filters.length - 1 && c.codeUnits === 0 ? 'code' : `encoder_${i + 1}`
    y = apply(tf.layers.conv1d({ filters, kernelSize: c.kernelSize, strides: 2, padding: 'same', activation: c.activation, kernelInitializer: seeds.kernel(), name }), y)
    length = Math.ceil(length / 2)
  })
  if (c.codeUnits > 0) y = denseCode(y, [length, c.filters[c.filters.length - 1]], c.codeUnits, c.denseUnits, c.activation, seeds)
  const decoder = c.filters.slice().reverse()
  decoder.forEach((filters, i) => {
    const name = `decoder_${i + 1}`
    const channelsIn = i === 0 ? c.filters[c.filters.length - 1] : decoder[i - 1]
    y = apply(tf.layers.reshape({ targetShape: [length, 1, channelsIn], name: `${name}_as_image` }), y)
    if (c.upsampling === 'transpose') {
      y = apply(tf.layers.conv2dTranspose({ filters, kernelSize: [c.kernelSize, 1], strides: [2, 1], padding: 'same', activation: c.activation, kernelInitializer: seeds.kernel(), name }), y)
      length *= 2
      y = apply(tf.layers.reshape({ targetShape: [length, filters], name: `${name}_as_sequence` }), y)
    } else {
      y = apply(tf.layers.upSampling2d({ size: [2, 1], name: `${name}_upsample` }), y)
      length *= 2
      y = apply(tf.layers.reshape({ targetShape: [length, channelsIn], name: `${name}_as_sequence` }), y)
      y = apply(tf.layers.conv1d({ filters, kernelSize: c.kernelSize, padding: 'same', activation: c.activation, kernelInitializer: seeds.kernel(), name }), y)
    }
  })
  if (length > steps) {
    // Odd lengths round up on the way down; crop the surplus steps at the end.
    const last = decoder[decoder.length - 1]
    y = apply(tf.layers.reshape({ targetShape: [length, 1, last], name: 'crop_as_image' }), y)
    y = apply(tf.layers.cropping2D({ cropping: [[0, length - steps], [0, 0]], name: 'crop' }), y)
    y = apply(tf.layers.reshape({ targetShape: [steps, last], name: 'crop_as_sequence' }), y)
  }
  y = apply(tf.layers.conv1d({ filters: channels, kernelSize: c.kernelSize, padding: 'same', activation: c.outputActivation, kernelInitializer: seeds.kernel(), name: 'reconstruction' }), y)
  return tf.model({ inputs: input, outputs: y, name: 'conv1d_autoencoder' })
}

/** Conv2d defaults: `[16, 8]` filters, kernel 3, sigmoid output (the TensorFlow denoiser). */
export function conv2dDefaults(config: Conv2dConfig): Required<Conv2dConfig> {
  return {
    kind: 'conv2d',
    filters: config.filters ?? [16, 8],
    decoderFilters: config.decoderFilters ?? (config.filters ?? [16, 8]).slice().reverse(),
    kernelSize: config.kernelSize ?? 3,
    codeUnits: config.codeUnits ?? 0,
    denseUnits: config.denseUnits ?? [],
    activation: config.activation ?? 'relu',
    outputActivation: config.outputActivation ?? 'sigmoid',
  }
}

export function buildConv2d(config: Conv2dConfig, sampleShape: number[], seeds: SeedSource): tf.LayersModel {
  const c = conv2dDefaults(config)
  expectPositiveIntegers(c.filters, 'filters', WHERE)
  expectPositiveIntegers(c.decoderFilters, 'decoderFilters', WHERE)
  if (c.decoderFilters.length !== c.filters.length) {
    throw new AedetectError('E_OPTION', `${WHERE}: decoderFilters must have one entry per encoder convolution (${c.filters.length}), got ${JSON.stringify(c.decoderFilters)}.`)
  }
  expectPositiveInteger(c.kernelSize, 'kernelSize', WHERE)
  if (c.codeUnits !== 0) expectPositiveInteger(c.codeUnits, 'codeUnits', WHERE)
  expectDenseUnits(c.denseUnits, c.codeUnits)
  expectOneOf(c.outputActivation, 'outputActivation', ['sigmoid', 'linear'], WHERE)
  const [height, width, channels] = sampleShape
  const input = tf.input({ shape: sampleShape, name: 'input' })
  let y: Sym = input
  let h = height
  let w = width
  const dense = c.codeUnits > 0
  c.filters.forEach((filters, i) => {
    const name = i === c.filters.length - 1 && !dense ? 'code' : `encoder_${i + 1}`
    y = apply(tf.layers.conv2d({ filters, kernelSize: c.kernelSize, strides: 2, padding: 'same', activation: c.activation, kernelInitializer: seeds.kernel(), name }), y)
    h = Math.ceil(h / 2)
    w = Math.ceil(w / 2)
  })
  if (dense) y = denseCode(y, [h, w, c.decoderFilters[0]], c.codeUnits, c.denseUnits, c.activation, seeds)
  c.decoderFilters.forEach((filters, i) => {
    y = apply(tf.layers.conv2dTranspose({ filters, kernelSize: c.kernelSize, strides: 2, padding: 'same', activation: c.activation, kernelInitializer: seeds.kernel(), name: `decoder_${i + 1}` }), y)
    h *= 2
    w *= 2
  })
  if (h > height || w > width) y = apply(tf.layers.cropping2D({ cropping: [[0, h - height], [0, w - width]], name: 'crop' }), y)
  y = apply(tf.layers.conv2d({ filters: channels, kernelSize: c.kernelSize, padding: 'same', activation: c.outputActivation, kernelInitializer: seeds.kernel(), name: 'reconstruction' }), y)
  return tf.model({ inputs: input, outputs: y, name: 'conv2d_autoencoder' })
}
