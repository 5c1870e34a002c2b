// The wasm ResizeNearestNeighborGrad fast path (whole upsampling factors) against a float64 block sum of dy,
// through tfjs's own gradient of resizeNearestNeighbor, and the cases it leaves to the stock kernel.
import * as tf from '@tensorflow/tfjs'
import { afterAll, describe, expect, it } from 'vitest'
import { seededValues, useBackend } from '../_test-backend'
import { registerKernels, unregisterKernels } from '../register-kernels'

afterAll(() => {
  unregisterKernels()
})

interface Case {
  name: string
  /** The image [n, h, w, c] before upsampling. */
  shape: number[]
  size: [number, number]
  alignCorners: boolean
  halfPixelCenters: boolean
}

const CASES: Case[] = [
  { name: 'Conv1D decoder ×2 along steps [64, 70, 1, 32] → [64, 140, 1, 32]', shape: [64, 70, 1, 32], size: [140, 1], alignCorners: false, halfPixelCenters: false },
  { name: 'UpSampling2D ×2 [4, 7, 7, 3] → [4, 14, 14, 3]', shape: [4, 7, 7, 3], size: [14, 14], alignCorners: false, halfPixelCenters: false },
  { name: '×3 by ×2 with half-pixel centres [2, 5, 4, 2] → [2, 15, 8, 2]', shape: [2, 5, 4, 2], size: [15, 8], alignCorners: false, halfPixelCenters: true },
  { name: 'not a whole factor (stock path) [2, 4, 6, 3] → [2, 10, 9, 3]', shape: [2, 4, 6, 3], size: [10, 9], alignCorners: false, halfPixelCenters: false },
  { name: 'alignCorners (stock path) [2, 4, 4, 3] → [2, 8, 8, 3]', shape: [2, 4, 4, 3], size: [8, 8], alignCorners: true, halfPixelCenters: false },
]

// The source pixel of output pixel t along an axis, as tfjs's forward resize computes it.
function source(t: number, inSize: number, outSize: number, alignCorners: boolean, halfPixelCenters: boolean): number {
  const ratio = alignCorners && outSize > 1 ? (inSize - 1) / (outSize - 1) : inSize / outSize
  const fraction = halfPixelCenters ? ratio * (t + 0.5) : ratio * t
  const nearest = Math.min(inSize - 1, alignCorners ? Math.round(fraction) : Math.floor(fraction))
  return halfPixelCenters ? Math.max(0, nearest) : nearest
}

describe('wasm ResizeNearestNeighborGrad', () => {
  it.each(CASES.map((c, k) => [c.name, c, k] as const))('equals the float64 block sums of dy, no leak: %s', async (_, c, k) => {
    await useBackend('wasm')
    registerKernels({ backends: ['wasm'] })
    const [n, h, w, depth] = c.shape
    const [newH, newW] = c.size
    const dyValues = seededValues(n * newH * newW * depth, 11 + k)
    const expected = new Float64Array(n * h * w * depth)
    let from = 0
    for (let b = 0; b < n; b++) {
      for (let r = 0; r < newH; r++) {
        const row = source(r, h, newH, c.alignCorners, c.halfPixelCenters)
        for (let col = 0; col < newW; col++) {
          const to = ((b * h + row) * w + source(col, w, newW, c.alignCorners, c.halfPixelCenters)) * depth
          for (let d = 0; d < depth; d++) expected[to + d] += dyValues[from++]
        }
      }
    }
    const tensorsBefore = tf.memory().numTensors
    const dataBefore = tf.engine().backend.numDataIds()
    const images = tf.tensor4d(seededValues(n * h * w * depth, 3 + k), c.shape as [number, number, number, number])
    const dy = tf.tensor4d(dyValues, [n, newH, newW, depth])
    const grad = tf.grad((x: tf.Tensor) => tf.sum(tf.mul(tf.image.resizeNearestNeighbor(x as tf.Tensor4D, c.size, c.alignCorners, c.halfPixelCenters), dy)))(images)
    expect(grad.shape).toEqual(c.shape)
    const got = grad.dataSync()
    tf.dispose([images, dy, grad])
    expect(tf.memory().numTensors).toBe(tensorsBefore)
    expect(tf.engine().backend.numDataIds()).toBe(dataBefore)
    // Block sums of at most 6 float32 values in float32: within 1e-6 of the float64 sum. A wrong block or
    // channel is off by about 1 (values in [-1, 1)).
    let worst = 0
    for (let i = 0; i < expected.length; i++) worst = Math.max(worst, Math.abs(got[i] - expected[i]))
    expect(worst).toBeLessThan(1e-6)
  })
})
