// The WebAssembly SIMD products of fused cpu scoring against the JS loops they replace: bit-identical over
// shapes that need padding (rows and columns not multiples of 4), a single column, memory growth past the
// first 64 KB page, several prepared operands alive at once and a left scratch that must grow.
import { describe, expect, it } from 'vitest'
import { createRandom } from '@aedetect/core'
import { simdFusedMatmul, simdGemmModuleBytes } from './simd-matmul'
import { jsFusedMatmul } from './fused-matmul'

function randomMatrix(size: number, seed: number): Float32Array {
  const random = createRandom(seed)
  const out = new Float32Array(size)
  for (let i = 0; i < size; i++) out[i] = random.next() * 2 - 1
  return out
}

describe('simdFusedMatmul', () => {
  it('compiles in this Node (WebAssembly SIMD is on by default since Node 16)', () => {
    expect(WebAssembly.validate(simdGemmModuleBytes())).toBe(true)
    expect(simdFusedMatmul()).not.toBeUndefined()
  })

  // [m, k, n]: the dense autoencoder's layers at odd batch sizes, and shapes off the 4 x 4 block.
  const shapes: [number, number, number][] = [
    [1, 1, 1],
    [3, 5, 3],
    [4, 4, 4],
    [7, 140, 32],
    [257, 140, 32],
    [256, 32, 16],
    [130, 16, 8],
    [61, 8, 16],
    [300, 32, 140],
    [9, 784, 64],
    [10, 30, 1],
    [0, 5, 3],
    [6, 0, 2],
  ]

  it('is bit-identical to the JS products (float64 sums in index order, rounded once)', () => {
    const simd = simdFusedMatmul()
    if (simd === undefined) throw new Error('expected the SIMD kernel to compile')
    const js = jsFusedMatmul()
    // All operands prepared first, so they stay alive together while the left scratch grows and shrinks.
    const cases = shapes.map(([m, k, n], index) => {
      const b = randomMatrix(k * n, 2 * index + 1)
      return { m, k, n, a: randomMatrix(m * k, 2 * index + 2), simd: simd.prepare(b, k, n), js: js.prepare(b, k, n) }
    })
    for (const c of cases) {
      const expected = new Float32Array(c.m * c.n)
      js.multiply(c.a, c.m, c.js, expected)
      // NaN first: every output value must be written, none left from padding.
      const got = new Float32Array(c.m * c.n).fill(Number.NaN)
      simd.multiply(c.a, c.m, c.simd, got)
      expect(got).toEqual(expected)
    }
    simd.dispose()
    js.dispose()
  })

  it('keeps a prepared operand when the caller changes its array afterwards', () => {
    const simd = simdFusedMatmul()
    if (simd === undefined) throw new Error('expected the SIMD kernel to compile')
    const b = new Float32Array([1, 2, 3, 4, 5, 6])
    const prepared = simd.prepare(b, 2, 3)
    b.fill(0)
    const out = new Float32Array(3)
    simd.multiply(new Float32Array([1, 10]), 1, prepared, out)
    // [1, 10] · [[1, 2, 3], [4, 5, 6]] = [41, 52, 63].
    expect(Array.from(out)).toEqual([41, 52, 63])
    simd.dispose()
  })

  it('reuses released space as the training runners do (prepare, multiply, release per batch), results unchanged', () => {
    const simd = simdFusedMatmul()
    if (simd === undefined) throw new Error('expected the SIMD kernel to compile')
    const js = jsFusedMatmul()
    for (let step = 0; step < 6; step++) {
      // A layer's kernel and a [batch, units] gradient operand per step, new values each time; the last
      // step's batch is smaller, as an epoch's last batch.
      const rows = step === 5 ? 37 : 64
      const kernel = randomMatrix(32 * 140, 100 + step)
      const gradient = randomMatrix(rows * 140, 200 + step)
      const a = randomMatrix(rows * 32, 300 + step)
      const kernelS = simd.prepare(kernel, 32, 140)
      const gradientS = simd.prepare(gradient, rows, 140)
      const kernelJ = js.prepare(kernel, 32, 140)
      const gradientJ = js.prepare(gradient, rows, 140)
      const got = new Float32Array(rows * 140)
      const expected = new Float32Array(rows * 140)
      simd.multiply(a, rows, kernelS, got)
      js.multiply(a, rows, kernelJ, expected)
      expect(got).toEqual(expected)
      const aT = randomMatrix(32 * rows, 400 + step)
      const got2 = new Float32Array(32 * 140)
      const expected2 = new Float32Array(32 * 140)
      simd.multiply(aT, 32, gradientS, got2)
      js.multiply(aT, 32, gradientJ, expected2)
      expect(got2).toEqual(expected2)
      for (const p of [kernelS, gradientS]) simd.release(p)
      for (const p of [kernelJ, gradientJ]) js.release(p)
    }
    simd.dispose()
    js.dispose()
  })
})
