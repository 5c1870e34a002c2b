// Matrix products in float32 SIMD for the fused dense trainer: a WebAssembly kernel built here from its
// opcodes (no binary to ship), blocks of 4 rows × 8 columns, each step of k one load-and-splat of a per row and two
// 4-lane loads of b, eight f32x4 products added into eight f32x4 sums. Four sums per instruction against the
// two of simd-matmul.ts (float64 pairs, kept for bit-identity with the JS loops), and no promotion: about
// twice its speed, and on the wasm backend faster than XNNPACK through tfjs's BatchMatMul at the dense
// autoencoder's shapes, whose per-call packing of the right operand and heap copies dominate (issue 22).
//
// Arithmetic: each output is a float32 sum over k in index order of float32 products, a multiply then an add
// (WebAssembly has no fused multiply-add in its base SIMD, so every engine rounds the same way). Results are
// deterministic — the same inputs give the same bits on every run and every machine — and equal a float64
// reference within float32 rounding of a length-k sum (simd-f32-matmul.test.ts), but are not bit-identical to
// the float64-summing JS loops.
import type { FusedMatmul } from './fused-matmul'
import { I32, OP, VOID, sleb, uleb } from './_wasm-bytes'
import { moduleBytes, type Fn } from '../elementwise/_simd-code'
import { wasmGemmMatmul, type WasmGemmKernel } from './_wasm-gemm'

// The SIMD opcodes (after the 0xfd prefix) of this kernel.
const F32 = { v128Load: 0x00, v128Load32Splat: 0x09, v128Store: 0x0b, v128Const: 0x0c, f32x4Add: 0xe4, f32x4Mul: 0xe6 } as const

// Locals: the parameters a, b, out, m4, n8, k (byte addresses and counts), then i32 scratch, then v128.
const [A, B, OUT, M4, N8, K] = [0, 1, 2, 3, 4, 5]
const [P, C, I, PA, PB, K4, N84, PO] = [6, 7, 8, 9, 10, 11, 12, 13]
const I32_SCRATCH = 8
// acc[row * 2 + half]: the sums of columns c + 4·half … c + 4·half + 3 of block row `row`; then w0, w1, x.
const ACC = 14
const W0 = ACC + 8
const W1 = W0 + 1
const X = W1 + 1
const V128_LOCALS = 11

/**
 * `gemm(a, b, out, m4, n8, k)`: out[m4, n8] = a[m4, k] · b[k, n8]; m4 a multiple of 4, n8 of 8, k ≥ 1 (byte
 * addresses, row-major, rows packed). Also a function of the dense scorer's module (scoring/simd-dense-scorer.ts).
 */
export function simdF32GemmFn(): Fn {
  const get = (i: number): number[] => [OP.localGet, ...uleb(i)]
  const set = (i: number): number[] => [OP.localSet, ...uleb(i)]
  const i32 = (v: number): number[] => [OP.i32Const, ...sleb(v)]
  const simd = (op: number): number[] => [OP.simd, ...uleb(op)]
  const memarg = (align: number, offset: number): number[] => [...uleb(align), ...uleb(offset)]
  const code: number[] = []
  const emit = (...parts: number[][]): void => {
    for (const p of parts) code.push(...p)
  }
  // k4 = k · 4, n84 = n8 · 4 (row strides in bytes); p = 0.
  emit(get(K), i32(4), [OP.i32Mul], set(K4), get(N8), i32(4), [OP.i32Mul], set(N84), i32(0), set(P))
  emit([OP.loop, VOID])
  {
    emit(i32(0), set(C))
    emit([OP.loop, VOID])
    {
      for (let j = 0; j < 8; j++) emit(simd(F32.v128Const), new Array<number>(16).fill(0), set(ACC + j))
      // pa = a + p · k4 (row p, column 0); pb = b + c · 4 (row 0, column c); i = k.
      emit(get(A), get(P), get(K4), [OP.i32Mul], [OP.i32Add], set(PA))
      emit(get(B), get(C), i32(4), [OP.i32Mul], [OP.i32Add], set(PB))
      emit(get(K), set(I))
      emit([OP.loop, VOID])
      {
        emit(get(PB), simd(F32.v128Load), memarg(4, 0), set(W0))
        emit(get(PB), simd(F32.v128Load), memarg(4, 16), set(W1))
        for (let row = 0; row < 4; row++) {
          // x = a[p + row, i] in all four lanes: the address is pa + row · k4.
          emit(get(PA))
          for (let r = 0; r < row; r++) emit(get(K4), [OP.i32Add])
          emit(simd(F32.v128Load32Splat), memarg(2, 0), set(X))
          for (let half = 0; half < 2; half++) {
            const acc = ACC + row * 2 + half
            emit(get(acc), get(X), get(half === 0 ? W0 : W1), simd(F32.f32x4Mul), simd(F32.f32x4Add), set(acc))
          }
        }
        // pa += 4; pb += n84; loop while --i ≠ 0.
        emit(get(PA), i32(4), [OP.i32Add], set(PA), get(PB), get(N84), [OP.i32Add], set(PB))
        emit(get(I), i32(1), [OP.i32Sub], [OP.localTee, ...uleb(I)], i32(0), [OP.i32Ne], [OP.brIf, 0])
      }
      emit([OP.end])
      // Rows p … p + 3, columns c … c + 7: two 16-byte stores per row.
      emit(get(OUT), get(P), get(N84), [OP.i32Mul], [OP.i32Add], get(C), i32(4), [OP.i32Mul], [OP.i32Add], set(PO))
      for (let row = 0; row < 4; row++) {
        for (let half = 0; half < 2; half++) emit(get(PO), get(ACC + row * 2 + half), simd(F32.v128Store), memarg(4, half * 16))
        if (row < 3) emit(get(PO), get(N84), [OP.i32Add], set(PO))
      }
      emit(get(C), i32(8), [OP.i32Add], [OP.localTee, ...uleb(C)], get(N8), [OP.i32LtU], [OP.brIf, 0])
    }
    emit([OP.end])
    emit(get(P), i32(4), [OP.i32Add], [OP.localTee, ...uleb(P)], get(M4), [OP.i32LtU], [OP.brIf, 0])
  }
  emit([OP.end])
  return { params: [I32, I32, I32, I32, I32, I32], i32Locals: I32_SCRATCH, v128Locals: V128_LOCALS, code }
}

/** The module's bytes: one memory (exported as `memory`) and the function `gemm`. */
export function simdF32GemmModuleBytes(): Uint8Array<ArrayBuffer> {
  return moduleBytes([['gemm', simdF32GemmFn]])
}

const KERNEL: WasmGemmKernel = { bytes: simdF32GemmModuleBytes, rows: 4, columns: 8 }

/**
 * Products `out[m, n] = a[m, k] · b[k, n]` in float32 WebAssembly SIMD, on any tfjs backend (the operands are
 * Float32Arrays, not tensors); `undefined` where WebAssembly SIMD cannot compile. Deterministic (same inputs,
 * same bits, on every engine) and within float32 rounding of the exact product, not bit-identical to
 * {@link jsFusedMatmul} (which sums in float64). Memory: as `simdFusedMatmul`, one WebAssembly memory per
 * object until `dispose`, released operands' space reused.
 */
export function simdF32FusedMatmul(): FusedMatmul | undefined {
  return wasmGemmMatmul(KERNEL)
}
