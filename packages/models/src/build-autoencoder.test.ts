import * as tf from '@tensorflow/tfjs'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { buildAutoencoder, type AutoencoderConfig } from '@aedetect/models'

async function weightsOf(config: AutoencoderConfig, sampleShape: number[], seed: number): Promise<Float32Array[]> {
  const ae = buildAutoencoder(config, { sampleShape, seed })
  const out = await Promise.all(ae.model.getWeights().map(async (w) => (await w.data()) as Float32Array))
  ae.dispose()
  return out
}

describe('buildAutoencoder', () => {
  let tensorsBefore = 0
  beforeAll(async () => {
    await tf.setBackend('cpu')
    tensorsBefore = tf.memory().numTensors
  })
  afterAll(() => {
    expect(tf.memory().numTensors).toBe(tensorsBefore)
  })

  test('the default dense model is the TF tutorial ECG model: 140-32-16-8-16-32-140, 10,484 weights', () => {
    const ae = buildAutoencoder({ kind: 'dense' }, { sampleShape: [140] })
    const summary = ae.summary()
    // Expected: (140·32+32) + (32·16+16) + (16·8+8) + (8·16+16) + (16·32+32) + (32·140+140) = 10,484.
    expect(summary.parameters).toBe(10484)
    expect(summary.layers.map((l) => [l.name, l.type, l.outputShape, l.parameters])).toEqual([
      ['input', 'InputLayer', [null, 140], 0],
      ['encoder_1', 'Dense', [null, 32], 4512],
      ['encoder_2', 'Dense', [null, 16], 528],
      ['code', 'Dense', [null, 8], 136],
      ['decoder_1', 'Dense', [null, 16], 144],
      ['decoder_2', 'Dense', [null, 32], 544],
      ['reconstruction', 'Dense', [null, 140], 4620],
    ])
    expect(ae.encoder.outputs[0].shape).toEqual([null, 8])
    ae.dispose()
  })

  test('the same seed gives bit-identical initial weights; another seed does not', async () => {
    const config: AutoencoderConfig = { kind: 'dense', hiddenUnits: [24, 6, 24], dropout: 0.1, batchNorm: true }
    const a = await weightsOf(config, [30], 7)
    const b = await weightsOf(config, [30], 7)
    const c = await weightsOf(config, [30], 8)
    expect(a.length).toBe(b.length)
    a.forEach((w, i) => expect(Array.from(w)).toEqual(Array.from(b[i])))
    expect(Array.from(a[0])).not.toEqual(Array.from(c[0]))
  })

  test('dense flattens multi-axis samples and reshapes the reconstruction back', () => {
    const ae = buildAutoencoder({ kind: 'dense', hiddenUnits: [10, 4, 10] }, { sampleShape: [5, 3] })
    expect(ae.model.outputs[0].shape).toEqual([null, 5, 3])
    ae.dispose()
  })

  test('the LSTM recurrent kernels start orthogonal: W·Wᵀ = I for each [units, 4·units] matrix', async () => {
    const ae = buildAutoencoder({ kind: 'lstm', units: 8 }, { sampleShape: [12, 2], seed: 5 })
    for (const name of ['code', 'decoder_lstm']) {
      const recurrent = ae.model.getLayer(name).getWeights()[1]
      expect(recurrent.shape).toEqual([8, 32])
      const product = tf.matMul(recurrent, recurrent, false, true)
      const values = await product.data()
      product.dispose()
      // float32 rounding of a float64 Gram–Schmidt result: 1e-6 per entry.
      values.forEach((v, i) => expect(v).toBeCloseTo(i % 9 === 0 ? 1 : 0, 6))
    }
    ae.dispose()
  })

  test('bad configs are rejected with the valid choices', () => {
    expect(() => buildAutoencoder({ kind: 'gru' } as unknown as AutoencoderConfig, { sampleShape: [4] })).toThrowErrorMatchingInlineSnapshot(
      `[AedetectError: buildAutoencoder(): config.kind must be one of 'dense' | 'variational' | 'conv1d' | 'lstm' | 'conv2d', got 'gru'.]`,
    )
    expect(() => buildAutoencoder({ kind: 'dense', hiddenUnits: [8, 0] }, { sampleShape: [4] })).toThrowErrorMatchingInlineSnapshot(
      `[AedetectError: buildAutoencoder(): hiddenUnits must be a non-empty list of positive integers, got [8,0].]`,
    )
    expect(() => buildAutoencoder({ kind: 'dense', dropout: 1 }, { sampleShape: [4] })).toThrowErrorMatchingInlineSnapshot(
      `[AedetectError: buildAutoencoder(): dropout must be in [0, 1), got 1.]`,
    )
    expect(() => buildAutoencoder({ kind: 'dense' }, { sampleShape: [0] })).toThrowErrorMatchingInlineSnapshot(
      `[AedetectError: buildAutoencoder(): sampleShape must be a non-empty list of positive integers, got [0].]`,
    )
    expect(() => buildAutoencoder({ kind: 'conv2d' }, { sampleShape: [28, 28] })).toThrowErrorMatchingInlineSnapshot(
      `[AedetectError: buildAutoencoder(): a 'conv2d' autoencoder takes samples of rank 3, got sampleShape [28, 28].]`,
    )
  })
})
