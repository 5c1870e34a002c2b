// The value-by-value passes of a fused dense training step in float32 WebAssembly SIMD: bias + ReLU (or bias
// alone), bias + sigmoid, the ReLU gradient, dropout and its gradient. In the ECG5000 main job these JS loops over every
// activation of every batch ran at ~3 ns a value, together about as long as the matrix products (issue 22).
// Operands are copied into the module's memory and the results out (a memcpy each, ~0.1-0.3 ns a value).
//
// Bits: each pass is the float32 operation the JS loop rounds to (an add of two float32 values, a product by
// 0 or 1, a division of two float32 values), so both give the same bits; relu is (v + |v|) · 0.5 as the JS pass
// writes it (0 for −0 and negative values). The sigmoid is the exception: its own float32 exp, within 1 ulp of
// tfjs-cpu's float64 formula (the JS pass's polynomial is closer, ~1e-12 before rounding, and ~10x slower).
import { I32, OP, V128, VOID, name, section, sleb, uleb } from '../matmul/_wasm-bytes'

const F32 = 0x7d
const OPS = { block: 0x02, i32Eqz: 0x45, f32Const: 0x43 } as const
const S = {
  v128Load: 0x00,
  v128Store: 0x0b,
  v128And: 0x4e,
  f32x4Gt: 0x44,
  f32x4Abs: 0xe0,
  i32x4Splat: 0x11,
  f32x4Splat: 0x13,
  f32x4Nearest: 0x6a,
  f32x4Add: 0xe4,
  f32x4Sub: 0xe5,
  f32x4Mul: 0xe6,
  f32x4Div: 0xe7,
  f32x4Min: 0xe8,
  f32x4Max: 0xe9,
  i32x4Shl: 0xab,
  i32x4Add: 0xae,
  i32x4TruncSatF32x4S: 0xf8,
} as const
const MEM = [4, 0] // align 2^4, offset 0

type Code = number[]
const get = (i: number): Code => [OP.localGet, ...uleb(i)]
const set = (i: number): Code => [OP.localSet, ...uleb(i)]
const tee = (i: number): Code => [OP.localTee, ...uleb(i)]
const i32 = (v: number): Code => [OP.i32Const, ...sleb(v)]
const simd = (op: number): Code => [OP.simd, ...uleb(op)]
const splat = (value: number): Code => [OPS.f32Const, ...Array.from(new Uint8Array(Float32Array.of(value).buffer)), ...simd(S.f32x4Splat)]
const load = (address: Code): Code => [...address, ...simd(S.v128Load), ...MEM]
const at = (base: number, offset: number): Code => [...get(base), ...get(offset), OP.i32Add]

/** `for (o = 0; o < count·16; o += 16) body` with o in local `offset`; nothing when count is 0. */
function loop(count: number, offset: number, end: number, body: Code): Code {
  return [...get(count), ...i32(4), 0x74 /* i32.shl */, ...set(end), ...i32(0), ...set(offset), OPS.block, VOID, ...get(count), OPS.i32Eqz, OP.brIf, 0, OP.loop, VOID, ...body, ...get(offset), ...i32(16), OP.i32Add, ...tee(offset), ...get(end), OP.i32LtU, OP.brIf, 0, OP.end, OP.end]
}

interface Fn {
  params: number[]
  i32Locals: number
  v128Locals: number
  code: Code
}

