// Code emitters shared by the WebAssembly SIMD modules built from their opcodes (simd-dense-passes.ts,
// simd-lstm-cell.ts, conv/simd-seq-passes.ts, conv/simd-window-gemv.ts): locals, loads and stores, counted loops,
// float32 exp / sigmoid / tanh in f32x4 lanes, module assembly and compilation.
import { I32, OP, V128, VOID, name, section, sleb, uleb } from '../matmul/_wasm-bytes'

export const F32 = 0x7d
export const F64 = 0x7c
export const OPS = { block: 0x02, if: 0x04, else: 0x05, i32Eqz: 0x45, i32Shl: 0x74, f32Const: 0x43 } as const
export const S = {
  v128Load: 0x00,
  v128Store: 0x0b,
  i32x4Splat: 0x11,
  f32x4Splat: 0x13,
  f32x4Lt: 0x43,
  f32x4Gt: 0x44,
  v128And: 0x4e,
  v128Or: 0x50,
  v128Bitselect: 0x52,
  i8x16Shuffle: 0x0d,
  f64x2PromoteLowF32x4: 0x5f,
  f64x2Add: 0xf0,
  i32x4Shl: 0xab,
  i32x4Sub: 0xb1,
  f32x4Abs: 0xe0,
  f32x4Add: 0xe4,
  f32x4Sub: 0xe5,
  f32x4Mul: 0xe6,
  f32x4Div: 0xe7,
  f32x4Pmin: 0xea,
  f32x4Pmax: 0xeb,
} as const
const MEM = [4, 0] // align 2^4, offset 0

export type Code = number[]
export const get = (i: number): Code => [OP.localGet, ...uleb(i)]
export const set = (i: number): Code => [OP.localSet, ...uleb(i)]
export const tee = (i: number): Code => [OP.localTee, ...uleb(i)]
export const i32 = (v: number): Code => [OP.i32Const, ...sleb(v)]
export const simd = (op: number): Code => [OP.simd, ...uleb(op)]
/** The vector of four `value`s as one v128.const (the sigmoid pass measured 2.0-2.5 ns a value with it, 2.7 with f32.const + f32x4.splat). */
export const splat = (value: number): Code => [...simd(0x0c /* v128.const */), ...Array.from(new Uint8Array(Float32Array.of(value, value, value, value).buffer))]
export const load = (address: Code): Code => [...address, ...simd(S.v128Load), ...MEM]
/** Stores the vector `value` leaves on the stack at `address`. */
export const store = (address: Code, value: Code): Code => [...address, ...value, ...simd(S.v128Store), ...MEM]
/** base + offset (two i32 locals). */
export const at = (base: number, offset: number): Code => [...get(base), ...get(offset), OP.i32Add]
const add = simd(S.f32x4Add)
const sub = simd(S.f32x4Sub)
const mul = simd(S.f32x4Mul)

/** `for (o = 0; o < count·16; o += 16) body` with o in local `offset`; nothing when count is 0. */
export function loop(count: number, offset: number, end: number, body: Code): Code {
  return [...get(count), ...i32(4), OPS.i32Shl, ...set(end), ...i32(0), ...set(offset), OPS.block, VOID, ...get(count), OPS.i32Eqz, OP.brIf, 0, OP.loop, VOID, ...body, ...get(offset), ...i32(16), OP.i32Add, ...tee(offset), ...get(end), OP.i32LtU, OP.brIf, 0, OP.end, OP.end]
}

/** `for (row = rows; row > 0; row--) body`; nothing when rows is 0. */
export function countDown(rows: number, row: number, body: Code): Code {
  return [...get(rows), ...set(row), OPS.block, VOID, ...get(rows), OPS.i32Eqz, OP.brIf, 0, OP.loop, VOID, ...body, ...get(row), ...i32(1), OP.i32Sub, ...tee(row), ...i32(0), OP.i32Ne, OP.brIf, 0, OP.end, OP.end]
}

// Cephes' expf in float32 lanes: e^t = 2^k · e^r with k = nearest(t · log2 e), r = t − k · ln 2 (ln 2 split in
// two so k · C1 is exact), e^r by its degree-7 minimax polynomial; 2^k built in the exponent bits. t is clamped to
// [−87, 88], where 2^k stays a normal float32 and e^t finite.
const EXP_CLAMP_LOW = -87
const EXP_CLAMP_HIGH = 88
const EXP_C1 = 0.693359375
const EXP_C2 = -2.1219444e-4
const EXP_POLY = [1.98756915e-4, 1.3981999507e-3, 8.3334519073e-3, 4.1665795894e-2, 1.6666665459e-1, 5.0000001201e-1]

