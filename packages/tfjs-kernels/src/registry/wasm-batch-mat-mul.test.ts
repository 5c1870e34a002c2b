// The wasm BatchMatMul wrapper (transpose first, then the untransposed stock kernel) against a float64
// reference for every transpose combination, with batch dimensions and a broadcast batch. The first three
// shapes are below the wrapper's 50k multiply-adds and go to the stock kernel; the last one is transposed first.
import * as tf from '@tensorflow/tfjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seededValues, useBackend } from '../_test-backend'
import { registerKernels, unregisterKernels } from '../register-kernels'

beforeAll(async () => {
  await useBackend('wasm')
  registerKernels({ backends: ['wasm'] })
})

afterAll(() => {
  unregisterKernels()
})

/** c[b, i, j] = sum over k of A[b, i, k] * B[b, k, j] in float64, A and B read through the transposes; b broadcast. */
function reference(a: Float32Array, aShape: number[], b: Float32Array, bShape: number[], transposeA: boolean, transposeB: boolean) {
  const [aBatch, aRows, aCols] = aShape
  const [bBatch, bRows, bCols] = bShape
  const m = transposeA ? aCols : aRows
  const k = transposeA ? aRows : aCols
  const n = transposeB ? bRows : bCols
  const batch = Math.max(aBatch, bBatch)
  const values = new Float64Array(batch * m * n)
  const sumAbs = new Float64Array(values.length)
  for (let t = 0; t < batch; t++) {
    const aBase = (aBatch === 1 ? 0 : t) * aRows * aCols
    const bBase = (bBatch === 1 ? 0 : t) * bRows * bCols
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        for (let p = 0; p < k; p++) {
          const term = a[aBase + (transposeA ? p * aCols + i : i * aCols + p)] * b[bBase + (transposeB ? j * bCols + p : p * bCols + j)]
          values[(t * m + i) * n + j] += term
          sumAbs[(t * m + i) * n + j] += Math.abs(term)
        }
      }
    }
  }
  return { values, sumAbs, shape: [batch, m, n] }
}

const CASES = [
  { aShape: [1, 37, 19], bShape: [1, 19, 23] },
  { aShape: [3, 8, 5], bShape: [3, 5, 7] },
  { aShape: [2, 16, 64], bShape: [1, 64, 12] },
  { aShape: [1, 200, 300], bShape: [1, 300, 40] },
]

describe('wasm BatchMatMul with transposed operands', () => {
  const combos = [[false, false], [true, false], [false, true], [true, true]] as const
  const table = CASES.flatMap((c) => combos.map(([ta, tb]) => [`${c.aShape} x ${c.bShape} transposeA=${ta} transposeB=${tb}`, c, ta, tb] as const))
  it.each(table)('equals the float64 reference, no leak: %s', (_, c, transposeA, transposeB) => {
    // Shapes as stored: a transposed operand is stored with its last two axes swapped.
    const aShape = transposeA ? [c.aShape[0], c.aShape[2], c.aShape[1]] : c.aShape
    const bShape = transposeB ? [c.bShape[0], c.bShape[2], c.bShape[1]] : c.bShape
    const aValues = seededValues(aShape.reduce((x, y) => x * y, 1), 3)
    const bValues = seededValues(bShape.reduce((x, y) => x * y, 1), 4)
    const tensorsBefore = tf.memory().numTensors
    const dataBefore = tf.engine().backend.numDataIds()
    const a = tf.tensor3d(aValues, aShape as [number, number, number])
    const b = tf.tensor3d(bValues, bShape as [number, number, number])
    const c3 = tf.matMul(a, b, transposeA, transposeB)
    const ref = reference(aValues, aShape, bValues, bShape, transposeA, transposeB)
    expect(c3.shape).toEqual(ref.shape)
    const got = c3.dataSync()
    tf.dispose([a, b, c3])
    expect(tf.memory().numTensors).toBe(tensorsBefore)
    expect(tf.engine().backend.numDataIds()).toBe(dataBefore)
    // Float32 sums of at most 300 terms: rounding stays well below 1e-5 of the sum of |terms|.
    let worst = 0
    for (let i = 0; i < got.length; i++) worst = Math.max(worst, Math.abs(got[i] - ref.values[i]) / (ref.sumAbs[i] + 1e-30))
    expect(worst).toBeLessThan(1e-5)
  })
})