// biasAct(z, bias, y, rows, cols4, relu): per row z ← z + bias, y ← relu ? (z + |z|)·0.5 : z.
// Locals: 6 row, 7 offset, 8 end, 9 rowBytes; v128 10 v, 11 half.
function biasActivation(): Fn {
  const [Z, BIAS, Y, ROWS, COLS4, RELU, ROW, O, END, STEP, V, HALF] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]
  const value = [...load(at(Z, O)), ...load(at(BIAS, O)), ...simd(S.f32x4Add), ...set(V), ...at(Z, O), ...get(V), ...simd(S.v128Store), ...MEM]
  const relu = [...at(Y, O), ...get(V), ...get(V), ...simd(S.f32x4Abs), ...simd(S.f32x4Add), ...get(HALF), ...simd(S.f32x4Mul), ...simd(S.v128Store), ...MEM]
  const copy = [...at(Y, O), ...get(V), ...simd(S.v128Store), ...MEM]
  // if relu … else …: 0x04 if, 0x05 else.
  const body = [...value, ...get(RELU), 0x04, VOID, ...relu, 0x05, ...copy, OP.end]
  const row = [...loop(COLS4, O, END, body), ...get(Z), ...get(STEP), OP.i32Add, ...set(Z), ...get(Y), ...get(STEP), OP.i32Add, ...set(Y)]
  const code = [...splat(0.5), ...set(HALF), ...get(COLS4), ...i32(4), 0x74, ...set(STEP), ...get(ROWS), ...set(ROW), OPS.block, VOID, ...get(ROWS), OPS.i32Eqz, OP.brIf, 0, OP.loop, VOID, ...row, ...get(ROW), ...i32(1), OP.i32Sub, ...tee(ROW), ...i32(0), OP.i32Ne, OP.brIf, 0, OP.end, OP.end]
  return { params: [I32, I32, I32, I32, I32, I32], i32Locals: 4, v128Locals: 2, code }
}

// Cephes' expf in float32 lanes: e^t = 2^k · e^r with k = nearest(t · log2 e), r = t − k · ln 2 (ln 2 split in
// two so k · C1 is exact), e^r by its degree-7 minimax polynomial; 2^k built in the exponent bits. t is clamped to
// [−87, 88], where 2^k stays a normal float32 and e^t finite.
const EXP_CLAMP_LOW = -87
const EXP_CLAMP_HIGH = 88
const EXP_C1 = 0.693359375
const EXP_C2 = -2.12194440e-4
const EXP_POLY = [1.987569150e-4, 1.3981999507e-3, 8.3334519073e-3, 4.1665795894e-2, 1.6666665459e-1, 5.0000001201e-1]

// biasSigmoid(z, bias, y, rows, cols4): per row z ← z + bias, y ← 1 / (1 + e^(−z)).
// Locals: 5 row, 6 offset, 7 end, 8 rowBytes; v128 9 v, 10 t, 11 k, 12 r, 13 p.
function biasSigmoid(): Fn {
  const [Z, BIAS, Y, ROWS, COLS4, ROW, O, END, STEP, V, T, K, R, P] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]
  const mul = simd(S.f32x4Mul)
  const add = simd(S.f32x4Add)
  const sub = simd(S.f32x4Sub)
  const value = [...load(at(Z, O)), ...load(at(BIAS, O)), ...add, ...set(V), ...at(Z, O), ...get(V), ...simd(S.v128Store), ...MEM]
  // t = clamp(−v); k = nearest(t · log2 e); r = t − k·C1 − k·C2.
  const t = [...splat(0), ...get(V), ...sub, ...splat(EXP_CLAMP_LOW), ...simd(S.f32x4Max), ...splat(EXP_CLAMP_HIGH), ...simd(S.f32x4Min), ...set(T)]
  const k = [...get(T), ...splat(Math.LOG2E), ...mul, ...simd(S.f32x4Nearest), ...set(K)]
  const r = [...get(T), ...get(K), ...splat(EXP_C1), ...mul, ...sub, ...get(K), ...splat(EXP_C2), ...mul, ...sub, ...set(R)]
  // p = ((((c0·r + c1)·r + c2)·r + c3)·r + c4)·r + c5, then e^r = p·r² + r + 1.
  const horner = EXP_POLY.slice(1).flatMap((c) => [...get(R), ...mul, ...splat(c), ...add])
  const p = [...splat(EXP_POLY[0]), ...horner, ...get(R), ...get(R), ...mul, ...mul, ...get(R), ...add, ...splat(1), ...add, ...set(P)]
  // 2^k: (k + 127) << 23 read as a float32.
  const pow2 = [...get(K), ...simd(S.i32x4TruncSatF32x4S), ...i32(127), ...simd(S.i32x4Splat), ...simd(S.i32x4Add), ...i32(23), ...simd(S.i32x4Shl)]
  const y = [...at(Y, O), ...splat(1), ...splat(1), ...get(P), ...pow2, ...mul, ...add, ...simd(S.f32x4Div), ...simd(S.v128Store), ...MEM]
  const body = [...value, ...t, ...k, ...r, ...p, ...y]
  const row = [...loop(COLS4, O, END, body), ...get(Z), ...get(STEP), OP.i32Add, ...set(Z), ...get(Y), ...get(STEP), OP.i32Add, ...set(Y)]
  const code = [...get(COLS4), ...i32(4), 0x74, ...set(STEP), ...get(ROWS), ...set(ROW), OPS.block, VOID, ...get(ROWS), OPS.i32Eqz, OP.brIf, 0, OP.loop, VOID, ...row, ...get(ROW), ...i32(1), OP.i32Sub, ...tee(ROW), ...i32(0), OP.i32Ne, OP.brIf, 0, OP.end, OP.end]
  return { params: [I32, I32, I32, I32, I32], i32Locals: 4, v128Locals: 5, code }
}

