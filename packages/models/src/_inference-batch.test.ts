import * as tf from '@tensorflow/tfjs'
import { describe, expect, test } from 'vitest'
import { buildAutoencoder } from './build-autoencoder'
import { defaultInferenceBatch } from './_inference-batch'

describe('defaultInferenceBatch', () => {
  test('picks the backend default for the dense ECG model, whose widest layer is its 140-value input', async () => {
    await tf.setBackend('cpu')
    const before = tf.memory().numTensors
    const dense = buildAutoencoder({ kind: 'dense' }, { sampleShape: [140], seed: 1 })
    expect(defaultInferenceBatch(dense.model, 'wasm')).toBe(8192)
    expect(defaultInferenceBatch(dense.model, 'tensorflow')).toBe(8192)
    expect(defaultInferenceBatch(dense.model, 'cpu')).toBe(1024)
    expect(defaultInferenceBatch(dense.model, 'webgl')).toBe(1024)
    dense.dispose()
    expect(tf.memory().numTensors).toBe(before)
  })

  test('lowers it so no activation exceeds 2^22 float32 values', async () => {
    await tf.setBackend('cpu')
    // Conv2D with 16 filters on 28×28 images: the widest activation is the last decoder convolution's
    // 28·28·16 = 12,544 values per sample, so floor(4,194,304 / 12,544) = 334 rows on every backend.
    const conv = buildAutoencoder({ kind: 'conv2d', filters: [16, 8] }, { sampleShape: [28, 28, 1], seed: 1 })
    expect(defaultInferenceBatch(conv.model, 'wasm')).toBe(334)
    expect(defaultInferenceBatch(conv.model, 'cpu')).toBe(334)
    // Its encoder's widest is the first (stride-2) convolution, 14·14·16 = 3,136: 1,337 rows on wasm.
    expect(defaultInferenceBatch(conv.encoder, 'wasm')).toBe(1337)
    // A 64-channel 28×28 input is wider than any layer: 50,176 values, so 83 rows.
    const wide = buildAutoencoder({ kind: 'conv2d', filters: [16, 8] }, { sampleShape: [28, 28, 64], seed: 1 })
    expect(defaultInferenceBatch(wide.model, 'wasm')).toBe(83)
    conv.dispose()
    wide.dispose()
  })
})
