// One time step of an LSTM cell over a batch in float32 WebAssembly SIMD: the gates from the recurrent
// product plus the input projection (Keras gate order i, f, c, o; recurrent activation sigmoid, activation
// tanh), the next cell state, its tanh and the next hidden state. In the fused LSTM trainer these values, in a
// JS loop with Math.tanh and Math.exp per gate, were a third of the time (issue 22).
//
// Arithmetic: float32 in every lane (the JS loop kept each gate in float64 until it was stored); sigmoid and
// tanh through _simd-code.ts's Cephes expf / tanhf, within 1-2 ulp of the float64 formulas rounded once.
import { I32, OP } from '../matmul/_wasm-bytes'
import { OPS, S, countDown, get, i32, instantiate, load, loop, moduleBytes, regions, set, sigmoid, simd, store, tanh, type Code, type Fn, type MathLocals } from './_simd-code'

// step(z, input, cPrev, cNext, tanhC, hNext, gates, batch, units4): per sample b and unit j
//   i = σ(z_i + x_i), f = σ(z_f + x_f), g = tanh(z_g + x_g), o = σ(z_o + x_o)   (z, x, gates: [batch, 4·units])
//   c' = f·c + i·g, tanhC = tanh(c'), h' = o·tanhC                            (c, c', tanhC, h': [batch, units])
function step(): Fn {
  const [Z, X, CP, CN, TC, HN, GATES, BATCH, UNITS4] = [0, 1, 2, 3, 4, 5, 6, 7, 8]
  // i32 locals: row, offset, end, unit bytes, 2 and 3 × unit bytes, gate-row bytes.
  const [ROW, O, END, UB, UB2, UB3, GB] = [9, 10, 11, 12, 13, 14, 15]
  // v128 locals: the gates, the new cell state, scratch.
  const [I, F, G, OG, C, LARGE, T, K, R] = [16, 17, 18, 19, 20, 21, 22, 23, 24]
  const l: MathLocals = { t: T, k: K, r: R }
  const gateOffset = [undefined, UB, UB2, UB3]
  // base + offset (+ q units): the address of gate q's lanes in a [batch, 4·units] row.
  const gateAt = (base: number, q: number): Code => {
    const extra = gateOffset[q]
    return [...get(base), ...get(O), OP.i32Add, ...(extra === undefined ? [] : [...get(extra), OP.i32Add])]
  }
  const unitAt = (base: number): Code => [...get(base), ...get(O), OP.i32Add]
  const preActivation = (q: number): Code => [...load(gateAt(Z, q)), ...load(gateAt(X, q)), ...simd(S.f32x4Add)]
  const mul = simd(S.f32x4Mul)
  const gates = [
    ...sigmoid(preActivation(0), l),
    ...set(I),
    ...sigmoid(preActivation(1), l),
    ...set(F),
    ...preActivation(2),
    ...set(G),
    ...tanh(G, LARGE, l),
    ...set(G),
    ...sigmoid(preActivation(3), l),
    ...set(OG),
  ]
  const cell = [...get(F), ...load(unitAt(CP)), ...mul, ...get(I), ...get(G), ...mul, ...simd(S.f32x4Add), ...set(C)]
  const outputs = [
    ...store(unitAt(CN), get(C)),
    ...tanh(C, LARGE, l),
    ...set(C),
    ...store(unitAt(TC), get(C)),
    ...store(unitAt(HN), [...get(OG), ...get(C), ...mul]),
    ...store(gateAt(GATES, 0), get(I)),
    ...store(gateAt(GATES, 1), get(F)),
    ...store(gateAt(GATES, 2), get(G)),
    ...store(gateAt(GATES, 3), get(OG)),
  ]
  // After a row: gate arrays move one [4·units] row, unit arrays one [units] row.
  const advance = (base: number, by: number): Code => [...get(base), ...get(by), OP.i32Add, ...set(base)]
  const row = [...loop(UNITS4, O, END, [...gates, ...cell, ...outputs]), ...[Z, X, GATES].flatMap((b) => advance(b, GB)), ...[CP, CN, TC, HN].flatMap((b) => advance(b, UB))]
  const sizes = [...get(UNITS4), ...i32(4), OPS.i32Shl, ...set(UB), ...get(UB), ...get(UB), OP.i32Add, ...set(UB2), ...get(UB2), ...get(UB), OP.i32Add, ...set(UB3), ...get(UB3), ...get(UB), OP.i32Add, ...set(GB)]
  return { params: [I32, I32, I32, I32, I32, I32, I32, I32, I32], i32Locals: 7, v128Locals: 9, code: [...sizes, ...countDown(BATCH, ROW, row)] }
}

/** The module's bytes: one memory (exported as `memory`) and the step. */
export function simdLstmCellModuleBytes(): Uint8Array<ArrayBuffer> {
  return moduleBytes([['step', step]])
}

/** One LSTM time step over Float32Arrays; every array may be longer than the values it names. */
export interface LstmCellPass {
  /**
   * From the recurrent product `z` and the input projection `input` ([batch, 4 · units] each, gate order i, f,
   * c, o) and the cell state `cPrev` ([batch, units]): writes the next cell state `cNext`, its tanh `tanhC`, the
   * next hidden state `hNext` ([batch, units] each) and the gate activations `gates` ([batch, 4 · units]).
   * `units` must be a multiple of 4.
   */
  step(z: Float32Array, input: Float32Array, cPrev: Float32Array, cNext: Float32Array, tanhC: Float32Array, hNext: Float32Array, gates: Float32Array, batch: number, units: number): void
}

interface Exports {
  memory: WebAssembly.Memory
  step: (z: number, x: number, cPrev: number, cNext: number, tanhC: number, hNext: number, gates: number, batch: number, units4: number) => void
}

let instance: Exports | null | undefined

/**
 * The SIMD step, or `undefined` where WebAssembly SIMD cannot compile (keep the JS loop). One module per
 * process, shared; not reentrant (JS runs one step at a time).
 */
export function simdLstmCell(): LstmCellPass | undefined {
  if (instance === undefined) instance = instantiate<Exports>(simdLstmCellModuleBytes())
  const wasm = instance
  if (wasm === null) return undefined
  return {
    step(z, input, cPrev, cNext, tanhC, hNext, gates, batch, units) {
      if (units % 4 !== 0) throw new RangeError(`simdLstmCell().step: ${units} units is not a multiple of 4; use the JS loop.`)
      const bg = batch * 4 * units
      const bh = batch * units
      const [zr, xr, cpr, cnr, tcr, hnr, gr] = regions(wasm.memory, [bg, bg, bh, bh, bh, bh, bg])
      zr.set(z.subarray(0, bg))
      xr.set(input.subarray(0, bg))
      cpr.set(cPrev.subarray(0, bh))
      wasm.step(zr.byteOffset, xr.byteOffset, cpr.byteOffset, cnr.byteOffset, tcr.byteOffset, hnr.byteOffset, gr.byteOffset, batch, units / 4)
      cNext.set(cnr.subarray(0, bh))
      tanhC.set(tcr.subarray(0, bh))
      hNext.set(hnr.subarray(0, bh))
      gates.set(gr.subarray(0, bg))
    },
  }
}
