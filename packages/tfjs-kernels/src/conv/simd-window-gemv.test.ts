import { describe, expect, it } from 'vitest'
import { createWindowGemm } from './simd-window-gemm'
import { createWindowGemv } from './simd-window-gemv'

function fill(h: Float32Array, off: number, n: number, seed: number): void {
  let s = seed >>> 0
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0
    h[off + i] = s / 2 ** 31 - 1
  }
}

const bits = (a: Float32Array): number[] => Array.from(new Uint32Array(a.slice().buffer))

describe('createWindowGemv', () => {
  // Overlapping windows as a convolution reads them: rows `lda` floats apart, each k floats long.
  it.each([
    [37, 224, 32],
    [5, 8, 2],
    [1, 4, 1],
  ])('nv over %i windows of %i floats (rows %i apart) is the float64 dot product within float32 rounding', (m, k, lda) => {
    const gemm = createWindowGemm()
    if (gemm === undefined) throw new Error('no WebAssembly SIMD here')
    const a = gemm.allocate(m * lda + k)
    const w = gemm.allocate(k)
    const out = gemm.allocate(m * 8)
    const h = gemm.heap()
    fill(h, a, m * lda + k, 1)
    fill(h, w, k, 2)
    createWindowGemv(gemm.memory)?.nv({ a, lda, w, out, ldo: 8, m, k })
    const got = gemm.heap()
    for (let t = 0; t < m; t++) {
      let exact = 0
      let magnitude = 0
      for (let j = 0; j < k; j++) {
        exact += got[a + t * lda + j] * got[w + j]
        magnitude += Math.abs(got[a + t * lda + j] * got[w + j])
      }
      expect(Math.abs(got[out + t * 8] - exact)).toBeLessThanOrEqual((k + 1) * 2 ** -24 * magnitude)
      expect(got[out + t * 8 + 1]).toBe(0) // the other columns of the padded output are not written
    }
  })

  it.each([
    [300, 224, 32, 1],
    [7, 12, 3, 2],
  ])('tv over %i rows gives the bits of the window product tn, also in chunks that accumulate', (rows, k, lda, ldd) => {
    const gemm = createWindowGemm()
    const gemv = gemm && createWindowGemv(gemm.memory)
    if (gemm === undefined || gemv === undefined) throw new Error('no WebAssembly SIMD here')
    const a = gemm.allocate(rows * lda + k)
    const d = gemm.allocate(rows * ldd * 8)
    const viaTn = gemm.allocate(Math.ceil(k / 4) * 4 * 8)
    const viaTv = gemm.allocate(k)
    const chunked = gemm.allocate(k)
    const h = gemm.heap()
    fill(h, a, rows * lda + k, 3)
    // d as the window product reads it: one column of rows ldd · 8 wide (the rest zeros).
    for (let t = 0; t < rows; t++) h[d + t * ldd * 8] = Math.fround(Math.sin(t))
    gemm.tn({ a, lda, b: d, ldb: ldd * 8, out: viaTn, ldo: 8, m4: k, n8: 8, k: rows })
    gemv.tv({ a, lda, d, ldd: ldd * 8, out: viaTv, rows, k })
    for (let t0 = 0; t0 < rows; t0 += 64) gemv.tv({ a: a + t0 * lda, lda, d: d + t0 * ldd * 8, ldd: ldd * 8, out: chunked, rows: Math.min(64, rows - t0), k, accumulate: t0 > 0 })
    const got = gemm.heap()
    const column = Float32Array.from({ length: k }, (_, j) => got[viaTn + j * 8])
    expect(bits(got.subarray(viaTv, viaTv + k))).toEqual(bits(column))
    expect(bits(got.subarray(chunked, chunked + k))).toEqual(bits(column))
  })

  it('refuses k that is not a multiple of 4', () => {
    const gemm = createWindowGemm()
    expect(() => gemm && createWindowGemv(gemm.memory)?.nv({ a: 0, lda: 1, w: 0, out: 0, ldo: 1, m: 1, k: 6 })).toThrow(/multiple of 4/)
  })
})
