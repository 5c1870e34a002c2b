// The wasm Identity shares data by reference count: a clone reads the same values, outlives its source, and
// disposing both frees the data (no leak); tf.clone of a string tensor still works (stock kernel).
import * as tf from '@tensorflow/tfjs'
import { afterAll, describe, expect, it } from 'vitest'
import { seededValues, useBackend } from '../_test-backend'
import { registerKernels, unregisterKernels } from '../register-kernels'

afterAll(() => {
  unregisterKernels()
})

describe('wasm Identity', () => {
  it('shares the data: same values, survives the source, freed with the last reference', async () => {
    await useBackend('wasm')
    registerKernels({ backends: ['wasm'] })
    const values = seededValues(4 * 7 * 5, 3)
    const dataBefore = tf.engine().backend.numDataIds()
    const bytesBefore = tf.memory().numBytes
    const x = tf.tensor3d(values, [4, 7, 5])
    const copy = tf.clone(x)
    expect(tf.engine().backend.numDataIds()).toBe(dataBefore + 1)
    x.dispose()
    expect(copy.shape).toEqual([4, 7, 5])
    expect(Array.from(copy.dataSync())).toEqual(Array.from(values))
    // An op on the clone leaves it as it was (tensors are immutable; no kernel writes into its input).
    const doubled = tf.mul(copy, 2)
    expect(doubled.dataSync()[1]).toBe(Math.fround(values[1] * 2))
    expect(copy.dataSync()[1]).toBe(values[1])
    tf.dispose([copy, doubled])
    expect(tf.engine().backend.numDataIds()).toBe(dataBefore)
    expect(tf.memory().numBytes).toBe(bytesBefore)
  })

  it('trains through saved tensors the same as a copy would: gradients of a chain equal the float64 values', async () => {
    await useBackend('wasm')
    registerKernels({ backends: ['wasm'] })
    const before = tf.memory().numTensors
    const x = tf.tensor1d([0.5, -1.5, 2])
    // d/dx Σ relu(x)·x² = relu'(x)·x² + 2·relu(x)·x: the tape keeps x and relu(x) (clones) for the backward pass.
    const grad = tf.grad((v: tf.Tensor) => tf.sum(tf.mul(tf.relu(v), tf.square(v))))(x)
    expect(Array.from(grad.dataSync())).toEqual([0.75, 0, 12])
    tf.dispose([x, grad])
    expect(tf.memory().numTensors).toBe(before)
  })

  it('shares a cast to the same dtype and converts other casts', async () => {
    await useBackend('wasm')
    registerKernels({ backends: ['wasm'] })
    const dataBefore = tf.engine().backend.numDataIds()
    const x = tf.tensor1d([1.5, -2, 0])
    const same = tf.cast(x, 'float32')
    expect(tf.engine().backend.numDataIds()).toBe(dataBefore + 1)
    const ints = tf.cast(x, 'int32')
    x.dispose()
    expect(Array.from(same.dataSync())).toEqual([1.5, -2, 0])
    expect(ints.dtype).toBe('int32')
    expect(Array.from(ints.dataSync())).toEqual([1, -2, 0])
    tf.dispose([same, ints])
    expect(tf.engine().backend.numDataIds()).toBe(dataBefore)
  })

  it('clones string tensors with the stock kernel', async () => {
    await useBackend('wasm')
    registerKernels({ backends: ['wasm'] })
    const s = tf.tensor1d(['a', 'bc'], 'string')
    const copy = tf.clone(s)
    s.dispose()
    expect(copy.arraySync()).toEqual(['a', 'bc'])
    copy.dispose()
  })
})
