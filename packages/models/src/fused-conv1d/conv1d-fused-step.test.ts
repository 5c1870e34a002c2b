// The fused conv1d passes equal the stock tf.layers model: the output equals model.predict and the loss and
// the gradients equal tf.variableGrads' on cpu, for both upsamplings (transposed convolutions, the default; nearest
// + convolution, the peers' model), odd lengths (a crop), kernels 3 and 7, several channels, every activation
// family, both losses and a batch of 1. Which models the chain takes is tested at the end.
import * as tf from '@tensorflow/tfjs'
import { describe, expect, it } from 'vitest'
import { createWindowGemm, registerKernels } from '@aedetect/tfjs-kernels'
import type { AutoencoderConfig, Conv1dConfig } from '../autoencoder-config'
import { internalsOf } from '../autoencoder'
import { buildAutoencoder } from '../build-autoencoder'
import { seededValues, useBackend } from '../_test-backend'
import { fusedLossGradient } from '../fused-common/fused-loss'
import { scaledError } from '../fused-lstm/lstm-test-case'
import { conv1dChain, convOps, readConvWeights } from './conv1d-fused-parameters'
import { conv1dBackward, conv1dForward, createConv1dBatch, createConvGradients } from './conv1d-fused-step'

interface Case {
  config: Conv1dConfig
  sampleShape: [number, number]
  loss: 'mse' | 'mae'
  batch: number
}

const CASES: Case[] = [
  { config: { kind: 'conv1d', filters: [32, 16], kernelSize: 7, upsampling: 'nearest', outputActivation: 'linear' }, sampleShape: [140, 1], loss: 'mse', batch: 5 },
  { config: { kind: 'conv1d', filters: [32, 16], kernelSize: 3 }, sampleShape: [16, 5], loss: 'mse', batch: 4 },
  { config: { kind: 'conv1d', filters: [6, 4], kernelSize: 7 }, sampleShape: [30, 2], loss: 'mae', batch: 3 },
  { config: { kind: 'conv1d', filters: [5, 3], kernelSize: 3, upsampling: 'nearest', activation: 'tanh', outputActivation: 'sigmoid' }, sampleShape: [13, 3], loss: 'mse', batch: 2 },
  { config: { kind: 'conv1d', filters: [4], kernelSize: 5, activation: 'elu' }, sampleShape: [9, 1], loss: 'mae', batch: 1 },
  { config: { kind: 'conv1d', filters: [6, 3], kernelSize: 4, activation: 'swish', upsampling: 'nearest' }, sampleShape: [12, 2], loss: 'mse', batch: 3 },
  { config: { kind: 'conv1d', filters: [5, 4], kernelSize: 3, activation: 'selu' }, sampleShape: [10, 9], loss: 'mse', batch: 2 },
]

const label = (c: Case): string => `${JSON.stringify(c.sampleShape)} ${c.config.upsampling ?? 'transpose'} k${c.config.kernelSize} ${c.config.activation ?? 'relu'} ${c.loss} batch ${c.batch}`

