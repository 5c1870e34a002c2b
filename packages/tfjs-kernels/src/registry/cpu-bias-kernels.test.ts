// The cpu Add / Sum fast paths for bias-shaped operands give the stock kernels' results (float32 addition
// is one rounding either way; both sums accumulate in float64 in the same order) and hand every other
// shape or dtype to the stock kernel.
import * as tf from '@tensorflow/tfjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seededValues, useBackend } from '../_test-backend'
import { registerKernels, unregisterKernels } from '../register-kernels'

beforeAll(async () => {
  await useBackend('cpu')
})

afterAll(() => {
  unregisterKernels()
})

/** Runs `op` with stock kernels, then with the fast ones; returns both results and the tensors leaked by the fast run. */
function stockAndFast(op: () => tf.Tensor): { stock: tf.TypedArray; fast: tf.TypedArray; shape: number[]; stockShape: number[]; leaked: number } {
  unregisterKernels()
  const stockTensor = tf.tidy(op)
  const stock = stockTensor.dataSync()
  const stockShape = stockTensor.shape
  stockTensor.dispose()
  registerKernels({ backends: ['cpu'] })
  const before = tf.memory().numTensors
  const fastTensor = tf.tidy(op)
  const fast = fastTensor.dataSync()
  const shape = fastTensor.shape
  fastTensor.dispose()
  return { stock, fast, shape, stockShape, leaked: tf.memory().numTensors - before }
}

const tensor = (shape: number[], seed: number) => tf.tensor(seededValues(shape.reduce((a, b) => a * b, 1), seed), shape)

describe('cpu Add', () => {
  const cases: Array<[string, number[], number[]]> = [
    ['activations + bias [c]', [2, 3, 4, 5], [5]],
    ['bias [1, 1, 1, c] + activations', [1, 1, 1, 5], [2, 3, 4, 5]],
    ['rows + row [w, c]', [3, 4, 5], [4, 5]],
    ['general broadcast (stock path)', [2, 3, 1], [1, 3, 4]],
    ['same shapes (stock path)', [3, 4], [3, 4]],
  ]
  it.each(cases)('equals the stock kernel bit for bit: %s', (_, aShape, bShape) => {
    const run = stockAndFast(() => tf.add(tensor(aShape, 1), tensor(bShape, 2)))
    expect(run.shape).toEqual(run.stockShape)
    expect(Array.from(run.fast)).toEqual(Array.from(run.stock))
    expect(run.leaked).toBe(0)
  })

  it('leaves int32 to the stock kernel', () => {
    const run = stockAndFast(() => tf.add(tf.tensor([[1, 2], [3, 4]], [2, 2], 'int32'), tf.tensor([10, 20], [2], 'int32')))
    expect(Array.from(run.fast)).toEqual([11, 22, 13, 24])
  })
})

describe('cpu Sum', () => {
  const cases: Array<[string, number[], number | number[], boolean]> = [
    ['bias gradient: axes [0, 1, 2] of [4, 3, 5, 6]', [4, 3, 5, 6], [0, 1, 2], false],
    ['axes [2, 0, 1] in any order, keepDims', [4, 3, 5, 6], [2, 0, 1], true],
    ['axis 0 of a matrix', [50, 7], 0, false],
    ['inner axis (stock path)', [4, 3, 5], [2], false],
    ['all axes (stock path)', [4, 3], [0, 1], false],
  ]
  it.each(cases)('equals the stock kernel: %s', (_, shape, axis, keepDims) => {
    const run = stockAndFast(() => tf.sum(tensor(shape, 3), axis, keepDims))
    expect(run.shape).toEqual(run.stockShape)
    expect(Array.from(run.fast)).toEqual(Array.from(run.stock))
    expect(run.leaked).toBe(0)
  })
})
