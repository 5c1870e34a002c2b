// The products of the fused runners on the cpu backend (dense scoring and training, the LSTM) through a
// small WebAssembly SIMD kernel instead of JS loops. Scalar JS tops out near 1.6-2.2 GMAC/s here (every
// Float32Array load is bounds-checked and converted one value at a time); the dense autoencoder spends ~60 %
// of scoring in two products ([rows, 140] × [140, 32] and [rows, 32] × [32, 140]), which kept cpu scoring
// below 60 % of PyTorch's one thread (issue 7). The kernel runs 6-6.7 GMAC/s on those shapes and the LSTM's
// ([32, 64] × [64, 256]), copies in and out included. It keeps the JS products' arithmetic exactly: each
// output is one float64 sum over k in index order of float32 × float32 products (exact in float64), rounded
// once to float32, so results are bit-identical to `gemmRowsByRows` (simd-matmul.test.ts); two sums
// run per instruction. The module (640 bytes) is built here from its opcodes, no binary to ship, and
// compiled once on first use. Where WebAssembly or its SIMD is missing or blocked (a CSP without
// 'wasm-unsafe-eval'), the JS loops run.
import type { FusedMatmul } from './fused-matmul'
import { I32, OP, SIMD, V128, VOID, name, section, sleb, uleb } from './_wasm-bytes'
import { wasmGemmMatmul, type WasmGemmKernel } from './_wasm-gemm'

// Locals: the parameters a, b, out, m4, n4, k (byte addresses and counts), then i32 scratch, then v128.
const [A, B, OUT, M4, N4, K] = [0, 1, 2, 3, 4, 5]
const [P, C, I, PA, PB, K4, N44, PO] = [6, 7, 8, 9, 10, 11, 12, 13]
const I32_SCRATCH = 8
// acc[row * 2 + half]: the sums of columns c + 2·half, c + 2·half + 1 of block row `row`; then w0, w1, x.
const ACC = 14
const W0 = ACC + 8
const W1 = W0 + 1
const X = W1 + 1
const V128_LOCALS = 11

/**
 * The body of `gemm(a, b, out, m4, n4, k)`: out[m4, n4] = a[m4, k] · b[k, n4], all float32 row-major, m4 and
 * n4 multiples of 4 (≥ 4), k ≥ 1. Blocks of 4 rows × 4 columns: per step of k, two loads of b promoted to
 * float64 pairs, four values of a splat into pairs, eight pair products added into eight pair sums.
 */