describe('fused conv1d passes on cpu', () => {
  it.each(CASES.map((c) => [label(c), c] as const))('equal model.predict and tf.variableGrads: %s', async (_name, c) => {
    await useBackend('cpu')
    // tfjs-cpu's own nearest-upsampling gradient is wrong (issue 22): the reference needs the corrected kernel.
    registerKernels({ backends: ['cpu'] })
    const before = tf.memory().numTensors
    const autoencoder = buildAutoencoder(c.config, { sampleShape: c.sampleShape, seed: 3 })
    const model = internalsOf(autoencoder).training
    const chain = conv1dChain(model)
    if (chain === undefined) throw new Error('expected a chain of 1-D convolutions')
    const ops = convOps(chain)
    // Seeded weights in [-0.5, 0.5), so every activation sees both signs.
    ops.flatMap((op) => [op.kernel, op.bias]).forEach((v, k) => {
      const t = tf.tensor(seededValues(v.size, 31 + k).map((a) => a * 0.5), v.shape)
      v.assign(t)
      t.dispose()
    })
    const { batch } = c
    const size = c.sampleShape[0] * c.sampleShape[1]
    const x = seededValues(batch * size, 1000).map((a) => 0.5 + 0.5 * a)
    const target = x.map((v, i) => (i % 3 === 0 ? 1 - v : v * 0.5))
    const variables = ops.flatMap((op) => [op.kernel, op.bias])
    const predicted = tf.tidy(() => (model.predict(tf.tensor(x, [batch, ...c.sampleShape])) as tf.Tensor).dataSync())
    const { value, grads } = tf.variableGrads(() => {
      const y = model.apply(tf.tensor(x, [batch, ...c.sampleShape]), { training: true }) as tf.Tensor
      const t = tf.tensor(target, y.shape)
      return (c.loss === 'mse' ? tf.losses.meanSquaredError(t, y) : tf.losses.absoluteDifference(t, y)) as tf.Scalar
    }, variables)
    const expectedLoss = value.dataSync()[0]
    const expected = variables.map((v) => grads[v.name].dataSync())
    value.dispose()
    for (const g of Object.values(grads)) g.dispose()

    const gemm = createWindowGemm()
    if (gemm === undefined) throw new Error('no WebAssembly SIMD')
    const weights = readConvWeights(chain)
    const state = createConv1dBatch(gemm, chain, batch)
    // Twice: the second batch runs over buffers the first one wrote (their zero rows must have stayed zero).
    for (let pass = 0; pass < 2; pass++) {
      const output = conv1dForward(gemm, state, weights, x, true)
      expect(scaledError(output, predicted)).toBeLessThan(1e-5)
      const dOutput = gemm.heap().subarray(state.dOut.off, state.dOut.off + output.length)
      const loss = fusedLossGradient(output, target, c.loss, dOutput)
      const got = createConvGradients(weights)
      conv1dBackward(gemm, state, got)
      // float32 both ways, summed in other orders: the dense runner's loss bound, and 5e-6 of the largest entry.
      expect(Math.abs(loss - expectedLoss) / expectedLoss).toBeLessThan(2e-5)
      got.flatMap((g) => [g.kernel, g.bias]).forEach((g, k) => {
        expect(scaledError(g, expected[k]), `${variables[k].name} (pass ${pass})`).toBeLessThan(5e-6)
      })
    }
    autoencoder.dispose()
    expect(tf.memory().numTensors).toBe(before)
  })
})

describe('conv1dChain', () => {
  it('takes the conv1d autoencoders without a dense code, and nothing else', async () => {
    await useBackend('cpu')
    const shapes = (config: AutoencoderConfig, sampleShape: number[]): string[] | undefined => {
      const ae = buildAutoencoder(config, { sampleShape, seed: 1 })
      const chain = conv1dChain(internalsOf(ae).training)
      ae.dispose()
      return chain?.ops.map((op) => (op.kind === 'upsample' ? `up×${op.factor} ${op.lin}→${op.lout}` : `${op.kind} k${op.k}/${op.stride} ${op.cin}→${op.cout} ${op.lin}→${op.lout} ${op.activation}`))
    }
    expect(shapes({ kind: 'conv1d' }, [140, 1])).toEqual(['conv k7/2 1→32 140→70 relu', 'conv k7/2 32→16 70→35 relu', 'convT k7/2 16→16 35→70 relu', 'convT k7/2 16→32 70→140 relu', 'conv k7/1 32→1 140→140 linear'])
    expect(shapes({ kind: 'conv1d', filters: [4], kernelSize: 3, upsampling: 'nearest' }, [15, 2])).toEqual(['conv k3/2 2→4 15→8 relu', 'up×2 8→16', 'conv k3/1 4→4 16→15 relu', 'conv k3/1 4→2 15→15 linear'])
    expect(shapes({ kind: 'conv1d', codeUnits: 4 }, [16, 2])).toBeUndefined()
    expect(shapes({ kind: 'dense' }, [140])).toBeUndefined()
  })
})
