// The value-by-value passes of a fused dense training step in float32 WebAssembly SIMD: bias + ReLU (or bias
// alone), bias + sigmoid, the ReLU and sigmoid gradients, dropout and its gradient. In the ECG5000 main job these JS loops over every
// activation of every batch ran at ~3 ns a value, together about as long as the matrix products (issue 22).
// Operands are copied into the module's memory and the results out (a memcpy each, ~0.1-0.3 ns a value).
//
// Bits: each pass is the float32 operation the JS loop rounds to (an add of two float32 values, a product by
// 0 or 1, a division of two float32 values), so both give the same bits; relu is (v + |v|) · 0.5 as the JS pass
// writes it (0 for −0 and negative values). The sigmoid is the exception: its own float32 exp, within 1 ulp of
// tfjs-cpu's float64 formula (the JS pass's polynomial is closer, ~1e-12 before rounding, and ~10x slower).
import { I32, OP, VOID } from '../matmul/_wasm-bytes'
import { F32, OPS, S, at, countDown, get, i32, instantiate, load, loop, moduleBytes, regions, set, sigmoid, simd, splat, store, tee, type Code, type Fn } from './_simd-code'

// biasAct(z, bias, y, rows, cols4, relu): per row z ← z + bias, y ← relu ? (z + |z|)·0.5 : z.
// Locals: 6 row, 7 offset, 8 end, 9 rowBytes; v128 10 v, 11 half. Also a function of the dense scorer's module.
export function biasActivation(): Fn {
  const [Z, BIAS, Y, ROWS, COLS4, RELU, ROW, O, END, STEP, V, HALF] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]
  const value = [...load(at(Z, O)), ...load(at(BIAS, O)), ...simd(S.f32x4Add), ...set(V), ...store(at(Z, O), get(V))]
  const relu = store(at(Y, O), [...get(V), ...get(V), ...simd(S.f32x4Abs), ...simd(S.f32x4Add), ...get(HALF), ...simd(S.f32x4Mul)])
  const copy = store(at(Y, O), get(V))
  const body = [...value, ...get(RELU), OPS.if, VOID, ...relu, OPS.else, ...copy, OP.end]
  return { params: [I32, I32, I32, I32, I32, I32], i32Locals: 4, v128Locals: 2, code: [...splat(0.5), ...set(HALF), ...rowLoop(ROWS, COLS4, ROW, O, END, STEP, Z, Y, body)] }
}

/** Per row (`rows` of `cols4` vectors): `body` over offsets 0…, then both row pointers advance one row. */
function rowLoop(rows: number, cols4: number, row: number, o: number, end: number, step: number, a: number, b: number, body: Code): Code {
  const next = [...loop(cols4, o, end, body), ...get(a), ...get(step), OP.i32Add, ...set(a), ...get(b), ...get(step), OP.i32Add, ...set(b)]
  return [...get(cols4), ...i32(4), OPS.i32Shl, ...set(step), ...countDown(rows, row, next)]
}

// biasSigmoid(z, bias, y, rows, cols4): per row z ← z + bias, y ← 1 / (1 + e^(−z)) (_simd-code.ts's expf).
// Locals: 5 row, 6 offset, 7 end, 8 rowBytes; v128 9 v, 10 t, 11 k, 12 r. Also a function of the dense scorer's module.
export function biasSigmoid(): Fn {
  const [Z, BIAS, Y, ROWS, COLS4, ROW, O, END, STEP, V, T, K, R] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]
  const value = [...load(at(Z, O)), ...load(at(BIAS, O)), ...simd(S.f32x4Add), ...set(V), ...store(at(Z, O), get(V))]
  const body = [...value, ...store(at(Y, O), sigmoid(get(V), { t: T, k: K, r: R }))]
  return { params: [I32, I32, I32, I32, I32], i32Locals: 4, v128Locals: 4, code: rowLoop(ROWS, COLS4, ROW, O, END, STEP, Z, Y, body) }
}

// reluGrad(dy, y, dz, n4): dz ← dy · (y > 0 ? 1 : 0).
function reluGradient(): Fn {
  const [DY, Y, DZ, N4, O, END, ONE] = [0, 1, 2, 3, 4, 5, 6]
  const body = store(at(DZ, O), [...load(at(DY, O)), ...load(at(Y, O)), ...splat(0), ...simd(S.f32x4Gt), ...get(ONE), ...simd(S.v128And), ...simd(S.f32x4Mul)])
  return { params: [I32, I32, I32, I32], i32Locals: 2, v128Locals: 1, code: [...splat(1), ...set(ONE), ...loop(N4, O, END, body)] }
}

