// The strided products against a float64 reference over overlapping rows (a convolution's windows), padded
// strides, accumulation and memory growth; deterministic; the padding rules checked.
import { describe, expect, it } from 'vitest'
import { createRandom } from '@aedetect/core'
import { createWindowGemm, windowGemmModuleBytes, type WindowProduct } from './simd-window-gemm'

function fillRandom(heap: Float32Array, offset: number, count: number, seed: number): void {
  const random = createRandom(seed)
  for (let i = 0; i < count; i++) heap[offset + i] = random.next() * 2 - 1
}

// out[r, n] = start + Σ_i A(r, i) · b[i·ldb + n] in float64, with the scale Σ|A·b| of the float32 rounding.
function reference(heap: Float32Array, p: WindowProduct, transposed: boolean, start: Float32Array): { value: Float64Array; scale: Float64Array } {
  const value = new Float64Array(p.m4 * p.n8)
  const scale = new Float64Array(p.m4 * p.n8)
  for (let r = 0; r < p.m4; r++) {
    for (let n = 0; n < p.n8; n++) {
      let sum = p.accumulate ? start[r * p.n8 + n] : 0
      let abs = Math.abs(sum)
      for (let i = 0; i < p.k; i++) {
        const a = transposed ? heap[p.a + i * p.lda + r] : heap[p.a + r * p.lda + i]
        const v = a * heap[p.b + i * p.ldb + n]
        sum += v
        abs += Math.abs(v)
      }
      value[r * p.n8 + n] = sum
      scale[r * p.n8 + n] = abs
    }
  }
  return { value, scale }
}

describe('createWindowGemm', () => {
  it('compiles in this Node (WebAssembly SIMD)', () => {
    expect(WebAssembly.validate(windowGemmModuleBytes())).toBe(true)
    expect(createWindowGemm()).toBeDefined()
  })

  // [m4, n8, k, lda, ldb, ldo]: conv windows (lda < k: rows overlap), strided windows (lda = 2c), wide outputs.
  const cases: [number, number, number, number, number, number][] = [
    [4, 8, 1, 1, 8, 8],
    [8, 8, 21, 3, 8, 8],
    [72, 32, 112, 16, 32, 32],
    [36, 16, 224, 64, 16, 24],
    [12, 8, 7, 1, 1, 8],
    [112, 32, 140, 16, 64, 40],
    [4, 40, 9, 38, 40, 40],
  ]

  for (const transposed of [false, true]) {
    it(`${transposed ? 'tn' : 'nn'} equals the float64 product within float32 rounding, overwriting or accumulating`, () => {
      const gemm = createWindowGemm()
      if (gemm === undefined) throw new Error('no SIMD')
      for (const [index, [m4, n8, k, lda, ldb, ldo]] of cases.entries()) {
        for (const accumulate of [false, true]) {
          const aSize = transposed ? k * lda + m4 : m4 * lda + k
          const a = gemm.allocate(aSize)
          const b = gemm.allocate(k * ldb + n8)
          const out = gemm.allocate(m4 * ldo)
          fillRandom(gemm.heap(), a, aSize, 10 + index)
          fillRandom(gemm.heap(), b, k * ldb + n8, 20 + index)
          fillRandom(gemm.heap(), out, m4 * ldo, 30 + index)
          const before = gemm.heap().slice(out, out + m4 * ldo)
          const start = new Float32Array(m4 * n8)
          for (let r = 0; r < m4; r++) start.set(gemm.heap().subarray(out + r * ldo, out + r * ldo + n8), r * n8)
          const p: WindowProduct = { a, lda, b, ldb, out, ldo, m4, n8, k, accumulate }
          const { value, scale } = reference(gemm.heap(), p, transposed, start)
          if (transposed) gemm.tn(p)
          else gemm.nn(p)
          const heap = gemm.heap()
          for (let r = 0; r < m4; r++) {
            for (let n = 0; n < n8; n++) {
              const got = heap[out + r * ldo + n]
              const tolerance = 2 ** -22 * (k + 1) * scale[r * n8 + n] + 1e-30
              if (Math.abs(got - value[r * n8 + n]) > tolerance) throw new Error(`case ${index} accumulate ${accumulate} [${r}, ${n}]: ${got} vs ${value[r * n8 + n]}`)
            }
            // Columns past n8 of a wider output row are left alone.
            for (let n = n8; n < ldo; n++) expect(heap[out + r * ldo + n]).toBe(before[r * ldo + n])
          }
        }
      }
    })
  }

  it('gives the same bits twice, and keeps earlier allocations when the memory grows', () => {
    const gemm = createWindowGemm()
    if (gemm === undefined) throw new Error('no SIMD')
    const a = gemm.allocate(72 * 16 + 112)
    const b = gemm.allocate(112 * 32 + 32)
    const out = gemm.allocate(72 * 32)
    fillRandom(gemm.heap(), a, 72 * 16 + 112, 1)
    fillRandom(gemm.heap(), b, 112 * 32 + 32, 2)
    const p: WindowProduct = { a, lda: 16, b, ldb: 32, out, ldo: 32, m4: 72, n8: 32, k: 112 }
    gemm.nn(p)
    const first = gemm.heap().slice(out, out + 72 * 32)
    const grown = gemm.allocate(1 << 20)
    expect(gemm.heap().length).toBeGreaterThanOrEqual(grown + (1 << 20))
    expect(gemm.heap()[grown + 12345]).toBe(0)
    gemm.nn(p)
    expect(gemm.heap().slice(out, out + 72 * 32)).toEqual(first)
  })

  it('refuses blocks off 4 × 8', () => {
    const gemm = createWindowGemm()
    if (gemm === undefined) throw new Error('no SIMD')
    expect(() => gemm.nn({ a: 0, lda: 1, b: 0, ldb: 8, out: 0, ldo: 8, m4: 3, n8: 8, k: 1 })).toThrow(/m4 3/)
    expect(() => gemm.tn({ a: 0, lda: 1, b: 0, ldb: 8, out: 0, ldo: 8, m4: 4, n8: 6, k: 1 })).toThrow(/n8 6/)
  })
})
