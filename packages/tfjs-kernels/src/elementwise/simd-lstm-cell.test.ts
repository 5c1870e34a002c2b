import { describe, expect, it } from 'vitest'
import { simdLstmCell } from './simd-lstm-cell'

function values(n: number, seed: number, scale: number): Float32Array {
  let s = seed >>> 0
  return Float32Array.from({ length: n }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0
    return (s / 2 ** 31 - 1) * scale
  })
}

const sigmoid = (v: number): number => 1 / (1 + Math.exp(-v))

// The step in float64 from the same float32 inputs: tf.layers' LSTM cell (gate order i, f, c, o).
function reference(z: Float32Array, x: Float32Array, cPrev: Float32Array, batch: number, units: number): { c: number[]; gates: number[] } {
  const c: number[] = []
  const gates: number[] = new Array(batch * 4 * units)
  for (let b = 0; b < batch; b++) {
    for (let j = 0; j < units; j++) {
      const k = b * 4 * units + j
      const pre = (q: number): number => z[k + q * units] + x[k + q * units]
      const [i, f, g, o] = [sigmoid(pre(0)), sigmoid(pre(1)), Math.tanh(pre(2)), sigmoid(pre(3))]
      const cc = f * cPrev[b * units + j] + i * g
      c.push(cc)
      ;[i, f, g, o].forEach((v, q) => (gates[k + q * units] = v))
    }
  }
  return { c, gates }
}

function worstError(got: Float32Array, expected: number[]): number {
  let worst = 0
  for (let i = 0; i < expected.length; i++) worst = Math.max(worst, Math.abs(got[i] - expected[i]) / Math.max(Math.abs(expected[i]), 1e-30))
  return worst
}

describe('simdLstmCell', () => {
  const cell = simdLstmCell()

  it('compiles here (WebAssembly SIMD in Node 20)', () => {
    expect(cell).toBeDefined()
  })

  // Pre-activations from −12 to 12 (both branches of tanh, saturated and linear gates), cell states to ±3.
  it.each([
    [32, 64],
    [3, 4],
    [1, 12],
  ])('one step over [%i, %i] follows the float64 formulas within float32 rounding', (batch, units) => {
    const bg = batch * 4 * units
    const bh = batch * units
    const z = values(bg, batch + units, 6)
    const x = values(bg, 7, 6)
    const cPrev = values(bh, 11, 3)
    z[0] = 0
    x[0] = 0 // tanh and sigmoid at exactly 0
    const out = { c: new Float32Array(bh), tanhC: new Float32Array(bh), h: new Float32Array(bh), gates: new Float32Array(bg) }
    cell?.step(z, x, cPrev, out.c, out.tanhC, out.h, out.gates, batch, units)
    const expected = reference(z, x, cPrev, batch, units)
    // Relative, floored at 1e-30. The pass rounds z + x to float32 before the activation (the reference does
    // not): at a pre-activation p that is a relative input error of 2^-24 · |p|, which a sigmoid near 0
    // carries through almost whole (|p| ≤ 12 here: up to 7e-7); then a few more ulps (2^-24 each).
    expect(worstError(out.gates, expected.gates)).toBeLessThan(1e-6)
    // The cell state: f·c + i·g may cancel, so its error is bounded by the terms' magnitude (≤ 4), not its own.
    for (let i = 0; i < bh; i++) expect(Math.abs(out.c[i] - expected.c[i])).toBeLessThan(2e-6)
    // tanh of the pass's own cell state (the cancellation above is not tanh's), and h = o · tanhC rounded once.
    expect(worstError(out.tanhC, Array.from(out.c, Math.tanh))).toBeLessThan(3e-7)
    const b = (i: number): number => Math.floor(i / units)
    expect(worstError(out.h, Array.from(out.tanhC, (t, i) => Math.fround(out.gates[b(i) * 4 * units + 3 * units + (i % units)] * t)))).toBe(0)
  })

  it('tanh is odd and small arguments keep their relative precision', () => {
    const units = 4
    const z = new Float32Array(16)
    const x = new Float32Array(16)
    // The g gate (second quarter of the row) gets tiny and opposite arguments; the cell state is then i·g.
    z.set([1e-6, -1e-6, 0.5, -0.5], 8)
    const out = { c: new Float32Array(4), tanhC: new Float32Array(4), h: new Float32Array(4), gates: new Float32Array(16) }
    cell?.step(z, x, new Float32Array(4), out.c, out.tanhC, out.h, out.gates, 1, units)
    const g = Array.from(out.gates.subarray(8, 12))
    expect(g[0]).toBe(-g[1])
    expect(g[2]).toBe(-g[3])
    expect(Math.abs(g[0] - Math.tanh(Math.fround(1e-6))) / 1e-6).toBeLessThan(2 ** -23)
    expect(Math.abs(g[2] - Math.tanh(0.5)) / Math.tanh(0.5)).toBeLessThan(2 ** -22)
  })

  // The backward step against the fused trainer's JS loop (float64 between loads), from gate values a forward
  // step produced, with and without a per-step gradient.
  it.each([
    [32, 64, true],
    [3, 8, false],
  ])('the backward step over [%i, %i] (per-step gradient %s) follows the float64 formulas', (batch, units, withPerStep) => {
    const bg = batch * 4 * units
    const bh = batch * units
    const gates = new Float32Array(bg)
    const tanhC = new Float32Array(bh)
    const cPrev = values(bh, 3, 2)
    cell?.step(values(bg, 1, 4), values(bg, 2, 4), cPrev, new Float32Array(bh), tanhC, new Float32Array(bh), gates, batch, units)
    const dh = values(bh, 4, 1)
    const perStep = withPerStep ? values(bh, 5, 1) : undefined
    const dc = values(bh, 6, 1)
    const dcJs = Array.from(dc)
    const dzJs: number[] = new Array(bg)
    for (let b = 0; b < batch; b++) {
      for (let j = 0; j < units; j++) {
        const e = b * units + j
        const k = b * 4 * units + j
        const dhv = perStep ? dh[e] + perStep[e] : dh[e]
        const [i, f, g, o] = [gates[k], gates[k + units], gates[k + 2 * units], gates[k + 3 * units]]
        const dcv = dhv * o * (1 - tanhC[e] * tanhC[e]) + dcJs[e]
        dcJs[e] = dcv * f
        dzJs[k] = dcv * g * i * (1 - i)
        dzJs[k + units] = dcv * cPrev[e] * f * (1 - f)
        dzJs[k + 2 * units] = dcv * i * (1 - g * g)
        dzJs[k + 3 * units] = dhv * tanhC[e] * o * (1 - o)
      }
    }
    const dz = new Float32Array(bg)
    cell?.backStep(dh, perStep, gates, tanhC, cPrev, dc, dz, batch, units)
    // Sums of products of values ≤ ~3: absolute, in float32 ulps of the operands' scale (2^-24 · ~8 per operation).
    const worst = (got: Float32Array, expected: number[]): number => expected.reduce((w, v, i) => Math.max(w, Math.abs(got[i] - v)), 0)
    expect(worst(dc, dcJs)).toBeLessThan(2e-6)
    expect(worst(dz, dzJs)).toBeLessThan(2e-6)
    expect(worst(dz, dzJs)).toBeGreaterThan(0) // float32 lanes, not the float64 loop's bits
  })

  it('refuses a unit count that is not a multiple of 4', () => {
    const a = new Float32Array(24)
    expect(() => cell?.step(a, a, a, a, a, a, a, 1, 6)).toThrow(/multiple of 4/)
  })
})