// reluGrad(dy, y, dz, n4): dz ← dy · (y > 0 ? 1 : 0).
function reluGradient(): Fn {
  const [DY, Y, DZ, N4, O, END, ONE] = [0, 1, 2, 3, 4, 5, 6]
  const body = [...at(DZ, O), ...load(at(DY, O)), ...load(at(Y, O)), ...splat(0), ...simd(S.f32x4Gt), ...get(ONE), ...simd(S.v128And), ...simd(S.f32x4Mul), ...simd(S.v128Store), ...MEM]
  return { params: [I32, I32, I32, I32], i32Locals: 2, v128Locals: 1, code: [...splat(1), ...set(ONE), ...loop(N4, O, END, body)] }
}

// dropout(values, mask, out, n4, keep): out ← values · mask ÷ keep.
function dropout(): Fn {
  const [X, MASK, OUT, N4, KEEP, O, END, K] = [0, 1, 2, 3, 4, 5, 6, 7]
  const body = [...at(OUT, O), ...load(at(X, O)), ...load(at(MASK, O)), ...simd(S.f32x4Mul), ...get(K), ...simd(S.f32x4Div), ...simd(S.v128Store), ...MEM]
  return { params: [I32, I32, I32, I32, F32], i32Locals: 2, v128Locals: 1, code: [...get(KEEP), ...simd(S.f32x4Splat), ...set(K), ...loop(N4, O, END, body)] }
}

// dropoutGrad(dy, mask, n4, keep): dy ← (dy ÷ keep) · mask.
function dropoutGradient(): Fn {
  const [DY, MASK, N4, KEEP, O, END, K] = [0, 1, 2, 3, 4, 5, 6]
  const body = [...at(DY, O), ...load(at(DY, O)), ...get(K), ...simd(S.f32x4Div), ...load(at(MASK, O)), ...simd(S.f32x4Mul), ...simd(S.v128Store), ...MEM]
  return { params: [I32, I32, I32, F32], i32Locals: 2, v128Locals: 1, code: [...get(KEEP), ...simd(S.f32x4Splat), ...set(K), ...loop(N4, O, END, body)] }
}

const FUNCTIONS: Array<[string, () => Fn]> = [
  ['biasAct', biasActivation],
  ['reluGrad', reluGradient],
  ['dropout', dropout],
  ['dropoutGrad', dropoutGradient],
  ['biasSigmoid', biasSigmoid],
]

/** The module's bytes: one memory (exported as `memory`) and the four passes. */
export function simdDensePassesModuleBytes(): Uint8Array<ArrayBuffer> {
  const fns = FUNCTIONS.map(([, build]) => build())
  const types = section(1, [...uleb(fns.length), ...fns.flatMap((f) => [0x60, ...uleb(f.params.length), ...f.params, 0])])
  const functions = section(3, [...uleb(fns.length), ...fns.map((_, i) => i)])
  const memory = section(5, [1, 0, 1])
  const exports = section(7, [...uleb(fns.length + 1), ...FUNCTIONS.flatMap(([n], i) => [...name(n), 0, i]), ...name('memory'), 2, 0])
  const bodies = fns.map((f) => {
    const locals = [2, ...uleb(f.i32Locals), I32, ...uleb(f.v128Locals), V128]
    const body = [...locals, ...f.code, OP.end]
    return [...uleb(body.length), ...body]
  })
  const code = section(10, [...uleb(fns.length), ...bodies.flat()])
  return new Uint8Array([0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0, ...types, ...functions, ...memory, ...exports, ...code])
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
}

