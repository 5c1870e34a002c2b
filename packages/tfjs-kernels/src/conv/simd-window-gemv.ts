// Window products with one output column, over a window-product memory (simd-window-gemm.ts; the module imports
// that memory): a convolution to one channel (an autoencoder's reconstruction of a univariate series) padded to the
// 4 × 8 block's eight columns multiplied seven columns of zeros: ~1/8 of its forward and weight-gradient work was
// useful, ~13 % of the fused conv1d runner's time on the peers' case (issue 22).
//
// nv: out[t·ldo] = Σ_j a[t·lda + j] · w[j], 4-lane partial sums added at the end ((l0 + l1) + (l2 + l3)): not
//     the window product's order, so not its bits (within float32 rounding of it).
// tv: out[j] (+)= Σ_t a[t·lda + j] · d[t·ldd], summed over t in order from the output or zero: the same products
//     in the same order as the window product's `tn` column, so the same bits.
import { I32, OP } from '../matmul/_wasm-bytes'
import { at, compiledOnce, countDown, get, i32, load, loop, moduleBytes, OPS, S, set, simd, store, type Code, type Fn } from '../elementwise/_simd-code'

const F32 = { load: 0x2a, store: 0x38, add: 0x92 } as const
const LANE = { extract: 0x1f } as const // f32x4.extract_lane
const LOAD32_SPLAT = 0x09

// nv(a, lda, w, out, ldo, m, k4). Locals: 7 row, 8 offset, 9 end; v128 10 acc.
function nv(): Fn {
  const [A, LDA, W, OUT, LDO, M, K4, ROW, O, END, ACC] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]
  const body = [...get(ACC), ...load(at(A, O)), ...load(at(W, O)), ...simd(S.f32x4Mul), ...simd(S.f32x4Add), ...set(ACC)]
  const lane = (l: number): Code => [...get(ACC), ...simd(LANE.extract), l]
  const hsum = [...lane(0), ...lane(1), F32.add, ...lane(2), ...lane(3), F32.add, F32.add]
  const row = [
    ...i32(0),
    ...simd(S.i32x4Splat),
    ...set(ACC),
    ...loop(K4, O, END, body),
    ...get(OUT),
    ...hsum,
    F32.store,
    2,
    0,
    ...[OUT, A].flatMap((p) => [...get(p), ...get(p === OUT ? LDO : LDA), OP.i32Add, ...set(p)]),
  ]
  return { params: Array(7).fill(I32), i32Locals: 3, v128Locals: 1, code: countDown(M, ROW, row) }
}

// tv(a, lda, d, ldd, out, k, k4, accumulate): per 4 outputs j, acc = accumulate ? out[j] : 0, then over t < k
// acc += a[t·lda + j] · splat(d[t·ldd]). Locals: 8 offset, 9 end, 10 row, 11 a row, 12 d row; v128 13 acc.
function tv(): Fn {
  const [A, LDA, D, LDD, OUT, K, K4, ACCUMULATE, O, END, ROW, AP, DP, ACC] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]
  const step = [
    ...get(ACC),
    ...load(at(AP, O)),
    ...get(DP),
    ...simd(LOAD32_SPLAT),
    2,
    0,
    ...simd(S.f32x4Mul),
    ...simd(S.f32x4Add),
    ...set(ACC),
    ...[AP, DP].flatMap((p) => [...get(p), ...get(p === AP ? LDA : LDD), OP.i32Add, ...set(p)]),
  ]
  const start = [...get(ACCUMULATE), OPS.if, 0x7b /* v128 result */, ...load(at(OUT, O)), OPS.else, ...i32(0), ...simd(S.i32x4Splat), OP.end, ...set(ACC)]
  const column = [...start, ...get(A), ...set(AP), ...get(D), ...set(DP), ...countDown(K, ROW, step), ...store(at(OUT, O), get(ACC))]
  return { params: Array(8).fill(I32), i32Locals: 5, v128Locals: 1, code: loop(K4, O, END, column) }
}

/** The module's bytes: `nv` and `tv` over an imported memory `env.memory`. */
export function simdWindowGemvModuleBytes(): Uint8Array<ArrayBuffer> {
  return moduleBytes(
    [
      ['nv', nv],
      ['tv', tv],
    ],
    { importMemory: true },
  )
}

/** One-column window products; offsets and strides in floats of the memory. */
export interface WindowGemv {
  /** out[t · ldo] = Σ_{j < k} a[t · lda + j] · w[j] for t < m; k a multiple of 4. */
  nv(p: { a: number; lda: number; w: number; out: number; ldo: number; m: number; k: number }): void
  /** out[j] = (accumulate ? out[j] : 0) + Σ_{t < rows} a[t · lda + j] · d[t · ldd] for j < k; k a multiple of 4. */
  tv(p: { a: number; lda: number; d: number; ldd: number; out: number; rows: number; k: number; accumulate?: boolean }): void
}

interface Exports {
  nv: (...args: number[]) => void
  tv: (...args: number[]) => void
}

const compile = compiledOnce(simdWindowGemvModuleBytes)

/** The one-column products over `memory` (a window-product memory), or `undefined` where WebAssembly SIMD cannot compile. */
export function createWindowGemv(memory: WebAssembly.Memory): WindowGemv | undefined {
  const module = compile()
  if (module === null) return undefined
  const wasm = new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as Exports
  const check = (k: number): void => {
    if (k % 4 !== 0 || k < 4) throw new RangeError(`window gemv: k ${k} must be a positive multiple of 4; use the window product.`)
  }
  return {
    nv(p) {
      check(p.k)
      if (p.m > 0) wasm.nv(4 * p.a, 4 * p.lda, 4 * p.w, 4 * p.out, 4 * p.ldo, p.m, p.k / 4)
    },
    tv(p) {
      check(p.k)
      if (p.rows > 0 || !p.accumulate) wasm.tv(4 * p.a, 4 * p.lda, 4 * p.d, 4 * p.ldd, 4 * p.out, p.rows, p.k / 4, p.accumulate ? 1 : 0)
    },
  }
}
