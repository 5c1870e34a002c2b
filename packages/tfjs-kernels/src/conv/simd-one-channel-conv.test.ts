// The one-output-channel convolution loops against the same sums in float64 JS, on their own memory, over
// row counts that exercise the 4-row blocks and their tail, and channel counts with 4-vector groups and tails.
import { describe, expect, it } from 'vitest'
import { seededValues } from '../_test-backend'
import { oneChannelConv } from './simd-one-channel-conv'

interface Case {
  m: number
  fh: number
  fw: number
  c: number
}

const CASES: Case[] = [
  { m: 28, fh: 3, fw: 3, c: 16 },
  { m: 7, fh: 2, fw: 3, c: 4 },
  { m: 5, fh: 1, fw: 7, c: 8 },
  { m: 1, fh: 3, fw: 1, c: 20 },
]

// Float32 sums of at most ~600 products of values in [-1, 1): within 1e-5 of float64; a wrong index is off by ~0.1 or more.
const TOLERANCE = 1e-5

function setup(c: Case): { memory: WebAssembly.Memory; heap: Float32Array; ldx: number; ldr: number; x: number; w: number; d: number; out: number } {
  const memory = new WebAssembly.Memory({ initial: 4 })
  const heap = new Float32Array(memory.buffer)
  const ldx = c.c + 4 // rows of pixels with a gap, so a wrong stride reads the wrong values
  const ldr = (c.m + c.fw + 3) * ldx
  const x = 64
  const w = x + c.fh * ldr + 64
  const d = w + c.fh * c.fw * c.c + 64
  const out = d + c.fh * ldr + 64
  heap.set(seededValues(c.fh * ldr + ldx * c.fw, 3), x)
  heap.set(seededValues(c.fh * c.fw * c.c, 5), w)
  heap.set(seededValues(c.fh * ldr, 7), d)
  return { memory, heap, ldx, ldr, x, w, d, out }
}

describe('one-channel conv loops', () => {
  const name = (c: Case): string => `m ${c.m}, ${c.fh}x${c.fw} taps, ${c.c} channels`
  it.each(CASES.map((c) => [name(c), c] as const))('forward: %s', (_, c) => {
    const s = setup(c)
    const k = c.fw * c.c
    // Pixels of a tap row are ldx apart in the image, but a window is k contiguous floats: lay rows out densely here.
    const conv = oneChannelConv(s.memory)
    if (conv === undefined) throw new Error('no WebAssembly SIMD here')
    conv.forward({ x: s.x, ldx: c.c, w: s.w, out: s.out, m: c.m, fh: c.fh, ldr: s.ldr, k })
    let worst = 0
    for (let t = 0; t < c.m; t++) {
      let sum = 0
      for (let a = 0; a < c.fh; a++) for (let u = 0; u < k; u++) sum += s.heap[s.x + t * c.c + a * s.ldr + u] * s.heap[s.w + a * k + u]
      worst = Math.max(worst, Math.abs(s.heap[s.out + t] - sum))
    }
    expect(worst).toBeLessThan(TOLERANCE)
    expect(s.heap[s.out + c.m]).toBe(0)
  })

  it.each(CASES.map((c) => [name(c), c] as const))('filter gradient, accumulated: %s', (_, c) => {
    const s = setup(c)
    const k = c.fw * c.c
    const conv = oneChannelConv(s.memory)
    if (conv === undefined) throw new Error('no WebAssembly SIMD here')
    const start = seededValues(c.fh * k, 9)
    s.heap.set(start, s.out)
    conv.filterGradient({ x: s.x, ldx: s.ldx, d: s.d, out: s.out, m: c.m, fh: c.fh, ldr: s.ldr, k })
    let worst = 0
    for (let a = 0; a < c.fh; a++) {
      for (let u = 0; u < k; u++) {
        let sum = start[a * k + u]
        for (let t = 0; t < c.m; t++) sum += s.heap[s.x + t * s.ldx + a * s.ldr + u] * s.heap[s.d + t]
        worst = Math.max(worst, Math.abs(s.heap[s.out + a * k + u] - sum))
      }
    }
    expect(worst).toBeLessThan(TOLERANCE)
    expect(s.heap[s.out + c.fh * k]).toBe(0)
  })

  it.each(CASES.map((c) => [name(c), c] as const))('input gradient, flipped filter: %s', (_, c) => {
    const s = setup(c)
    const conv = oneChannelConv(s.memory)
    if (conv === undefined) throw new Error('no WebAssembly SIMD here')
    const ldr = c.m + c.fw + 1
    conv.inputGradient({ d: s.d, w: s.w, out: s.out, m: c.m, fh: c.fh, ldr, fw: c.fw, c: c.c })
    let worst = 0
    for (let t = 0; t < c.m; t++) {
      for (let ci = 0; ci < c.c; ci++) {
        let sum = 0
        for (let a = 0; a < c.fh; a++) for (let q = 0; q < c.fw; q++) sum += s.heap[s.d + t + a * ldr + q] * s.heap[s.w + ((c.fh - 1 - a) * c.fw + c.fw - 1 - q) * c.c + ci]
        worst = Math.max(worst, Math.abs(s.heap[s.out + t * c.c + ci] - sum))
      }
    }
    expect(worst).toBeLessThan(TOLERANCE)
    expect(s.heap[s.out + c.m * c.c]).toBe(0)
  })

  it('rejects a window that is not whole vectors', () => {
    const conv = oneChannelConv(new WebAssembly.Memory({ initial: 1 }))
    if (conv === undefined) throw new Error('no WebAssembly SIMD here')
    expect(() => conv.forward({ x: 0, ldx: 3, w: 0, out: 0, m: 1, fh: 1, ldr: 0, k: 6 })).toThrow(/multiple of 4/)
  })
})