// sigmoidGrad(dy, y, dz, n4): dz ← dy · y · (1 − y), left to right.
function sigmoidGradient(): Fn {
  const [DY, Y, DZ, N4, O, END, V] = [0, 1, 2, 3, 4, 5, 6]
  const body = store(at(DZ, O), [...load(at(DY, O)), ...load(at(Y, O)), ...tee(V), ...simd(S.f32x4Mul), ...splat(1), ...get(V), ...simd(S.f32x4Sub), ...simd(S.f32x4Mul)])
  return { params: [I32, I32, I32, I32], i32Locals: 2, v128Locals: 1, code: loop(N4, O, END, body) }
}

// dropout(values, mask, out, n4, keep): out ← values · mask ÷ keep.
function dropout(): Fn {
  const [X, MASK, OUT, N4, KEEP, O, END, K] = [0, 1, 2, 3, 4, 5, 6, 7]
  const body = store(at(OUT, O), [...load(at(X, O)), ...load(at(MASK, O)), ...simd(S.f32x4Mul), ...get(K), ...simd(S.f32x4Div)])
  return { params: [I32, I32, I32, I32, F32], i32Locals: 2, v128Locals: 1, code: [...get(KEEP), ...simd(S.f32x4Splat), ...set(K), ...loop(N4, O, END, body)] }
}

// dropoutGrad(dy, mask, n4, keep): dy ← (dy ÷ keep) · mask.
function dropoutGradient(): Fn {
  const [DY, MASK, N4, KEEP, O, END, K] = [0, 1, 2, 3, 4, 5, 6]
  const body = store(at(DY, O), [...load(at(DY, O)), ...get(K), ...simd(S.f32x4Div), ...load(at(MASK, O)), ...simd(S.f32x4Mul)])
  return { params: [I32, I32, I32, F32], i32Locals: 2, v128Locals: 1, code: [...get(KEEP), ...simd(S.f32x4Splat), ...set(K), ...loop(N4, O, END, body)] }
}

const FUNCTIONS: Array<[string, () => Fn]> = [
  ['biasAct', biasActivation],
  ['reluGrad', reluGradient],
  ['dropout', dropout],
  ['dropoutGrad', dropoutGradient],
  ['biasSigmoid', biasSigmoid],
  ['sigmoidGrad', sigmoidGradient],
]

/** The module's bytes: one memory (exported as `memory`) and the six passes. */
export function simdDensePassesModuleBytes(): Uint8Array<ArrayBuffer> {
  return moduleBytes(FUNCTIONS)
}

/** The passes over Float32Arrays; every array may be longer than the values it names. */
export interface DensePasses {
  /** z[rows, cols] ← z + bias (per row); y ← relu ? (z + |z|) · 0.5 : z. */
  biasActivation(z: Float32Array, bias: Float32Array, y: Float32Array, rows: number, cols: number, relu: boolean): void
  /** dz ← dy · (y > 0 ? 1 : 0) over the first n values. */
  reluGradient(dy: Float32Array, y: Float32Array, dz: Float32Array, n: number): void
  /** out ← values · mask ÷ keep over the first n values. */
  dropout(values: Float32Array, mask: Float32Array, keep: number, out: Float32Array, n: number): void
  /** dy ← (dy ÷ keep) · mask over the first n values, in place. */
  dropoutGradient(dy: Float32Array, mask: Float32Array, keep: number, n: number): void
  /**
   * z[rows, cols] ← z + bias (per row); y ← 1 / (1 + e^(−z)) in float32 (Cephes' expf: within 1 ulp of the
   * float64 formula rounded once; ~6e-39 instead of a smaller subnormal below z ≈ −87). Not the JS polynomial's bits.
   */
  biasSigmoid(z: Float32Array, bias: Float32Array, y: Float32Array, rows: number, cols: number): void
  /** dz ← dy · y · (1 − y) over the first n values, each product rounded to float32 (a JS loop rounding the float64 product once may differ in the last bit). */
  sigmoidGradient(dy: Float32Array, y: Float32Array, dz: Float32Array, n: number): void
}

interface Exports {
  memory: WebAssembly.Memory
  biasAct: (z: number, bias: number, y: number, rows: number, cols4: number, relu: number) => void
  reluGrad: (dy: number, y: number, dz: number, n4: number) => void
  dropout: (x: number, mask: number, out: number, n4: number, keep: number) => void
  dropoutGrad: (dy: number, mask: number, n4: number, keep: number) => void
  biasSigmoid: (z: number, bias: number, y: number, rows: number, cols4: number) => void
  sigmoidGrad: (dy: number, y: number, dz: number, n4: number) => void
}

