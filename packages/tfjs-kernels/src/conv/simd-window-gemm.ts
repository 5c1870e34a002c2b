// Matrix products whose operands are strided views of one WebAssembly memory, for trainers that keep every buffer
// there (the fused 1-D convolution trainer). A convolution needs no im2col with them: in a channels-last sequence
// [steps, channels] the window of output step t (k steps × c channels) is k·c contiguous floats starting at step
// t·stride, so the "im2col matrix" is the input itself read with a row stride of stride·c floats (rows overlap).
// Two products cover a convolution's forward pass and both gradients:
//   nn: out[r, n] (+)= Σ_i a[r·lda + i] · b[i·ldb + n]    (forward; the input gradient as a correlation)
//   tn: out[r, n] (+)= Σ_i a[i·lda + r] · b[i·ldb + n]    (the weight gradient: windows transposed, summed over steps)
// Blocks of 4 rows × 8 columns, as simd-f32-matmul.ts (eight f32x4 sums; nn splats one value of a per row, tn loads
// four consecutive values of a and splats each lane by a shuffle). Arithmetic: each output is a float32 sum in index
// order of float32 products (multiply then add), deterministic on every engine.
import { I32, OP, V128, VOID, name, section, sleb, uleb } from '../matmul/_wasm-bytes'
import { compiledOnce } from '../elementwise/_simd-code'

const S = { v128Load: 0x00, v128Load32Splat: 0x09, v128Store: 0x0b, v128Const: 0x0c, i8x16Shuffle: 0x0d, f32x4Add: 0xe4, f32x4Mul: 0xe6 } as const
const OPS = { if: 0x04, else: 0x05 } as const

// Parameters (byte addresses and byte strides): a, lda, b, ldb, out, ldo, m4, n8, k, accumulate.
const [A, LDA, B, LDB, OUT, LDO, M4, N8, K, ACCUMULATE] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]
// i32 locals: row p, column c, countdown i, row pointers pa0…pa3 (nn) or pa (tn), pb, po.
const [P, C, I, PA0, PA1, PA2, PA3, PB, PO] = [10, 11, 12, 13, 14, 15, 16, 17, 18]
const I32_LOCALS = 9
// v128 locals: acc[row · 2 + half], then w0, w1, x (nn: the splat of a; tn: the four values of a), x0…x3 (tn).
const ACC = 19
const W0 = ACC + 8
const W1 = W0 + 1
const X = W1 + 1
const XR = X + 1
const V128_LOCALS = 15

const get = (i: number): number[] => [OP.localGet, ...uleb(i)]
const set = (i: number): number[] => [OP.localSet, ...uleb(i)]
const i32 = (v: number): number[] => [OP.i32Const, ...sleb(v)]
const simd = (op: number): number[] => [OP.simd, ...uleb(op)]
const memarg = (align: number, offset: number): number[] => [...uleb(align), ...uleb(offset)]
// Lane `lane` of a v128 in all four lanes: i8x16.shuffle of the value with itself.
const laneSplat = (lane: number): number[] => [...simd(S.i8x16Shuffle), ...Array.from({ length: 16 }, (_, i) => lane * 4 + (i % 4))]

function body(transposedA: boolean): number[] {
  const code: number[] = []
  const emit = (...parts: number[][]): void => {
    for (const part of parts) code.push(...part)
  }
  // po = out + p·ldo + c·4 (the block's first output), the same in both kernels.
  const blockOutput = (): void => emit(get(OUT), get(P), get(LDO), [OP.i32Mul], [OP.i32Add], get(C), i32(4), [OP.i32Mul], [OP.i32Add], set(PO))
  emit(i32(0), set(P))
  emit([OP.loop, VOID])
  emit(i32(0), set(C))
  emit([OP.loop, VOID])
  blockOutput()
  // The sums start from the output (accumulate ≠ 0) or from zero.
  emit(get(ACCUMULATE), [OPS.if, VOID])
  for (let row = 0; row < 4; row++) {
    for (let half = 0; half < 2; half++) {
      emit(get(PO))
      for (let r = 0; r < row; r++) emit(get(LDO), [OP.i32Add])
      emit(simd(S.v128Load), memarg(2, half * 16), set(ACC + row * 2 + half))
    }
  }
  emit([OPS.else])
  for (let j = 0; j < 8; j++) emit(simd(S.v128Const), new Array<number>(16).fill(0), set(ACC + j))
  emit([OP.end])
  // pb = b + c·4; i = k. nn: pa_r = a + (p + r)·lda. tn: pa = a + p·4.
  emit(get(B), get(C), i32(4), [OP.i32Mul], [OP.i32Add], set(PB), get(K), set(I))
  if (transposedA) emit(get(A), get(P), i32(4), [OP.i32Mul], [OP.i32Add], set(PA0))
  else {
    emit(get(A), get(P), get(LDA), [OP.i32Mul], [OP.i32Add], set(PA0))
    emit(get(PA0), get(LDA), [OP.i32Add], set(PA1), get(PA1), get(LDA), [OP.i32Add], set(PA2), get(PA2), get(LDA), [OP.i32Add], set(PA3))
  }
  emit([OP.loop, VOID])
  emit(get(PB), simd(S.v128Load), memarg(0, 0), set(W0), get(PB), simd(S.v128Load), memarg(0, 16), set(W1))
  if (transposedA) emit(get(PA0), simd(S.v128Load), memarg(0, 0), set(X))
  for (let row = 0; row < 4; row++) {
    const x = transposedA ? XR + row : X
    if (transposedA) emit(get(X), get(X), laneSplat(row), set(x))
    else emit(get(PA0 + row), simd(S.v128Load32Splat), memarg(0, 0), set(x))
    for (let half = 0; half < 2; half++) {
      const acc = ACC + row * 2 + half
      emit(get(acc), get(x), get(half === 0 ? W0 : W1), simd(S.f32x4Mul), simd(S.f32x4Add), set(acc))
    }
  }
  // nn: pa_r += 4; tn: pa += lda; pb += ldb; again while --i ≠ 0.
  if (transposedA) emit(get(PA0), get(LDA), [OP.i32Add], set(PA0))
  else for (let row = 0; row < 4; row++) emit(get(PA0 + row), i32(4), [OP.i32Add], set(PA0 + row))
  emit(get(PB), get(LDB), [OP.i32Add], set(PB))
  emit(get(I), i32(1), [OP.i32Sub], [OP.localTee, ...uleb(I)], i32(0), [OP.i32Ne], [OP.brIf, 0])
  emit([OP.end])
  for (let row = 0; row < 4; row++) {
    for (let half = 0; half < 2; half++) emit(get(PO), get(ACC + row * 2 + half), simd(S.v128Store), memarg(2, half * 16))
    if (row < 3) emit(get(PO), get(LDO), [OP.i32Add], set(PO))
  }
  emit(get(C), i32(8), [OP.i32Add], [OP.localTee, ...uleb(C)], get(N8), [OP.i32LtU], [OP.brIf, 0])
  emit([OP.end])
  emit(get(P), i32(4), [OP.i32Add], [OP.localTee, ...uleb(P)], get(M4), [OP.i32LtU], [OP.brIf, 0])
  emit([OP.end])
  emit([OP.end])
  const locals = [2, ...uleb(I32_LOCALS), I32, ...uleb(V128_LOCALS), V128]
  return [...uleb(locals.length + code.length), ...locals, ...code]
}