interface Exports {
  memory: WebAssembly.Memory
  biasAct: (z: number, bias: number, y: number, rows: number, cols4: number, relu: number) => void
  reluGrad: (dy: number, y: number, dz: number, n4: number) => void
  dropout: (x: number, mask: number, out: number, n4: number, keep: number) => void
  dropoutGrad: (dy: number, mask: number, n4: number, keep: number) => void
  biasSigmoid: (z: number, bias: number, y: number, rows: number, cols4: number) => void
}

let instance: Exports | null | undefined

function compiled(): Exports | null {
  if (instance === undefined) {
    try {
      const bytes = simdDensePassesModuleBytes()
      instance = typeof WebAssembly === 'object' && WebAssembly.validate(bytes) ? (new WebAssembly.Instance(new WebAssembly.Module(bytes), {}).exports as unknown as Exports) : null
    } catch {
      instance = null // no SIMD, or WebAssembly blocked by a CSP without 'wasm-unsafe-eval'
    }
  }
  return instance
}

/** Float32 views of `count` consecutive regions of `values` values each, the memory grown to hold them. */
function regions(wasm: Exports, values: number, count: number): Float32Array[] {
  const stride = Math.ceil(values / 4) * 4
  const bytes = stride * count * 4
  const missing = Math.ceil(bytes / 65536) - wasm.memory.buffer.byteLength / 65536
  if (missing > 0) wasm.memory.grow(missing)
  // Views after any growth: growing detaches the previous buffer.
  return Array.from({ length: count }, (_, i) => new Float32Array(wasm.memory.buffer, i * stride * 4, stride))
}

/** Copies z and bias in, runs `pass(z, bias, y, cols / 4)` over byte offsets, copies z and y out. */
function rowPass(wasm: Exports, what: string, z: Float32Array, bias: Float32Array, y: Float32Array, rows: number, cols: number, pass: (z: number, bias: number, y: number, cols4: number) => void): void {
  if (cols % 4 !== 0) throw new RangeError(`simdDensePasses().${what}: ${cols} columns is not a multiple of 4; use the JS pass.`)
  const n = rows * cols
  const [zr, br, yr] = regions(wasm, Math.max(n, cols), 3)
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
      const [dyr, yr, dzr] = regions(wasm, n, 3)
      dyr.set(dy.subarray(0, 4 * n4))
      yr.set(y.subarray(0, 4 * n4))
      wasm.reluGrad(dyr.byteOffset, yr.byteOffset, dzr.byteOffset, n4)
      dz.set(dzr.subarray(0, 4 * n4))
      for (let i = 4 * n4; i < n; i++) dz[i] = dy[i] * +(y[i] > 0)
    },
    dropout(values, mask, keep, out, n) {
      const n4 = n >> 2
      const [xr, mr, or] = regions(wasm, n, 3)
      xr.set(values.subarray(0, 4 * n4))
      mr.set(mask.subarray(0, 4 * n4))
      wasm.dropout(xr.byteOffset, mr.byteOffset, or.byteOffset, n4, keep)
      out.set(or.subarray(0, 4 * n4))
      for (let i = 4 * n4; i < n; i++) out[i] = (values[i] * mask[i]) / keep
    },
    dropoutGradient(dy, mask, keep, n) {
      const n4 = n >> 2
      const [dyr, mr] = regions(wasm, n, 2)
      dyr.set(dy.subarray(0, 4 * n4))
      mr.set(mask.subarray(0, 4 * n4))
      wasm.dropoutGrad(dyr.byteOffset, mr.byteOffset, n4, keep)
      dy.set(dyr.subarray(0, 4 * n4))
      for (let i = 4 * n4; i < n; i++) dy[i] = Math.fround(dy[i] / keep) * mask[i]
    },
  }
}
