// The blocked product against a plain triple loop, over shapes that hit every block edge: rows and columns
// below, at and past multiples of the 4 x 4 block, and a single column (a 1-channel output).
import { describe, expect, it } from 'vitest'
import { createRandom } from '@aedetect/core'
import { gemmRowsByRows } from './_gemm'

function randomMatrix(size: number, seed: number): Float32Array {
  const random = createRandom(seed)
  const out = new Float32Array(size)
  for (let i = 0; i < size; i++) out[i] = random.next() * 2 - 1
  return out
}

// Each output is one float64 sum over k in index order, rounded once to float32: the blocking must not
// change a bit of it.
function reference(a: Float32Array, b: Float32Array, m: number, n: number, k: number): Float32Array {
  const out = new Float32Array(m * n)
  for (let p = 0; p < m; p++) {
    for (let c = 0; c < n; c++) {
      let s = 0
      for (let i = 0; i < k; i++) s += a[p * k + i] * b[c * k + i]
      out[p * n + c] = s
    }
  }
  return out
}

describe('gemmRowsByRows', () => {
  it.each([
    [1, 1, 1],
    [3, 3, 5],
    [4, 4, 7],
    [5, 8, 16],
    [6, 9, 3],
    [7, 32, 140],
    [64, 140, 32],
    [129, 13, 8],
    [10, 1, 30],
  ])('m %i, n %i, k %i: bit-identical to a triple loop with float64 sums', (m, n, k) => {
    const a = randomMatrix(m * k, m * 1000 + k)
    const b = randomMatrix(n * k, n * 1000 + k + 1)
    // Pre-filled with NaN: every output must be written.
    const out = new Float32Array(m * n).fill(Number.NaN)
    gemmRowsByRows(a, b, m, n, k, out)
    expect(out).toEqual(reference(a, b, m, n, k))
  })
})
