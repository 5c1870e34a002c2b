// One time step of an LSTM cell over a batch in float32 WebAssembly SIMD, and its gradients: the gates from the
// recurrent product plus the input projection (Keras gate order i, f, c, o; recurrent activation sigmoid,
// activation tanh), the next cell state, its tanh and the next hidden state. In the fused LSTM trainer these values, in a
// JS loop with Math.tanh and Math.exp per gate, were a third of the time (issue 22).
//
// Arithmetic: float32 in every lane (the JS loop kept each gate in float64 until it was stored); sigmoid and
// tanh through _simd-code.ts's Cephes expf / tanhf, within 1-2 ulp of the float64 formulas rounded once.
import { I32, OP, VOID } from '../matmul/_wasm-bytes'
import { OPS, S, countDown, get, i32, instantiate, load, loop, moduleBytes, regions, set, sigmoid, simd, splat, store, tanh, type Code, type Fn, type MathLocals } from './_simd-code'

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
  return { params: [I32, I32, I32, I32, I32, I32, I32, I32, I32], i32Locals: 7, v128Locals: 9, code: [...unitSizes(UNITS4, UB, UB2, UB3, GB), ...countDown(BATCH, ROW, row)] }
}

// backStep(dh, perStep, hasPerStep, gates, tanhC, cPrev, dc, dz, batch, units4): the step's gradients, per
// sample b and unit j, from ∂loss/∂h (dh, plus perStep when hasPerStep) and ∂loss/∂c carried back (dc, in place):
//   dc' = dh·o·(1 − tanhC²) + dc;  dc ← dc'·f
//   dz_i = dc'·g·i·(1 − i), dz_f = dc'·c·f·(1 − f), dz_g = dc'·i·(1 − g²), dz_o = dh·tanhC·o·(1 − o)
function backStep(): Fn {
  const [DH, PER, HAS_PER, GATES, TC, CP, DC, DZ, BATCH, UNITS4] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]
  const [ROW, O, END, UB, UB2, UB3, GB] = [10, 11, 12, 13, 14, 15, 16]
  const [DHV, I, F, G, OG, T, DCV] = [17, 18, 19, 20, 21, 22, 23]
  const gateOffset = [undefined, UB, UB2, UB3]
  const gateAt = (base: number, q: number): Code => {
    const extra = gateOffset[q]
    return [...get(base), ...get(O), OP.i32Add, ...(extra === undefined ? [] : [...get(extra), OP.i32Add])]
  }
  const unitAt = (base: number): Code => [...get(base), ...get(O), OP.i32Add]
  const mul = simd(S.f32x4Mul)
  const add = simd(S.f32x4Add)
  const sub = simd(S.f32x4Sub)
  const oneMinus = (v: Code): Code => [...splat(1), ...v, ...sub]
  const loads = [
    ...load(unitAt(DH)),
    ...set(DHV),
    ...get(HAS_PER),
    OPS.if,
    VOID,
    ...get(DHV),
    ...load(unitAt(PER)),
    ...add,
    ...set(DHV),
    OP.end,
    ...[I, F, G, OG].flatMap((local, q) => [...load(gateAt(GATES, q)), ...set(local)]),
    ...load(unitAt(TC)),
    ...set(T),
  ]
  const dcv = [...get(DHV), ...get(OG), ...mul, ...oneMinus([...get(T), ...get(T), ...mul]), ...mul, ...load(unitAt(DC)), ...add, ...set(DCV)]
  const outputs = [
    ...store(unitAt(DC), [...get(DCV), ...get(F), ...mul]),
    ...store(gateAt(DZ, 0), [...get(DCV), ...get(G), ...mul, ...get(I), ...mul, ...oneMinus(get(I)), ...mul]),
    ...store(gateAt(DZ, 1), [...get(DCV), ...load(unitAt(CP)), ...mul, ...get(F), ...mul, ...oneMinus(get(F)), ...mul]),
    ...store(gateAt(DZ, 2), [...get(DCV), ...get(I), ...mul, ...oneMinus([...get(G), ...get(G), ...mul]), ...mul]),
    ...store(gateAt(DZ, 3), [...get(DHV), ...get(T), ...mul, ...get(OG), ...mul, ...oneMinus(get(OG)), ...mul]),
  ]
  const advance = (base: number, by: number): Code => [...get(base), ...get(by), OP.i32Add, ...set(base)]
  const row = [...loop(UNITS4, O, END, [...loads, ...dcv, ...outputs]), ...[GATES, DZ].flatMap((b) => advance(b, GB)), ...[DH, PER, TC, CP, DC].flatMap((b) => advance(b, UB))]
  return { params: [I32, I32, I32, I32, I32, I32, I32, I32, I32, I32], i32Locals: 7, v128Locals: 7, code: [...unitSizes(UNITS4, UB, UB2, UB3, GB), ...countDown(BATCH, ROW, row)] }
}

