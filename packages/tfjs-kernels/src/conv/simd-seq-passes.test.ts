import { describe, expect, it } from 'vitest'
import { createWindowGemm } from './simd-window-gemm'
import { simdSeqPasses, type SeqOperand, type SeqRows } from './simd-seq-passes'

function fill(h: Float32Array, off: number, n: number, seed: number): void {
  let s = seed >>> 0
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0
    h[off + i] = s / 2 ** 31 - 1
  }
}

const bits = (a: Float32Array): number[] => Array.from(new Uint32Array(a.buffer.slice(a.byteOffset, a.byteOffset + a.byteLength)))

// The JS loops of the fused conv1d runner (models/src/fused-conv1d/conv1d-fused-step.ts), over the same layout.
function rowStart(o: SeqOperand, b: number, t: number): number {
  return o.off + b * o.sampleStride + t * o.rowStride
}

describe('simdSeqPasses', () => {
  // Padded, strided layouts as the runner makes them: rows of 8 floats holding 4 or 8 channels, samples with lead rows.
  const cases: Array<[string, SeqRows, boolean]> = [
    ['relu, 8 channels', { samples: 3, rows: 7, cols: 8 }, true],
    ['linear, 4 channels', { samples: 2, rows: 5, cols: 4 }, false],
    ['relu, 32 channels, one sample', { samples: 1, rows: 9, cols: 32 }, true],
  ]

  it.each(cases)('bias + activation (%s) gives the bits of the JS loop', (_, shape, relu) => {
    const gemm = createWindowGemm()
    if (gemm === undefined) throw new Error('no WebAssembly SIMD here')
    const rowsPerSample = shape.rows + 3
    const z: SeqOperand = { off: gemm.allocate(shape.samples * rowsPerSample * shape.cols + 64), sampleStride: rowsPerSample * shape.cols, rowStride: shape.cols }
    const dest: SeqOperand = { off: gemm.allocate(shape.samples * 2 * rowsPerSample * (shape.cols + 4) + 64), sampleStride: 2 * rowsPerSample * (shape.cols + 4), rowStride: 2 * (shape.cols + 4) }
    const bias = gemm.allocate(shape.cols)
    const h = gemm.heap()
    fill(h, z.off, shape.samples * rowsPerSample * shape.cols, 1)
    fill(h, bias, shape.cols, 2)
    h[z.off] = -0
    h[z.off + 1] = Number.NaN
    const expected = h.slice()
    for (let b = 0; b < shape.samples; b++) {
      for (let t = 0; t < shape.rows; t++) {
        const zr = rowStart(z, b, t)
        const dr = rowStart(dest, b, t)
        for (let c = 0; c < shape.cols; c++) {
          const v = (expected[zr + c] = Math.fround(expected[zr + c] + expected[bias + c]))
          expected[dr + c] = relu ? (v + Math.abs(v)) * 0.5 : v
        }
      }
    }
    simdSeqPasses(gemm.memory)?.biasActivation(z, dest, bias, shape, relu)
    expect(bits(gemm.heap().subarray(0, expected.length))).toEqual(bits(expected))
  })

  it.each(cases)('the output gradient (%s) gives the bits of the JS loop, its bias sums in float64', (_, shape, relu) => {
    const gemm = createWindowGemm()
    if (gemm === undefined) throw new Error('no WebAssembly SIMD here')
    const per = shape.rows * shape.cols
    const z: SeqOperand = { off: gemm.allocate(shape.samples * per * 2), sampleStride: 2 * per, rowStride: shape.cols }
    const dy: SeqOperand = { off: gemm.allocate(shape.samples * (per + 8)), sampleStride: per + 8, rowStride: shape.cols }
    const d: SeqOperand = { off: gemm.allocate(shape.samples * 2 * per), sampleStride: 2 * per, rowStride: 2 * shape.cols }
    const sums = gemm.allocate(2 * shape.cols)
    const h = gemm.heap()
    fill(h, z.off, shape.samples * per * 2, 3)
    fill(h, dy.off, shape.samples * (per + 8), 4)
    h[sums] = 123 // stale values from an earlier batch must not count
    const expected = h.slice()
    const expectedSums = new Float64Array(shape.cols)
    for (let b = 0; b < shape.samples; b++) {
      for (let t = 0; t < shape.rows; t++) {
        for (let c = 0; c < shape.cols; c++) {
          const slope = relu ? +(expected[rowStart(z, b, t) + c] > 0) : 1
          const g = (expected[rowStart(d, b, t) + c] = Math.fround(expected[rowStart(dy, b, t) + c] * slope))
          expectedSums[c] += g
        }
      }
    }
    simdSeqPasses(gemm.memory)?.outputGradient(z, dy, d, sums, shape, relu)
    const got = gemm.heap()
    expect(bits(got.subarray(d.off, d.off + shape.samples * 2 * per))).toEqual(bits(expected.subarray(d.off, d.off + shape.samples * 2 * per)))
    expect(Array.from(new Float64Array(got.buffer, 4 * sums, shape.cols))).toEqual(Array.from(expectedSums))
  })

  it('refuses rows that are not a multiple of 4 floats', () => {
    const gemm = createWindowGemm()
    const o = { off: 0, sampleStride: 6, rowStride: 6 }
    expect(() => gemm && simdSeqPasses(gemm.memory)?.biasActivation(o, o, 0, { samples: 1, rows: 1, cols: 6 }, true)).toThrow(/multiple of 4/)
  })
})