/** Scratch v128 locals of the emitters below. */
export interface MathLocals {
  t: number
  k: number
  r: number
}

// 1.5 · 2^23: adding it to |x| < 2^22 rounds x to the nearest integer (ties to even, as f32x4.nearest) and leaves
// that integer in the low mantissa bits, so k comes out as a float and as bits without nearest or a conversion
// (both multi-instruction sequences on x64, as are f32x4.min/max with their NaN rules; pmin/pmax are one each).
const ROUNDING = 12582912
const ROUNDING_BITS = 0x4b400000

/** e^t of the vector in local `l.t` (clamped there in place) onto the stack; `l.k` ends holding k + ROUNDING. */
export function exp(l: MathLocals): Code {
  // pmax(t, low) = t < low ? low : t, pmin(t, high) = high < t ? high : t: a NaN t stays NaN.
  const clamp = [...get(l.t), ...splat(EXP_CLAMP_LOW), ...simd(S.f32x4Pmax), ...splat(EXP_CLAMP_HIGH), ...simd(S.f32x4Pmin), ...set(l.t)]
  const kPlus = [...get(l.t), ...splat(Math.LOG2E), ...mul, ...splat(ROUNDING), ...add, ...set(l.k)]
  const k = [...get(l.k), ...splat(ROUNDING), ...sub]
  const r = [...get(l.t), ...k, ...splat(EXP_C1), ...mul, ...sub, ...k, ...splat(EXP_C2), ...mul, ...sub, ...set(l.r)]
  // p = ((((c0·r + c1)·r + c2)·r + c3)·r + c4)·r + c5, then e^r = p·r² + r + 1.
  const horner = EXP_POLY.slice(1).flatMap((c) => [...get(l.r), ...mul, ...splat(c), ...add])
  const p = [...splat(EXP_POLY[0]), ...horner, ...get(l.r), ...get(l.r), ...mul, ...mul, ...get(l.r), ...add, ...splat(1), ...add]
  // 2^k: (k + 127) << 23 read as a float32, k + 127 = bits(k + ROUNDING) − ROUNDING_BITS + 127.
  const pow2 = [...get(l.k), ...i32(ROUNDING_BITS - 127), ...simd(S.i32x4Splat), ...simd(S.i32x4Sub), ...i32(23), ...simd(S.i32x4Shl)]
  return [...clamp, ...kPlus, ...r, ...p, ...pow2, ...mul]
}

/** 1 / (1 + e^(−v)) of the vector `v` leaves on the stack, onto the stack. */
export function sigmoid(v: Code, l: MathLocals): Code {
  return [...splat(1), ...splat(1), ...splat(0), ...v, ...sub, ...set(l.t), ...exp(l), ...add, ...simd(S.f32x4Div)]
}

// Cephes' tanhf: x + x³·P(x²) below |x| = 0.625, 1 − 2 / (e^(2|x|) + 1) with x's sign above.
const TANH_SMALL = 0.625
const TANH_POLY = [-5.70498872745e-3, 2.06390887954e-2, -5.37397155531e-2, 1.33314422036e-1, -3.33332819422e-1]

/** tanh of the vector in local `x` onto the stack; `large` is one more scratch v128 local. */
export function tanh(x: number, large: number, l: MathLocals): Code {
  const big = [...splat(1), ...splat(2), ...get(x), ...simd(S.f32x4Abs), ...tee(l.r), ...get(l.r), ...add, ...set(l.t), ...exp(l), ...splat(1), ...add, ...simd(S.f32x4Div), ...sub]
  const signed = [...big, ...get(x), ...splat(-0), ...simd(S.v128And), ...simd(S.v128Or), ...set(large)]
  const z = [...get(x), ...get(x), ...mul, ...set(l.t)]
  const horner = TANH_POLY.slice(1).flatMap((c) => [...get(l.t), ...mul, ...splat(c), ...add])
  const small = [...z, ...splat(TANH_POLY[0]), ...horner, ...get(l.t), ...mul, ...get(x), ...mul, ...get(x), ...add]
  const mask = [...get(x), ...simd(S.f32x4Abs), ...splat(TANH_SMALL), ...simd(S.f32x4Lt)]
  return [...signed, ...small, ...get(large), ...mask, ...simd(S.v128Bitselect)]
}