/** The module's bytes: one memory (exported as `memory`), `nn` and `tn` with the parameters above. */
export function windowGemmModuleBytes(): Uint8Array<ArrayBuffer> {
  const type = section(1, [1, 0x60, 10, ...new Array<number>(10).fill(I32), 0])
  const functions = section(3, [2, 0, 0])
  const memory = section(5, [1, 0, 1])
  const exports = section(7, [3, ...name('nn'), 0, 0, ...name('tn'), 0, 1, ...name('memory'), 2, 0])
  const code = section(10, [2, ...body(false), ...body(true)])
  return new Uint8Array([0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0, ...type, ...functions, ...memory, ...exports, ...code])
}

/** Operands of one product, in floats of {@link WindowGemm.heap}: offsets and row strides. */
export interface WindowProduct {
  /** Offset of a and its row stride (nn: between output rows; tn: between summed rows). */
  a: number
  lda: number
  /** Offset of b ([k, ≥ n8] rows) and its row stride. */
  b: number
  ldb: number
  /** Offset of the output and its row stride (≥ n8). */
  out: number
  ldo: number
  /** Output rows (a multiple of 4), output columns (a multiple of 8), summed length (≥ 1). */
  m4: number
  n8: number
  k: number
  /** Add to the output instead of overwriting it. */
  accumulate?: boolean
}

/**
 * One WebAssembly memory holding a trainer's buffers and the two products over it. Every output block is 4 × 8:
 * callers pad rows and columns and keep the padding's reads inside the memory (reads past an operand's last
 * meaningful value only feed outputs the caller ignores). Offsets are in floats.
 */
export interface WindowGemm {
  /** The memory every operand lives in (value passes over the same buffers import it: simd-seq-passes.ts). */
  memory: WebAssembly.Memory
  /** A float32 view of the whole memory, made again after the memory grew. */
  heap(): Float32Array
  /** Reserves `floats` zeroed floats on a 16-byte boundary and returns the offset of the first. */
  allocate(floats: number): number
  nn(p: WindowProduct): void
  tn(p: WindowProduct): void
}

const compile = compiledOnce(windowGemmModuleBytes)

type Product = (a: number, lda: number, b: number, ldb: number, out: number, ldo: number, m4: number, n8: number, k: number, accumulate: number) => void

/** A fresh memory and its products; `undefined` where WebAssembly SIMD cannot compile. */
export function createWindowGemm(): WindowGemm | undefined {
  const module = compile()
  if (module === null) return undefined
  const exports = new WebAssembly.Instance(module, {}).exports as { memory: WebAssembly.Memory; nn: Product; tn: Product }
  const { memory } = exports
  let top = 0
  let view = new Float32Array(memory.buffer)
  const heap = (): Float32Array => (view.buffer === memory.buffer ? view : (view = new Float32Array(memory.buffer)))
  const check = (p: WindowProduct): void => {
    if (p.m4 % 4 !== 0 || p.n8 % 8 !== 0 || p.k < 1 || p.ldo < p.n8) throw new Error(`window gemm: m4 ${p.m4} (×4), n8 ${p.n8} (×8), k ${p.k} (≥ 1), ldo ${p.ldo} (≥ n8)`)
  }
  const run = (product: Product, p: WindowProduct): void => {
    check(p)
    if (p.m4 === 0 || p.n8 === 0) return
    product(4 * p.a, 4 * p.lda, 4 * p.b, 4 * p.ldb, 4 * p.out, 4 * p.ldo, p.m4, p.n8, p.k, p.accumulate ? 1 : 0)
  }
  return {
    memory,
    heap,
    allocate(floats) {
      const offset = top
      top += Math.ceil(floats / 4) * 4
      const bytes = top * 4
      if (bytes > memory.buffer.byteLength) memory.grow(Math.ceil((bytes - memory.buffer.byteLength) / 65536))
      return offset
    },
    nn: (p) => run(exports.nn, p),
    tn: (p) => run(exports.tn, p),
  }
}
