import { describe, expect, it } from 'vitest'
import { createAdamUpdater, jsAdamUpdate } from './simd-adam'

// Deterministic values in (-1, 1) without a seeded RNG dependency: a linear congruential sequence.
function values(n: number, seed: number): Float32Array {
  let s = seed >>> 0
  return Float32Array.from({ length: n }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0
    return s / 2 ** 31 - 1
  })
}

// tf.train.adam's update in float64, for the distance of both float32 paths to the exact arithmetic.
function float64Step(w: Float64Array, g: Float32Array, m: Float64Array, v: Float64Array, lr: number, t: number): void {
  for (let i = 0; i < w.length; i++) {
    m[i] = 0.9 * m[i] + 0.1 * g[i]
    v[i] = 0.999 * v[i] + 0.001 * g[i] * g[i]
    w[i] -= (lr * m[i]) / (1 - 0.9 ** t) / (Math.sqrt(v[i] / (1 - 0.999 ** t)) + 1e-7)
  }
}

describe('createAdamUpdater', () => {
  it('runs the SIMD kernel in Node and gives the bits of the JS reference over ten steps of odd-sized arrays', () => {
    const sizes = { kernel: 140 * 64, bias: 63, code: 5, one: 1 }
    const simd = createAdamUpdater<keyof typeof sizes>(1e-3)
    expect(simd.path).toBe('simd')
    const params = Object.fromEntries(Object.entries(sizes).map(([k, n], i) => [k, values(n, i + 1)])) as Record<keyof typeof sizes, Float32Array>
    const reference = Object.fromEntries(Object.entries(params).map(([k, w]) => [k, { w: w.slice(), m: new Float32Array(w.length), v: new Float32Array(w.length) }])) as Record<keyof typeof sizes, { w: Float32Array; m: Float32Array; v: Float32Array }>
    let accBeta1 = Math.fround(0.9)
    let accBeta2 = Math.fround(0.999)
    for (let step = 0; step < 10; step++) {
      const grads = Object.fromEntries(Object.entries(sizes).map(([k, n], i) => [k, values(n, 100 * step + i)])) as Record<keyof typeof sizes, Float32Array>
      const scale = 1e-3 / Math.fround(1 - accBeta1)
      const inverseC2 = 1 / Math.fround(1 - accBeta2)
      simd.step(params, grads)
      for (const key of Object.keys(sizes) as Array<keyof typeof sizes>) jsAdamUpdate(reference[key].w, grads[key], reference[key].m, reference[key].v, scale, inverseC2)
      accBeta1 = Math.fround(accBeta1 * Math.fround(0.9))
      accBeta2 = Math.fround(accBeta2 * Math.fround(0.999))
    }
    for (const key of Object.keys(sizes) as Array<keyof typeof sizes>) expect(Array.from(params[key])).toEqual(Array.from(reference[key].w))
    // And the weights moved: ten steps of lr 1e-3 move each by up to ~1e-2.
    const start = values(sizes.kernel, 1)
    const moved = params.kernel.reduce((s, w, i) => s + Math.abs(w - start[i]), 0) / sizes.kernel
    expect(moved).toBeGreaterThan(1e-3)
  })

  it('keeps its speed on subnormal-range gradients and moments, and keeps a NaN gradient NaN', () => {
    const n = 4096
    const adam = createAdamUpdater<'w'>(1e-3)
    const w = values(n, 3)
    const tiny = values(n, 4).map((x) => x * 1e-21)
    const reference = { w: w.slice(), m: new Float32Array(n), v: new Float32Array(n) }
    let accBeta1 = Math.fround(0.9)
    let accBeta2 = Math.fround(0.999)
    for (let step = 0; step < 300; step++) {
      const g = step < 5 ? values(n, 50 + step).map((x) => x * 1e-16) : tiny // then m decays through the subnormal range
      adam.step({ w }, { w: g })
      jsAdamUpdate(reference.w, g, reference.m, reference.v, 1e-3 / Math.fround(1 - accBeta1), 1 / Math.fround(1 - accBeta2))
      accBeta1 = Math.fround(accBeta1 * Math.fround(0.9))
      accBeta2 = Math.fround(accBeta2 * Math.fround(0.999))
    }
    expect(Array.from(w)).toEqual(Array.from(reference.w))
    expect(reference.m.every((x) => x === 0 || Math.abs(x) >= 2 ** -100)).toBe(true)
    const nan = new Float32Array(n).fill(Number.NaN)
    adam.step({ w }, { w: nan })
    expect(Number.isNaN(w[0])).toBe(true)
  })

  it('stays within float32 rounding of the float64 update', () => {
    const n = 1001
    const w32 = values(n, 7)
    const w64 = Float64Array.from(w32)
    const m32 = new Float32Array(n)
    const v32 = new Float32Array(n)
    const m64 = new Float64Array(n)
    const v64 = new Float64Array(n)
    let accBeta1 = Math.fround(0.9)
    let accBeta2 = Math.fround(0.999)
    for (let t = 1; t <= 20; t++) {
      const g = values(n, 1000 + t)
      jsAdamUpdate(w32, g, m32, v32, 1e-3 / Math.fround(1 - accBeta1), 1 / Math.fround(1 - accBeta2))
      float64Step(w64, g, m64, v64, 1e-3, t)
      accBeta1 = Math.fround(accBeta1 * Math.fround(0.9))
      accBeta2 = Math.fround(accBeta2 * Math.fround(0.999))
    }
    let worst = 0
    for (let i = 0; i < n; i++) worst = Math.max(worst, Math.abs(w32[i] - w64[i]))
    expect(worst).toBeLessThan(1e-6)
  })

  it('refuses a step with other arrays than the first', () => {
    const adam = createAdamUpdater<'a' | 'b'>(1e-2)
    adam.step({ a: new Float32Array(3), b: new Float32Array(2) }, { a: new Float32Array(3), b: new Float32Array(2) })
    expect(() => adam.step({ a: new Float32Array(4), b: new Float32Array(2) }, { a: new Float32Array(4), b: new Float32Array(2) })).toThrow(/other weight arrays/)
  })
})
