import { describe, expect, it } from 'vitest'
import { simdDensePasses } from './simd-dense-passes'

function values(n: number, seed: number): Float32Array {
  let s = seed >>> 0
  const out = Float32Array.from({ length: n }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0
    return s / 2 ** 31 - 1
  })
  // The edge cases the JS loops define: signed zeros, a NaN, values that round when a bias is added.
  out[0] = -0
  out[1] = 0
  if (n > 5) out[5] = Number.NaN
  return out
}

const mask = (n: number, seed: number): Float32Array => values(n, seed).map((v) => (v > -0.8 ? 1 : 0))
const bits = (a: Float32Array): number[] => Array.from(new Uint32Array(a.buffer, a.byteOffset, a.length))

describe('simdDensePasses', () => {
  const passes = simdDensePasses()

  it('compiles here (WebAssembly SIMD in Node 20)', () => {
    expect(passes).toBeDefined()
  })

  it.each([
    [64, 140, true],
    [7, 16, true],
    [3, 4, false],
    [64, 64, false],
  ])('bias + activation on [%i, %i] (relu %s) gives the bits of the JS pass', (rows, cols, relu) => {
    const z = values(rows * cols, rows + cols)
    const bias = values(cols, 99).map((b) => b * 1e-3)
    const y = new Float32Array(rows * cols)
    const zJs = z.slice()
    const yJs = new Float32Array(rows * cols)
    for (let r = 0; r < rows; r++) {
      for (let j = 0; j < cols; j++) {
        const v = (zJs[r * cols + j] = Math.fround(zJs[r * cols + j] + bias[j]))
        yJs[r * cols + j] = relu ? (v + Math.abs(v)) * 0.5 : v
      }
    }
    passes?.biasActivation(z, bias, y, rows, cols, relu)
    expect(bits(z)).toEqual(bits(zJs))
    expect(bits(y)).toEqual(bits(yJs))
  })

  it.each([1, 6, 4096, 8963])('the relu gradient and dropout over %i values give the bits of the JS passes', (n) => {
    const dy = values(n, 3)
    const y = values(n, 4)
    const m = mask(n, 5)
    const keep = Math.fround(1 - 0.1)
    const dz = new Float32Array(n)
    passes?.reluGradient(dy, y, dz, n)
    expect(bits(dz)).toEqual(bits(dy.map((d, i) => d * +(y[i] > 0))))
    const out = new Float32Array(n)
    passes?.dropout(y, m, keep, out, n)
    expect(bits(out)).toEqual(bits(y.map((v, i) => (v * m[i]) / keep)))
    const expected = dy.map((d, i) => Math.fround(d / keep) * m[i])
    passes?.dropoutGradient(dy, m, keep, n)
    expect(bits(dy)).toEqual(bits(expected))
  })

  // The float32 sigmoid's distance from tfjs-cpu's formula, 1 / (1 + Math.exp(−v)) rounded once, in units in
  // the last place of the expected value, over every float32 step of 2^-10 in [−90, 90] plus random biases.
  it('bias + sigmoid: within 1 ulp of the float64 formula, the pre-activation as the JS pass stores it', () => {
    const cols = 1024
    const rows = (180 * 1024) / cols
    const z = Float32Array.from({ length: rows * cols }, (_, i) => -90 + i / 1024)
    const bias = values(cols, 7).map((b) => (Number.isNaN(b) ? 0 : b * 1e-3))
    const expectedZ = z.map((v, i) => Math.fround(v + bias[i % cols]))
    const y = new Float32Array(rows * cols)
    passes?.biasSigmoid(z, bias, y, rows, cols)
    expect(bits(z)).toEqual(bits(expectedZ))
    let worst = 0
    for (let i = 0; i < z.length; i++) {
      const exact = Math.fround(1 / (1 + Math.exp(-z[i])))
      // Below ~1e-38 the result is a subnormal (the pass stops at about 6e-39): an absolute bound instead.
      if (exact < 1.2e-38) {
        expect(Math.abs(y[i] - exact)).toBeLessThan(1e-38)
        continue
      }
      const ulp = Math.fround(exact * (1 + 2 ** -23)) - exact || 2 ** -149
      worst = Math.max(worst, Math.abs(y[i] - exact) / ulp)
    }
    expect(worst).toBeLessThanOrEqual(1)
    expect(worst).toBeGreaterThan(0) // not the float64 formula's bits: the test would pass vacuously otherwise
  })

  it('bias + sigmoid keeps NaN, maps ±0 to 0.5 and saturates at ±Infinity', () => {
    const z = Float32Array.of(Number.NaN, -0, 0, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 1e30, -1e30, 20)
    const y = new Float32Array(8)
    passes?.biasSigmoid(z, new Float32Array(4), y, 2, 4)
    expect(Number.isNaN(y[0])).toBe(true)
    expect(Array.from(y.subarray(1, 3))).toEqual([0.5, 0.5])
    expect(y[3]).toBe(1)
    expect(y[4]).toBeLessThan(6.2e-39)
    expect(y[5]).toBe(1)
    expect(y[6]).toBeLessThan(6.2e-39)
    expect(y[7]).toBe(Math.fround(1 / (1 + Math.exp(-20))))
  })

  it.each([3, 4096, 8963])('the sigmoid gradient over %i values is dy · y · (1 − y) in float32, left to right', (n) => {
    const dy = values(n, 8)
    const y = values(n, 9).map((v) => Math.abs(v))
    const dz = new Float32Array(n)
    passes?.sigmoidGradient(dy, y, dz, n)
    const f = Math.fround
    expect(bits(dz)).toEqual(bits(dy.map((d, i) => f(f(d * y[i]) * f(1 - y[i])))))
  })

  it('refuses a row length that is not a multiple of 4', () => {
    expect(() => passes?.biasActivation(new Float32Array(6), new Float32Array(3), new Float32Array(6), 2, 3, true)).toThrow(/multiple of 4/)
  })
})