/** Byte sizes from units / 4: one unit row (ub), two and three of them, one gate row (4 · ub). */
function unitSizes(units4: number, ub: number, ub2: number, ub3: number, gb: number): Code {
  return [...get(units4), ...i32(4), OPS.i32Shl, ...set(ub), ...get(ub), ...get(ub), OP.i32Add, ...set(ub2), ...get(ub2), ...get(ub), OP.i32Add, ...set(ub3), ...get(ub3), ...get(ub), OP.i32Add, ...set(gb)]
}

/** The module's bytes: one memory (exported as `memory`), the step and its gradients. */
export function simdLstmCellModuleBytes(): Uint8Array<ArrayBuffer> {
  return moduleBytes([
    ['step', step],
    ['backStep', backStep],
  ])
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
  /**
   * The step's gradients: from ∂loss/∂h `dh` (plus `perStep` when given; [batch, units] each), the step's `gates`,
   * `tanhC` and previous cell state `cPrev`, and ∂loss/∂c carried back in `dc` (updated in place to the previous
   * step's), writes ∂loss/∂(pre-activations) into `dz` ([batch, 4 · units]). Float32, left to right as written.
   */
  backStep(dh: Float32Array, perStep: Float32Array | undefined, gates: Float32Array, tanhC: Float32Array, cPrev: Float32Array, dc: Float32Array, dz: Float32Array, batch: number, units: number): void
}

interface Exports {
  memory: WebAssembly.Memory
  step: (z: number, x: number, cPrev: number, cNext: number, tanhC: number, hNext: number, gates: number, batch: number, units4: number) => void
  backStep: (dh: number, perStep: number, hasPerStep: number, gates: number, tanhC: number, cPrev: number, dc: number, dz: number, batch: number, units4: number) => void
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
    backStep(dh, perStep, gates, tanhC, cPrev, dc, dz, batch, units) {
      if (units % 4 !== 0) throw new RangeError(`simdLstmCell().backStep: ${units} units is not a multiple of 4; use the JS loop.`)
      const bg = batch * 4 * units
      const bh = batch * units
      const [dhr, pr, gr, tcr, cpr, dcr, dzr] = regions(wasm.memory, [bh, bh, bg, bh, bh, bh, bg])
      dhr.set(dh.subarray(0, bh))
      if (perStep !== undefined) pr.set(perStep.subarray(0, bh))
      gr.set(gates.subarray(0, bg))
      tcr.set(tanhC.subarray(0, bh))
      cpr.set(cPrev.subarray(0, bh))
      dcr.set(dc.subarray(0, bh))
      wasm.backStep(dhr.byteOffset, pr.byteOffset, perStep === undefined ? 0 : 1, gr.byteOffset, tcr.byteOffset, cpr.byteOffset, dcr.byteOffset, dzr.byteOffset, batch, units / 4)
      dc.set(dcr.subarray(0, bh))
      dz.set(dzr.subarray(0, bg))
    },
  }
}
