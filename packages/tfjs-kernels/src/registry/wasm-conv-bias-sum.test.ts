// The wasm Sum fast path for the bias gradient of a convolution (sum over all axes but the channels),
// against a float64 sum, and the cases it leaves to the stock kernel.
import * as tf from '@tensorflow/tfjs'
import { afterAll, describe, expect, it } from 'vitest'
import { seededValues, useBackend } from '../_test-backend'
import { registerKernels, unregisterKernels } from '../register-kernels'

afterAll(() => {
  unregisterKernels()
})

interface Case {
  name: string
  shape: number[]
  axis: number[]
  keepDims: boolean
}

const CASES: Case[] = [
  { name: 'conv2d bias gradient [64, 28, 28, 16] (the reference decoder layer)', shape: [64, 28, 28, 16], axis: [0, 1, 2], keepDims: false },
  { name: 'one channel [8, 28, 28, 1], keepDims', shape: [8, 28, 28, 1], axis: [0, 1, 2], keepDims: true },
  { name: 'conv1d bias gradient [16, 140, 32], negative axes', shape: [16, 140, 32], axis: [-3, -2], keepDims: false },
  { name: 'odd sizes [3, 37, 41, 5], axes unsorted', shape: [3, 37, 41, 5], axis: [2, 0, 1], keepDims: false },
  { name: 'not the leading axes (stock path) [8, 20, 20, 4] over [1, 2]', shape: [8, 20, 20, 4], axis: [1, 2], keepDims: false },
  { name: 'too small for the fast path [2, 4, 4, 3]', shape: [2, 4, 4, 3], axis: [0, 1, 2], keepDims: false },
]

// Errors in units of the sum of |values| (up to 50k float32 values per output, accumulated in float32 by
// XNNPACK's pooling or the stock kernel). Measured worst over this table: 4e-8; a wrong channel or scale is
// off by more than 1e-3 (random values: about 2 / sqrt(count)).
const TOLERANCE = 1e-6

describe('wasm bias-gradient Sum', () => {
  it.each(CASES.map((c, k) => [c.name, c, k] as const))('equals the float64 sum, no leak: %s', async (_, c, k) => {
    await useBackend('wasm')
    registerKernels({ backends: ['wasm'] })
    const size = c.shape.reduce((p, q) => p * q, 1)
    const values = seededValues(size, 7 + k)
    const rank = c.shape.length
    const axes = c.axis.map((a) => (a < 0 ? a + rank : a))
    const outShape = c.shape.map((d, i) => (axes.includes(i) ? 1 : d))
    const outStrides = outShape.map((_, i) => outShape.slice(i + 1).reduce((p, q) => p * q, 1))
    const outSize = outShape.reduce((p, q) => p * q, 1)
    const expected = new Float64Array(outSize)
    const sumAbs = new Float64Array(outSize)
    const index = new Array<number>(rank).fill(0)
    for (let p = 0; p < size; p++) {
      let o = 0
      for (let i = 0; i < rank; i++) if (!axes.includes(i)) o += index[i] * outStrides[i]
      expected[o] += values[p]
      sumAbs[o] += Math.abs(values[p])
      for (let i = rank - 1; i >= 0 && ++index[i] === c.shape[i]; i--) index[i] = 0
    }
    const tensorsBefore = tf.memory().numTensors
    const dataBefore = tf.engine().backend.numDataIds()
    const x = tf.tensor(values, c.shape)
    const y = tf.sum(x, c.axis, c.keepDims)
    expect(y.shape).toEqual(c.keepDims ? outShape : c.shape.filter((_, i) => !axes.includes(i)))
    const got = y.dataSync()
    tf.dispose([x, y])
    expect(tf.memory().numTensors).toBe(tensorsBefore)
    expect(tf.engine().backend.numDataIds()).toBe(dataBefore)
    let worst = 0
    for (let o = 0; o < outSize; o++) worst = Math.max(worst, Math.abs(got[o] - expected[o]) / sumAbs[o])
    expect(worst).toBeLessThan(TOLERANCE)
  })
})