function gemmBody(): number[] {
  const get = (i: number): number[] => [OP.localGet, ...uleb(i)]
  const set = (i: number): number[] => [OP.localSet, ...uleb(i)]
  const i32 = (v: number): number[] => [OP.i32Const, ...sleb(v)]
  const simd = (op: number): number[] => [OP.simd, ...uleb(op)]
  const memarg = (align: number, offset: number): number[] => [...uleb(align), ...uleb(offset)]
  const code: number[] = []
  const emit = (...parts: number[][]): void => {
    for (const p of parts) code.push(...p)
  }
  // k4 = k · 4, n44 = n4 · 4 (row strides in bytes); p = 0.
  emit(get(K), i32(4), [OP.i32Mul], set(K4), get(N4), i32(4), [OP.i32Mul], set(N44), i32(0), set(P))
  emit([OP.loop, VOID])
  {
    emit(i32(0), set(C))
    emit([OP.loop, VOID])
    {
      for (let j = 0; j < 8; j++) emit(simd(SIMD.v128Const), new Array<number>(16).fill(0), set(ACC + j))
      // pa = a + p · k4 (row p, column 0); pb = b + c · 4 (row 0, column c); i = k.
      emit(get(A), get(P), get(K4), [OP.i32Mul], [OP.i32Add], set(PA))
      emit(get(B), get(C), i32(4), [OP.i32Mul], [OP.i32Add], set(PB))
      emit(get(K), set(I))
      emit([OP.loop, VOID])
      {
        emit(get(PB), simd(SIMD.load64Zero), memarg(3, 0), simd(SIMD.f64x2PromoteLowF32x4), set(W0))
        emit(get(PB), simd(SIMD.load64Zero), memarg(3, 8), simd(SIMD.f64x2PromoteLowF32x4), set(W1))
        for (let row = 0; row < 4; row++) {
          // x = a[p + row, i] in both lanes: the address is pa + row · k4.
          emit(get(PA))
          for (let r = 0; r < row; r++) emit(get(K4), [OP.i32Add])
          emit([OP.f32Load], memarg(2, 0), [OP.f64PromoteF32], simd(SIMD.f64x2Splat), set(X))
          for (let half = 0; half < 2; half++) {
            const acc = ACC + row * 2 + half
            emit(get(acc), get(X), get(half === 0 ? W0 : W1), simd(SIMD.f64x2Mul), simd(SIMD.f64x2Add), set(acc))
          }
        }
        // pa += 4; pb += n44; loop while --i ≠ 0.
        emit(get(PA), i32(4), [OP.i32Add], set(PA), get(PB), get(N44), [OP.i32Add], set(PB))
        emit(get(I), i32(1), [OP.i32Sub], [OP.localTee, ...uleb(I)], i32(0), [OP.i32Ne], [OP.brIf, 0])
      }
      emit([OP.end])
      // Rows p … p + 3, columns c … c + 3: each pair rounded to float32 and stored as 8 bytes.
      emit(get(OUT), get(P), get(N44), [OP.i32Mul], [OP.i32Add], get(C), i32(4), [OP.i32Mul], [OP.i32Add], set(PO))
      for (let row = 0; row < 4; row++) {
        for (let half = 0; half < 2; half++) {
          emit(get(PO), get(ACC + row * 2 + half), simd(SIMD.f32x4DemoteF64x2Zero), simd(SIMD.store64Lane), memarg(3, half * 8), [0])
        }
        if (row < 3) emit(get(PO), get(N44), [OP.i32Add], set(PO))
      }
      emit(get(C), i32(4), [OP.i32Add], [OP.localTee, ...uleb(C)], get(N4), [OP.i32LtU], [OP.brIf, 0])
    }
    emit([OP.end])
    emit(get(P), i32(4), [OP.i32Add], [OP.localTee, ...uleb(P)], get(M4), [OP.i32LtU], [OP.brIf, 0])
  }
  emit([OP.end])
  emit([OP.end])
  const locals = [2, ...uleb(I32_SCRATCH), I32, ...uleb(V128_LOCALS), V128]
  return [...uleb(locals.length + code.length), ...locals, ...code]
}

/** The module's bytes: one memory (exported as `memory`) and the function `gemm`. */
export function simdGemmModuleBytes(): Uint8Array<ArrayBuffer> {
  const type = section(1, [1, 0x60, 6, I32, I32, I32, I32, I32, I32, 0])
  const functions = section(3, [1, 0])
  const memory = section(5, [1, 0, 1])
  const exports = section(7, [2, ...name('gemm'), 0, 0, ...name('memory'), 2, 0])
  const code = section(10, [1, ...gemmBody()])
  return new Uint8Array([0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0, ...type, ...functions, ...memory, ...exports, ...code])
}

const KERNEL: WasmGemmKernel = { bytes: simdGemmModuleBytes, rows: 4, columns: 4 }

/**
 * Products through the SIMD kernel, results bit-identical to {@link jsFusedMatmul}'s; `undefined` where the
 * kernel cannot run. Each object has a WebAssembly memory to itself until disposed: prepared operands live
 * there until released, and a released operand's space is reused by the next `prepare` of the same size (the
 * training runners prepare the same shapes every batch), so the memory stops growing after the first batch.
 * `dispose` hands the memory to the next object.
 */
export function simdFusedMatmul(): FusedMatmul | undefined {
  return wasmGemmMatmul(KERNEL)
}
