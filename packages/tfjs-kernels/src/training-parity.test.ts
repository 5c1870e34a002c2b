// Training with the fast kernels follows tfjs's own training: a Conv1D autoencoder (with nearest-neighbour
// upsampling) and a Conv2D autoencoder (with transposed convolutions), same seeds and data, trained with
// model.fit on cpu with and without the fast kernels, and on wasm with them (stock wasm cannot train them).
import * as tf from '@tensorflow/tfjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cpuResizeNearestNeighborGrad } from './registry/cpu-resize-nearest-neighbor-grad'
import { seededValues, useBackend } from './_test-backend'
import { registerKernels, unregisterKernels } from './register-kernels'
import type { KernelFunc } from '@tensorflow/tfjs'

const init = (seed: number) => ({ kernelInitializer: tf.initializers.glorotUniform({ seed }), biasInitializer: 'zeros' as const })

function upsample1d(model: tf.Sequential, length: number, channels: number): void {
  // tfjs-layers has no UpSampling1D: reshape -> UpSampling2D([2, 1]) -> reshape, as ../shared/peers/tfjs_bench.mjs does.
  model.add(tf.layers.reshape({ targetShape: [length, 1, channels] }))
  model.add(tf.layers.upSampling2d({ size: [2, 1] }))
  model.add(tf.layers.reshape({ targetShape: [length * 2, channels] }))
}

function conv1dAutoencoder(): tf.Sequential {
  const m = tf.sequential()
  m.add(tf.layers.conv1d({ filters: 8, kernelSize: 5, strides: 2, padding: 'same', activation: 'relu', inputShape: [32, 1], ...init(1) }))
  m.add(tf.layers.conv1d({ filters: 4, kernelSize: 5, strides: 2, padding: 'same', activation: 'relu', ...init(2) }))
  upsample1d(m, 8, 4)
  m.add(tf.layers.conv1d({ filters: 8, kernelSize: 5, padding: 'same', activation: 'relu', ...init(3) }))
  upsample1d(m, 16, 8)
  m.add(tf.layers.conv1d({ filters: 1, kernelSize: 5, padding: 'same', ...init(4) }))
  return m
}

