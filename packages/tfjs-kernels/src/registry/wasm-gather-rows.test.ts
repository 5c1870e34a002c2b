// The wasm GatherV2 row copy: the same values as indexing the data in JS (a gather copies, it cannot round),
// the stock kernel's shapes and errors for the cases it leaves alone, and no leak.
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
  indices: number[]
  indicesShape?: number[]
  axis?: number
}

const CASES: Case[] = [
  { name: 'model.fit batch of images [200, 28, 28, 1], 64 indices', shape: [200, 28, 28, 1], indices: Array.from({ length: 64 }, (_, i) => (i * 37) % 200) },
  { name: 'rows [50, 140] with repeats', shape: [50, 140], indices: [49, 0, 0, 7, 49] },
  { name: '2-D indices [30, 3] by [2, 2]', shape: [30, 3], indices: [1, 2, 29, 3], indicesShape: [2, 2] },
  { name: 'axis −2 of a matrix (the first axis)', shape: [12, 5], indices: [11, 4], axis: -2 },
  { name: 'axis 1 (stock path)', shape: [6, 10, 2], indices: [9, 0, 3], axis: 1 },
  { name: 'a vector', shape: [9], indices: [8, 1, 1] },
]

// out[i, ...] = x[indices[i], ...] along `axis`, in JS.
function gathered(values: Float32Array, shape: number[], indices: number[], axis: number): number[] {
  const a = axis < 0 ? axis + shape.length : axis
  const outer = shape.slice(0, a).reduce((p, q) => p * q, 1)
  const inner = shape.slice(a + 1).reduce((p, q) => p * q, 1)
  const out: number[] = []
  for (let o = 0; o < outer; o++) for (const i of indices) for (let r = 0; r < inner; r++) out.push(values[(o * shape[a] + i) * inner + r])
  return out
}

describe('wasm GatherV2 rows', () => {
  it.each(CASES.map((c, k) => [c.name, c, k] as const))('copies the rows, shapes as stock, no leak: %s', async (_, c, k) => {
    await useBackend('wasm')
    registerKernels({ backends: ['wasm'] })
    const values = seededValues(c.shape.reduce((p, q) => p * q, 1), 5 + k)
    const tensorsBefore = tf.memory().numTensors
    const dataBefore = tf.engine().backend.numDataIds()
    const x = tf.tensor(values, c.shape)
    const indices = tf.tensor(c.indices, c.indicesShape ?? [c.indices.length], 'int32')
    const y = tf.gather(x, indices, c.axis ?? 0)
    const axis = (c.axis ?? 0) < 0 ? (c.axis ?? 0) + c.shape.length : c.axis ?? 0
    expect(y.shape).toEqual([...c.shape.slice(0, axis), ...(c.indicesShape ?? [c.indices.length]), ...c.shape.slice(axis + 1)])
    expect(Array.from(y.dataSync())).toEqual(gathered(values, c.shape, c.indices, axis))
    tf.dispose([x, indices, y])
    expect(tf.memory().numTensors).toBe(tensorsBefore)
    expect(tf.engine().backend.numDataIds()).toBe(dataBefore)
  })

  it('leaves an out-of-range index to the stock kernel, which names it', async () => {
    await useBackend('wasm')
    registerKernels({ backends: ['wasm'] })
    const x = tf.zeros([4, 3])
    const indices = tf.tensor1d([1, 4], 'int32')
    expect(() => tf.gather(x, indices)).toThrow(/index value 4 is not in \[0, 3\]/)
    tf.dispose([x, indices])
  })
})
