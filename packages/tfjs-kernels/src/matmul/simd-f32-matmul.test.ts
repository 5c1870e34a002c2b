// The float32 SIMD products against a float64 reference: within float32 rounding of a length-k sum over
// shapes off the 4 × 8 block (padding), a single column, memory growth past the first page; deterministic
// (the same bits twice, and from a second object); every output written.
import { describe, expect, it } from 'vitest'
import { createRandom } from '@aedetect/core'
import { simdF32FusedMatmul, simdF32GemmModuleBytes } from './simd-f32-matmul'

function randomMatrix(size: number, seed: number): Float32Array {
  const random = createRandom(seed)
  const out = new Float32Array(size)
  for (let i = 0; i < size; i++) out[i] = random.next() * 2 - 1
  return out
}

// Exact float64 products and the sum of |a·b| (the scale of the rounding error of a float32 sum).
function reference(a: Float32Array, b: Float32Array, m: number, k: number, n: number): { value: Float64Array; scale: Float64Array } {
  const value = new Float64Array(m * n)
  const scale = new Float64Array(m * n)
  for (let r = 0; r < m; r++) {
    for (let c = 0; c < n; c++) {
      let sum = 0
      let abs = 0
      for (let i = 0; i < k; i++) {
        const p = a[r * k + i] * b[i * n + c]
        sum += p
        abs += Math.abs(p)
      }
      value[r * n + c] = sum
      scale[r * n + c] = abs
    }
  }
  return { value, scale }
}

describe('simdF32FusedMatmul', () => {
  it('compiles in this Node (WebAssembly SIMD is on by default since Node 16)', () => {
    expect(WebAssembly.validate(simdF32GemmModuleBytes())).toBe(true)
    expect(simdF32FusedMatmul()).not.toBeUndefined()
  })

  // [m, k, n]: the dense autoencoder's forward and backward products at odd sizes, shapes off the block.
  const shapes: [number, number, number][] = [
    [1, 1, 1],
    [3, 5, 3],
    [4, 4, 8],
    [7, 140, 32],
    [257, 140, 32],
    [512, 32, 16],
    [130, 16, 8],
    [61, 8, 16],
    [300, 32, 140],
    [32, 512, 140],
    [1, 512, 32],
    [9, 784, 64],
    [10, 30, 1],
    [0, 5, 3],
    [6, 0, 2],
  ]

  it('equals the float64 product within float32 rounding of a length-k sum, and gives the same bits twice', () => {
    const simd = simdF32FusedMatmul()
    const again = simdF32FusedMatmul()
    if (simd === undefined || again === undefined) throw new Error('expected the SIMD kernel to compile')
    let worst = 0
    const cases = shapes.map(([m, k, n], index) => {
      const b = randomMatrix(k * n, 2 * index + 1)
      return { m, k, n, a: randomMatrix(m * k, 2 * index + 2), b, prepared: simd.prepare(b, k, n), second: again.prepare(b, k, n) }
    })
    for (const c of cases) {
      const { value, scale } = reference(c.a, c.b, c.m, c.k, c.n)
      // NaN first: every output value must be written, none left from padding.
      const got = new Float32Array(c.m * c.n).fill(Number.NaN)
      simd.multiply(c.a, c.m, c.prepared, got)
      for (let i = 0; i < got.length; i++) {
        // A float32 sum of k terms errs by at most about k · 2^-24 of the sum of magnitudes (plus the final rounding).
        const bound = (c.k + 1) * 2 ** -24 * scale[i] + 1e-30
        worst = Math.max(worst, Math.abs(got[i] - value[i]) / bound)
        expect(Math.abs(got[i] - value[i])).toBeLessThanOrEqual(bound)
      }
      const twice = new Float32Array(c.m * c.n)
      again.multiply(c.a, c.m, c.second, twice)
      expect(twice).toEqual(got)
    }
    // Measured: the worst error is a small fraction of the bound (rounding errors mostly cancel).
    expect(worst).toBeLessThan(0.5)
    simd.dispose()
    again.dispose()
  })

  it('keeps a prepared operand when the caller changes its array afterwards, and reuses released space', () => {
    const simd = simdF32FusedMatmul()
    if (simd === undefined) throw new Error('expected the SIMD kernel to compile')
    const b = randomMatrix(140 * 32, 7)
    const a = randomMatrix(64 * 140, 8)
    const first = new Float32Array(64 * 32)
    const prepared = simd.prepare(b, 140, 32)
    simd.multiply(a, 64, prepared, first)
    b.fill(0)
    const second = new Float32Array(64 * 32)
    simd.multiply(a, 64, prepared, second)
    expect(second).toEqual(first)
    simd.release(prepared)
    const reused = simd.prepare(randomMatrix(140 * 32, 7), 140, 32)
    const third = new Float32Array(64 * 32)
    simd.multiply(a, 64, reused, third)
    expect(third).toEqual(first)
    simd.dispose()
  })
})
