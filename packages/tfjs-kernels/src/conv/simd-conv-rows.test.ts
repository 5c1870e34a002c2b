// The conv row loops against the same sums in float64 JS, on their own memory, over output counts that exercise
// the 4-output blocks and their tail, column counts with 8-column groups and a 4-column tail, filter rows in
// blocks of 4 and a tail, and strides (ldx, ldo, ldw, ldd) wider than the data, so a wrong stride reads wrong values.
import { describe, expect, it } from 'vitest'
import { seededValues } from '../_test-backend'
import { convRows } from './simd-conv-rows'

interface Case {
  m: number
  fh: number
  k: number
  n: number
}

const CASES: Case[] = [
  { m: 28, fh: 3, k: 48, n: 16 },
  { m: 14, fh: 2, k: 16, n: 12 },
  { m: 7, fh: 3, k: 3, n: 16 },
  { m: 5, fh: 1, k: 7, n: 4 },
  { m: 1, fh: 2, k: 5, n: 8 },
]

// Float32 sums of at most ~150 products of values in [-1, 1) (plus a start value): within 1e-5 of float64.
const TOLERANCE = 1e-5

function memoryWith(c: Case): { memory: WebAssembly.Memory; heap: Float32Array; x: number; ldx: number; ldr: number; w: number; ldw: number; d: number; ldd: number; out: number; ldo: number } {
  const memory = new WebAssembly.Memory({ initial: 8 })
  const heap = new Float32Array(memory.buffer)
  const ldx = 3 + (c.k % 5) // pixels overlap or leave gaps, as strided windows do
  const ldr = c.m * ldx + c.k + 9
  const [ldw, ldd, ldo] = [c.n + 4, c.n + 8, c.n + 12]
  const x = 32
  const w = x + c.fh * ldr + 64
  const d = w + c.fh * c.k * ldw + 64
  const out = d + c.m * ldd + 64
  heap.set(seededValues(c.fh * ldr + 16, 3), x)
  heap.set(seededValues(c.fh * c.k * ldw, 5), w)
  heap.set(seededValues(c.m * ldd, 7), d)
  return { memory, heap, x, ldx, ldr, w, ldw, d, ldd, out, ldo }
}

const name = (c: Case): string => `m ${c.m}, ${c.fh} tap rows of ${c.k}, ${c.n} columns`

describe('conv row loops', () => {
  it.each(CASES.map((c) => [name(c), c] as const))('rows: %s', (_, c) => {
    const s = memoryWith(c)
    const loops = convRows(s.memory)
    if (loops === undefined) throw new Error('no WebAssembly SIMD here')
    loops.rows({ x: s.x, ldx: s.ldx, w: s.w, ldw: s.ldw, out: s.out, ldo: s.ldo, m: c.m, fh: c.fh, ldr: s.ldr, k: c.k, n: c.n })
    let worst = 0
    for (let t = 0; t < c.m; t++) {
      for (let j = 0; j < c.n; j++) {
        let sum = 0
        for (let a = 0; a < c.fh; a++) for (let u = 0; u < c.k; u++) sum += s.heap[s.x + t * s.ldx + a * s.ldr + u] * s.heap[s.w + (a * c.k + u) * s.ldw + j]
        worst = Math.max(worst, Math.abs(s.heap[s.out + t * s.ldo + j] - sum))
      }
      // The gap between output rows stays untouched.
      for (let j = c.n; j < s.ldo; j++) expect(s.heap[s.out + t * s.ldo + j]).toBe(0)
    }
    expect(worst).toBeLessThan(TOLERANCE)
  })

  it.each(CASES.map((c) => [name(c), c] as const))('filter, accumulated: %s', (_, c) => {
    const s = memoryWith(c)
    const loops = convRows(s.memory)
    if (loops === undefined) throw new Error('no WebAssembly SIMD here')
    const start = seededValues(c.fh * c.k * s.ldw, 9)
    s.heap.set(start, s.out)
    loops.filter({ x: s.x, ldx: s.ldx, d: s.d, ldd: s.ldd, out: s.out, ldw: s.ldw, m: c.m, fh: c.fh, ldr: s.ldr, k: c.k, n: c.n })
    let worst = 0
    for (let a = 0; a < c.fh; a++) {
      for (let u = 0; u < c.k; u++) {
        const row = (a * c.k + u) * s.ldw
        for (let j = 0; j < c.n; j++) {
          let sum = start[row + j]
          for (let t = 0; t < c.m; t++) sum += s.heap[s.x + t * s.ldx + a * s.ldr + u] * s.heap[s.d + t * s.ldd + j]
          worst = Math.max(worst, Math.abs(s.heap[s.out + row + j] - sum))
        }
        for (let j = c.n; j < s.ldw; j++) expect(s.heap[s.out + row + j]).toBe(start[row + j])
      }
    }
    expect(worst).toBeLessThan(TOLERANCE)
    expect(s.heap[s.out + c.fh * c.k * s.ldw]).toBe(0)
  })

  it('rejects columns that are not whole vectors', () => {
    const loops = convRows(new WebAssembly.Memory({ initial: 1 }))
    if (loops === undefined) throw new Error('no WebAssembly SIMD here')
    expect(() => loops.rows({ x: 0, ldx: 1, w: 0, ldw: 6, out: 0, ldo: 6, m: 1, fh: 1, ldr: 0, k: 1, n: 6 })).toThrow(/multiple of 4/)
  })
})