let instance: Exports | null | undefined

function compiled(): Exports | null {
  if (instance === undefined) instance = instantiate<Exports>(simdDensePassesModuleBytes())
  return instance
}

/** Copies z and bias in, runs `pass(z, bias, y, cols / 4)` over byte offsets, copies z and y out. */
function rowPass(wasm: Exports, what: string, z: Float32Array, bias: Float32Array, y: Float32Array, rows: number, cols: number, pass: (z: number, bias: number, y: number, cols4: number) => void): void {
  if (cols % 4 !== 0) throw new RangeError(`simdDensePasses().${what}: ${cols} columns is not a multiple of 4; use the JS pass.`)
  const n = rows * cols
  const [zr, br, yr] = regions(wasm.memory, [n, cols, n])
  zr.set(z.subarray(0, n))
  br.set(bias.subarray(0, cols))
  pass(zr.byteOffset, br.byteOffset, yr.byteOffset, cols / 4)
  z.set(zr.subarray(0, n))
  y.set(yr.subarray(0, n))
}

/**
 * The SIMD passes, or `undefined` where WebAssembly SIMD cannot compile (the callers keep their JS loops, which
 * give the same bits). One module per process, shared; not reentrant (JS runs one pass at a time).
 */
export function simdDensePasses(): DensePasses | undefined {
  const wasm = compiled()
  if (wasm === null) return undefined
  return {
    biasActivation(z, bias, y, rows, cols, relu) {
      rowPass(wasm, 'biasActivation', z, bias, y, rows, cols, (zo, bo, yo, cols4) => wasm.biasAct(zo, bo, yo, rows, cols4, relu ? 1 : 0))
    },
    biasSigmoid(z, bias, y, rows, cols) {
      rowPass(wasm, 'biasSigmoid', z, bias, y, rows, cols, (zo, bo, yo, cols4) => wasm.biasSigmoid(zo, bo, yo, rows, cols4))
    },
    reluGradient(dy, y, dz, n) {
      const n4 = n >> 2
      const [dyr, yr, dzr] = regions(wasm.memory, [n, n, n])
      dyr.set(dy.subarray(0, 4 * n4))
      yr.set(y.subarray(0, 4 * n4))
      wasm.reluGrad(dyr.byteOffset, yr.byteOffset, dzr.byteOffset, n4)
      dz.set(dzr.subarray(0, 4 * n4))
      for (let i = 4 * n4; i < n; i++) dz[i] = dy[i] * +(y[i] > 0)
    },
    sigmoidGradient(dy, y, dz, n) {
      const n4 = n >> 2
      const [dyr, yr, dzr] = regions(wasm.memory, [n, n, n])
      dyr.set(dy.subarray(0, 4 * n4))
      yr.set(y.subarray(0, 4 * n4))
      wasm.sigmoidGrad(dyr.byteOffset, yr.byteOffset, dzr.byteOffset, n4)
      dz.set(dzr.subarray(0, 4 * n4))
      for (let i = 4 * n4; i < n; i++) dz[i] = Math.fround(Math.fround(dy[i] * y[i]) * Math.fround(1 - y[i]))
    },
    dropout(values, mask, keep, out, n) {
      const n4 = n >> 2
      const [xr, mr, or] = regions(wasm.memory, [n, n, n])
      xr.set(values.subarray(0, 4 * n4))
      mr.set(mask.subarray(0, 4 * n4))
      wasm.dropout(xr.byteOffset, mr.byteOffset, or.byteOffset, n4, keep)
      out.set(or.subarray(0, 4 * n4))
      for (let i = 4 * n4; i < n; i++) out[i] = (values[i] * mask[i]) / keep
    },
    dropoutGradient(dy, mask, keep, n) {
      const n4 = n >> 2
      const [dyr, mr] = regions(wasm.memory, [n, n])
      dyr.set(dy.subarray(0, 4 * n4))
      mr.set(mask.subarray(0, 4 * n4))
      wasm.dropoutGrad(dyr.byteOffset, mr.byteOffset, n4, keep)
      dy.set(dyr.subarray(0, 4 * n4))
      for (let i = 4 * n4; i < n; i++) dy[i] = Math.fround(dy[i] / keep) * mask[i]
    },
  }
}
