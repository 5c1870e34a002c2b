// The peers' reference models written the plain way, with tf.layers, as ../shared/peers/tfjs_bench.mjs does:
// the "raw tfjs" side of every in-process speed ratio. One definition, used by every suite.
import * as tf from '@tensorflow/tfjs'

/** Dense autoencoder sampleSize-…-sampleSize, relu, sigmoid output (default: the TF tutorial's 140-32-16-8-16-32-140). */
export function referenceDense(hiddenUnits: number[] = [32, 16, 8, 16, 32], sampleSize = 140): tf.Sequential {
  const m = tf.sequential()
  hiddenUnits.forEach((units, i) => m.add(tf.layers.dense({ units, activation: 'relu', ...(i === 0 ? { inputShape: [sampleSize] } : {}) })))
  m.add(tf.layers.dense({ units: sampleSize, activation: 'sigmoid' }))
  return m
}

// tfjs-layers has no UpSampling1D: reshape -> UpSampling2D([2, 1]) -> reshape.
function upsample1d(m: tf.Sequential, length: number, channels: number): void {
  m.add(tf.layers.reshape({ targetShape: [length, 1, channels] }))
  m.add(tf.layers.upSampling2d({ size: [2, 1] }))
  m.add(tf.layers.reshape({ targetShape: [length * 2, channels] }))
}

/** Conv1D autoencoder on [140, 1]: two strided convolutions down, nearest upsampling + convolutions up. */
export function referenceConv1d(): tf.Sequential {
  const m = tf.sequential()
  m.add(tf.layers.conv1d({ filters: 32, kernelSize: 7, strides: 2, padding: 'same', activation: 'relu', inputShape: [140, 1] }))
  m.add(tf.layers.conv1d({ filters: 16, kernelSize: 7, strides: 2, padding: 'same', activation: 'relu' }))
  upsample1d(m, 35, 16)
  m.add(tf.layers.conv1d({ filters: 16, kernelSize: 7, padding: 'same', activation: 'relu' }))
  upsample1d(m, 70, 16)
  m.add(tf.layers.conv1d({ filters: 32, kernelSize: 7, padding: 'same', activation: 'relu' }))
  m.add(tf.layers.conv1d({ filters: 1, kernelSize: 7, padding: 'same' }))
  return m
}

/** The TensorFlow denoiser on [28, 28, 1]: Conv2D(16, 8, stride 2) → Conv2DTranspose(8, 16) → Conv2D(1), sigmoid. */
export function referenceConv2d(): tf.Sequential {
  const m = tf.sequential()
  m.add(tf.layers.conv2d({ filters: 16, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu', inputShape: [28, 28, 1] }))
  m.add(tf.layers.conv2d({ filters: 8, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu' }))
  m.add(tf.layers.conv2dTranspose({ filters: 8, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu' }))
  m.add(tf.layers.conv2dTranspose({ filters: 16, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu' }))
  m.add(tf.layers.conv2d({ filters: 1, kernelSize: 3, padding: 'same', activation: 'sigmoid' }))
  return m
}

/** LSTM(64) seq2seq on [140, 1]; recurrentActivation 'sigmoid' as in torch / Keras 2 (tfjs's default is hardSigmoid). */
export function referenceLstm(): tf.Sequential {
  const m = tf.sequential()
  m.add(tf.layers.lstm({ units: 64, recurrentActivation: 'sigmoid', inputShape: [140, 1] }))
  m.add(tf.layers.repeatVector({ n: 140 }))
  m.add(tf.layers.lstm({ units: 64, recurrentActivation: 'sigmoid', returnSequences: true }))
  m.add(tf.layers.timeDistributed({ layer: tf.layers.dense({ units: 1 }) }))
  return m
}
