// The wasm Add fast path for a per-channel bias (a 1x1 depthwise convolution with a filter of ones): it must
// give exactly the float32 sums of the stock Add, and leave other adds to the stock kernel.
import * as tf from '@tensorflow/tfjs'
import { afterAll, describe, expect, it } from 'vitest'
import { seededValues, useBackend } from '../_test-backend'
import { registerKernels, unregisterKernels } from '../register-kernels'

afterAll(() => {
  unregisterKernels()
})

const CASES: Array<{ name: string; a: number[]; b: number[] }> = [
  { name: 'Conv2DTranspose bias [64, 28, 28, 16] + [1, 1, 1, 16]', a: [64, 28, 28, 16], b: [1, 1, 1, 16] },
  { name: 'Conv1D bias [16, 140, 32] + [32]', a: [16, 140, 32], b: [32] },
  { name: 'odd sizes [3, 37, 41, 5] + [5]', a: [3, 37, 41, 5], b: [5] },
  { name: 'equal shapes (stock path) [4, 30, 30, 3] + [4, 30, 30, 3]', a: [4, 30, 30, 3], b: [4, 30, 30, 3] },
  { name: 'too small for the fast path [2, 3, 3, 4] + [4]', a: [2, 3, 3, 4], b: [4] },
]

describe('wasm bias Add', () => {
  it.each(CASES.map((c, k) => [c.name, c, k] as const))('gives the float32 sums bit for bit, no leak: %s', async (_, c, k) => {
    await useBackend('wasm')
    registerKernels({ backends: ['wasm'] })
    const aValues = seededValues(c.a.reduce((p, q) => p * q, 1), 3 + k)
    const bValues = seededValues(c.b.reduce((p, q) => p * q, 1), 50 + k)
    const tensorsBefore = tf.memory().numTensors
    const dataBefore = tf.engine().backend.numDataIds()
    const a = tf.tensor(aValues, c.a)
    const b = tf.tensor(bValues, c.b)
    const y = tf.add(a, b)
    expect(y.shape).toEqual(c.a)
    const got = y.dataSync()
    tf.dispose([a, b, y])
    expect(tf.memory().numTensors).toBe(tensorsBefore)
    expect(tf.engine().backend.numDataIds()).toBe(dataBefore)
    // Expected: each value plus the bias of its channel (or the same element), rounded once to float32.
    let mismatches = 0
    for (let p = 0; p < aValues.length; p++) {
      const expected = Math.fround(aValues[p] + bValues[bValues.length === aValues.length ? p : p % bValues.length])
      if (got[p] !== expected) mismatches++
    }
    expect(mismatches).toBe(0)
  })
})
