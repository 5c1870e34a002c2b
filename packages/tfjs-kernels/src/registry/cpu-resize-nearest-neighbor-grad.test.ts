// The stock tfjs-cpu 4.22 ResizeNearestNeighborGrad gives every batch item after the first a wrong gradient;
// the replacement registered by registerKernels() is the exact adjoint of the forward resize.
import * as tf from '@tensorflow/tfjs'
import { afterAll, describe, expect, it } from 'vitest'
import { seededValues, useBackend } from '../_test-backend'
import { registerKernels, unregisterKernels } from '../register-kernels'

afterAll(() => {
  unregisterKernels()
})

/** Gradient of sum(resize(images) * dy) with respect to images, through tfjs's public ops. */
function resizeGradient(images: tf.Tensor4D, dy: tf.Tensor4D, size: [number, number], alignCorners: boolean, halfPixelCenters: boolean): Float32Array {
  return tf.tidy(() => {
    const grad = tf.grad((x: tf.Tensor) => tf.sum(tf.mul(tf.image.resizeNearestNeighbor(x as tf.Tensor4D, size, alignCorners, halfPixelCenters), dy)))
    return grad(images).dataSync() as Float32Array
  })
}

/**
 * Expected gradient, independent of any gradient kernel: the forward resize of an image holding each
 * pixel's own flat index tells where every output pixel was copied from; dy is added there in float64.
 */
function adjointOfForward(shape: [number, number, number, number], dy: Float32Array, size: [number, number], alignCorners: boolean, halfPixelCenters: boolean): Float32Array {
  const count = shape.reduce((a, b) => a * b, 1)
  const source = tf.tidy(() => {
    const index = tf.tensor4d(Float32Array.from({ length: count }, (_, i) => i), shape)
    return tf.image.resizeNearestNeighbor(index, size, alignCorners, halfPixelCenters).dataSync()
  })
  const sums = new Float64Array(count)
  for (let k = 0; k < source.length; k++) sums[source[k]] += dy[k]
  return Float32Array.from(sums)
}

const CASES = [
  { name: 'x2 upsampling (UpSampling2D), batch 3', shape: [3, 2, 3, 2], size: [4, 6], alignCorners: false, halfPixelCenters: false },
  { name: 'non-integer scale, batch 2', shape: [2, 3, 5, 1], size: [7, 4], alignCorners: false, halfPixelCenters: false },
  { name: 'alignCorners, batch 2', shape: [2, 3, 4, 2], size: [5, 7], alignCorners: true, halfPixelCenters: false },
  { name: 'halfPixelCenters, batch 2', shape: [2, 4, 3, 2], size: [6, 5], alignCorners: false, halfPixelCenters: true },
] as const

describe('cpu ResizeNearestNeighborGrad', () => {
  it('stock tfjs-cpu is right for batch item 0 and wrong for batch items 1 and 2 (x2 upsampling)', async () => {
    await useBackend('cpu')
    unregisterKernels()
    const { shape, size } = CASES[0]
    const dyValues = seededValues(3 * 4 * 6 * 2, 11)
    const images = tf.zeros([...shape]) as tf.Tensor4D
    const dy = tf.tensor4d(dyValues, [3, 4, 6, 2])
    const got = resizeGradient(images, dy, [...size], false, false)
    const expected = adjointOfForward([...shape] as [number, number, number, number], dyValues, [...size], false, false)
    const item = 2 * 3 * 2
    // Batch item 0 agrees to float32 rounding; items 1 and 2 read dy at the image's batch stride (12
    // instead of 48), i.e. item 0's rows: an error of the gradients' own size.
    expect(maxAbsDiff(got.subarray(0, item), expected.subarray(0, item))).toBeLessThan(1e-6)
    expect(maxAbsDiff(got.subarray(item, 2 * item), expected.subarray(item, 2 * item))).toBeGreaterThan(0.5)
    expect(maxAbsDiff(got.subarray(2 * item), expected.subarray(2 * item))).toBeGreaterThan(0.5)
    tf.dispose([images, dy])
  })

  it.each(CASES.map((c) => [c.name, c] as const))('after registerKernels() equals the adjoint of the forward resize, no leak: %s', async (_, c) => {
    await useBackend('cpu')
    registerKernels({ backends: ['cpu'] })
    const [n, , , d] = c.shape
    const dyShape: [number, number, number, number] = [n, c.size[0], c.size[1], d]
    const dyValues = seededValues(dyShape.reduce((a, b) => a * b, 1), 29)
    const before = tf.memory().numTensors
    const images = tf.zeros([...c.shape]) as tf.Tensor4D
    const dy = tf.tensor4d(dyValues, dyShape)
    const got = resizeGradient(images, dy, [...c.size], c.alignCorners, c.halfPixelCenters)
    tf.dispose([images, dy])
    expect(tf.memory().numTensors).toBe(before)
    // Each input pixel sums at most 4 float32 values in float64 on both sides: equal up to one float32 rounding.
    expect(maxAbsDiff(got, adjointOfForward([...c.shape] as [number, number, number, number], dyValues, [...c.size], c.alignCorners, c.halfPixelCenters))).toBeLessThan(1e-6)
  })

  it('after registerKernels() equals the wasm gradient of UpSampling2D on batch 4', async () => {
    const dyValues = seededValues(4 * 6 * 4 * 3, 5)
    const gradientOn = async (backend: 'cpu' | 'wasm'): Promise<Float32Array> => {
      await useBackend(backend)
      const layer = tf.layers.upSampling2d({ size: [2, 2] })
      const images = tf.zeros([4, 3, 2, 3]) as tf.Tensor4D
      const dy = tf.tensor4d(dyValues, [4, 6, 4, 3])
      const got = tf.tidy(() => tf.grad((x: tf.Tensor) => tf.sum(tf.mul(layer.apply(x) as tf.Tensor4D, dy)))(images).dataSync() as Float32Array)
      tf.dispose([images, dy])
      return got
    }
    registerKernels({ backends: ['cpu'] })
    const cpu = await gradientOn('cpu')
    const wasm = await gradientOn('wasm')
    expect(maxAbsDiff(cpu, wasm)).toBeLessThan(1e-6)
  })
})

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  expect(a.length).toBe(b.length)
  let worst = 0
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]))
  return worst
}