/** One function of a module: its parameter types, its scratch locals (i32 first, then v128, then f64) and its code. */
export interface Fn {
  params: number[]
  i32Locals: number
  v128Locals: number
  f64Locals?: number
  code: Code
}

/**
 * A module of `fns` (exported under their names) and one memory: its own, exported as `memory`, or with
 * `importMemory` the memory imported as `env.memory` (passes over another module's buffers).
 */
export function moduleBytes(fns: Array<[string, () => Fn]>, options: { importMemory?: boolean } = {}): Uint8Array<ArrayBuffer> {
  const built = fns.map(([, build]) => build())
  const types = section(1, [...uleb(built.length), ...built.flatMap((f) => [0x60, ...uleb(f.params.length), ...f.params, 0])])
  const imports = options.importMemory ? section(2, [1, ...name('env'), ...name('memory'), 2, 0, 1]) : []
  const functions = section(3, [...uleb(built.length), ...built.map((_, i) => i)])
  const memory = options.importMemory ? [] : section(5, [1, 0, 1])
  const exported = fns.flatMap(([n], i) => [...name(n), 0, i])
  const exports = options.importMemory ? section(7, [...uleb(built.length), ...exported]) : section(7, [...uleb(built.length + 1), ...exported, ...name('memory'), 2, 0])
  const bodies = built.map((f) => {
    const f64 = f.f64Locals ?? 0
    const locals = f64 > 0 ? [3, ...uleb(f.i32Locals), I32, ...uleb(f.v128Locals), V128, ...uleb(f64), F64] : [2, ...uleb(f.i32Locals), I32, ...uleb(f.v128Locals), V128]
    const body = [...locals, ...f.code, OP.end]
    return [...uleb(body.length), ...body]
  })
  const code = section(10, [...uleb(built.length), ...bodies.flat()])
  return new Uint8Array([0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0, ...types, ...imports, ...functions, ...memory, ...exports, ...code])
}

// The module of `bytes`, or null where it cannot compile (no SIMD, or a CSP without 'wasm-unsafe-eval').
function compile(bytes: Uint8Array<ArrayBuffer>): WebAssembly.Module | null {
  try {
    return typeof WebAssembly === 'object' && WebAssembly.validate(bytes) ? new WebAssembly.Module(bytes) : null
  } catch {
    return null
  }
}

/** A getter of the module `bytes()` builds, compiled on first use and kept; null where it cannot compile. */
export function compiledOnce(bytes: () => Uint8Array<ArrayBuffer>): () => WebAssembly.Module | null {
  let compiled: WebAssembly.Module | null | undefined
  return () => {
    if (compiled === undefined) compiled = compile(bytes())
    return compiled
  }
}

/**
 * A getter of `wrap(exports)` for an instance of the module `compile()` gives that imports `memory` as
 * `env.memory`, made once per memory and kept; undefined where the module cannot compile or the memory cannot be
 * imported (a shared memory: the multi-threaded wasm backend's).
 */
export function perMemory<E, T>(compile: () => WebAssembly.Module | null, wrap: (exports: E) => T): (memory: WebAssembly.Memory) => T | undefined {
  const made = new WeakMap<WebAssembly.Memory, T | null>()
  return (memory) => {
    let known = made.get(memory)
    if (known === undefined) {
      const module = compile()
      try {
        known = module === null ? null : wrap(new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as E)
      } catch {
        known = null
      }
      made.set(memory, known)
    }
    return known ?? undefined
  }
}

/** The exports of the module of `bytes` with its own memory, or null where it cannot compile. */
export function instantiate<T>(bytes: Uint8Array<ArrayBuffer>): T | null {
  const module = compile(bytes)
  return module === null ? null : (new WebAssembly.Instance(module, {}).exports as unknown as T)
}

/** Float32 views of `sizes.length` consecutive regions of `memory`, each of `sizes[i]` values rounded up to 4, the memory grown to hold them. */
export function regions(memory: WebAssembly.Memory, sizes: number[]): Float32Array[] {
  const strides = sizes.map((n) => Math.ceil(n / 4) * 4)
  const bytes = strides.reduce((sum, n) => sum + n, 0) * 4
  const missing = Math.ceil(bytes / 65536) - memory.buffer.byteLength / 65536
  if (missing > 0) memory.grow(missing)
  // Views after any growth: growing detaches the previous buffer.
  let offset = 0
  return strides.map((n) => {
    const view = new Float32Array(memory.buffer, offset * 4, n)
    offset += n
    return view
  })
}