function conv2dAutoencoder(): tf.Sequential {
  const m = tf.sequential()
  m.add(tf.layers.conv2d({ filters: 4, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu', inputShape: [12, 12, 1], ...init(5) }))
  m.add(tf.layers.conv2d({ filters: 4, kernelSize: 2, strides: 2, padding: 'valid', activation: 'relu', ...init(6) })) // 6 -> 3
  m.add(tf.layers.conv2dTranspose({ filters: 4, kernelSize: 2, strides: 2, padding: 'valid', activation: 'relu', ...init(7) })) // 3 -> 6
  m.add(tf.layers.conv2dTranspose({ filters: 4, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu', ...init(8) })) // 6 -> 12
  m.add(tf.layers.conv2d({ filters: 1, kernelSize: 3, padding: 'same', activation: 'sigmoid', ...init(9) }))
  return m
}

// lossRatio: a ceiling on loss(epoch 3) / loss(epoch 1) of the reference, so the comparison is about a model
// that learns (measured 0.298 for conv1d, 0.930 for conv2d).
const MODELS = {
  conv1d: { build: conv1dAutoencoder, shape: [32, 32, 1], lossRatio: 0.4 },
  conv2d: { build: conv2dAutoencoder, shape: [32, 12, 12, 1], lossRatio: 0.97 },
} as const

/** Smooth waves with a seeded phase per sample (a learnable signal, unlike noise), values in [0.1, 0.9]. */
function waves(shape: readonly number[]): Float32Array {
  const [n, h, w] = shape.length === 3 ? [shape[0], 1, shape[1]] : [shape[0], shape[1], shape[2]]
  const phases = seededValues(2 * n, 42)
  const out = new Float32Array(n * h * w)
  for (let s = 0; s < n; s++) {
    for (let r = 0; r < h; r++) {
      for (let c = 0; c < w; c++) {
        const across = h === 1 ? 1 : Math.cos((2 * Math.PI * r) / h + Math.PI * phases[2 * s + 1])
        out[(s * h + r) * w + c] = 0.5 + 0.4 * across * Math.sin((2 * Math.PI * c) / 16 + Math.PI * phases[2 * s])
      }
    }
  }
  return out
}

/** Loss after each of 3 epochs of 4 batches of 8 (12 Adam steps), fixed data, no shuffling. */
async function trainLosses(name: keyof typeof MODELS): Promise<number[]> {
  const { build, shape } = MODELS[name]
  const before = tf.memory().numTensors
  const x = tf.tensor(waves(shape), [...shape])
  const model = build()
  const optimizer = tf.train.adam(1e-2)
  model.compile({ optimizer, loss: 'meanSquaredError' })
  const history = await model.fit(x, x, { batchSize: 8, epochs: 3, shuffle: false, verbose: 0 })
  model.dispose()
  optimizer.dispose()
  x.dispose()
  expect(tf.memory().numTensors).toBe(before)
  return history.history.loss as number[]
}

// Stock tfjs-cpu with only the upsampling gradient corrected: the stock one is wrong for batch items
// after the first (see cpu-resize-nearest-neighbor-grad.test.ts), so the Conv1D model cannot be compared to it.
async function referenceLosses(name: keyof typeof MODELS): Promise<number[]> {
  await useBackend('cpu')
  unregisterKernels()
  const stockGrad = tf.getKernel('ResizeNearestNeighborGrad', 'cpu')
  if (stockGrad === undefined) throw new Error('cpu ResizeNearestNeighborGrad is not registered')
  tf.unregisterKernel('ResizeNearestNeighborGrad', 'cpu')
  tf.registerKernel({ kernelName: 'ResizeNearestNeighborGrad', backendName: 'cpu', kernelFunc: cpuResizeNearestNeighborGrad as unknown as KernelFunc })
  try {
    return await trainLosses(name)
  } finally {
    tf.unregisterKernel('ResizeNearestNeighborGrad', 'cpu')
    tf.registerKernel(stockGrad)
  }
}

function worstRelativeDifference(a: number[], b: number[]): number {
  expect(a.length).toBe(b.length)
  return Math.max(...a.map((v, i) => Math.abs(v - b[i]) / Math.abs(b[i])))
}

afterAll(() => {
  unregisterKernels()
})

describe('stock tfjs-backend-wasm 4.22', () => {
  it('cannot train a convolution: it has no Conv2DBackpropFilter kernel', async () => {
    await useBackend('wasm')
    unregisterKernels({ backends: ['wasm'] })
    const model = conv1dAutoencoder()
    const optimizer = tf.train.adam(1e-2)
    model.compile({ optimizer, loss: 'meanSquaredError' })
    const x = tf.tensor(waves([8, 32, 1]), [8, 32, 1])
    await expect(model.fit(x, x, { batchSize: 8, epochs: 1, verbose: 0 })).rejects.toThrow("Kernel 'Conv2DBackpropFilter' not registered for backend 'wasm'")
    tf.dispose([x])
    model.dispose()
    optimizer.dispose()
  })
})

describe.each(['conv1d', 'conv2d'] as const)('%s autoencoder, 12 Adam steps', (name) => {
  let reference: number[]
  beforeAll(async () => {
    reference = await referenceLosses(name)
  })

  it('trains: the reference loss falls', () => {
    expect(reference[2] / reference[0]).toBeLessThan(MODELS[name].lossRatio)
  })

  it('follows the stock cpu loss curve on cpu with the fast kernels', async () => {
    await useBackend('cpu')
    registerKernels({ backends: ['cpu'] })
    // Float64 accumulation on both sides, different summation order: measured 8e-8 (conv1d), 0 (conv2d).
    expect(worstRelativeDifference(await trainLosses(name), reference)).toBeLessThan(1e-6)
  })

  it('follows the stock cpu loss curve on wasm with the fast kernels', async () => {
    await useBackend('wasm')
    registerKernels({ backends: ['wasm'] })
    // XNNPACK sums in float32 in its own order, and 12 steps compound it: measured 2e-7 (conv1d), 4e-7 (conv2d).
    expect(worstRelativeDifference(await trainLosses(name), reference)).toBeLessThan(1e-5)
  })
})
