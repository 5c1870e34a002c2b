// wasm BatchMatMul with a transposed operand runs at 1.3-3.3 GFLOP/s against 21-40 untransposed on this
// kind of machine (XNNPACK's fast GEMM wants both operands row-major), and every backward pass of a dense
// or recurrent layer multiplies by a transpose. Transposing first (a memory-bound copy) restores the speed.
import type { NamedAttrMap, TensorInfo } from '@tensorflow/tfjs'
import { callKernel } from '../_backends'
import type { KernelArgs, WasmBackend } from '../_backends'

// Below about 50k multiply-adds the product takes tens of microseconds either way and the extra Transpose
// call costs more than it saves (measured: [64, 8]^T x [64, 16] 47 us stock, 67 us transposed first;
// [64, 140]^T x [64, 32] 348 us stock, 102 us transposed first).
const MIN_MULTIPLY_ADDS = 50_000

function swapLastTwo(rank: number): number[] {
  const perm = Array.from({ length: rank }, (_, i) => i)
  perm[rank - 2] = rank - 1
  perm[rank - 1] = rank - 2
  return perm
}

/** Kernel function of the wasm `BatchMatMul` that hands `stock` untransposed operands only. */
export function wasmBatchMatMul(args: KernelArgs<WasmBackend>, stock: (args: KernelArgs<WasmBackend>) => TensorInfo): TensorInfo {
  const attrs = args.attrs as NamedAttrMap
  const transposeA = attrs.transposeA === true
  const transposeB = attrs.transposeB === true
  const { backend } = args
  const { a, b } = args.inputs
  if (!transposeA && !transposeB) return stock(args)
  const rank = a.shape.length
  const rows = transposeA ? a.shape[rank - 1] : a.shape[rank - 2]
  const inner = transposeA ? a.shape[rank - 2] : a.shape[rank - 1]
  const columns = transposeB ? b.shape[b.shape.length - 2] : b.shape[b.shape.length - 1]
  const batch = Math.max(a.shape.slice(0, -2).reduce((p, q) => p * q, 1), b.shape.slice(0, -2).reduce((p, q) => p * q, 1))
  if (batch * rows * inner * columns < MIN_MULTIPLY_ADDS) return stock(args)
  const transpose = (x: TensorInfo): TensorInfo =>
    callKernel('Transpose', 'wasm', { inputs: { x }, backend, attrs: { perm: swapLastTwo(x.shape.length) } })
  const aIn = transposeA ? transpose(a) : a
  const bIn = transposeB ? transpose(b) : b
  const out = stock({ inputs: { a: aIn, b: bIn }, backend, attrs: { ...attrs, transposeA: false, transposeB: false } })
  if (transposeA) backend.disposeData(aIn.dataId)
  if (transposeB) backend.disposeData(bIn.dataId)
  return out
}
