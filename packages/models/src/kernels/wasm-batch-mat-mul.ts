// wasm BatchMatMul with a transposed operand runs at 1.3-3.3 GFLOP/s against 21-40 untransposed on this
// kind of machine (XNNPACK's fast GEMM wants both operands row-major), and every backward pass of a dense
// or recurrent layer multiplies by a transpose. Transposing first (a memory-bound copy) restores the speed.
import type { NamedAttrMap, TensorInfo } from '@tensorflow/tfjs'
import { callKernel } from './_backends'
import type { KernelArgs, WasmBackend } from './_backends'

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
  if (!transposeA && !transposeB) return stock(args)
  const { backend } = args
  const { a, b } = args.inputs
  const transpose = (x: TensorInfo): TensorInfo =>
    callKernel('Transpose', 'wasm', { inputs: { x }, backend, attrs: { perm: swapLastTwo(x.shape.length) } })
  const aIn = transposeA ? transpose(a) : a
  const bIn = transposeB ? transpose(b) : b
  const out = stock({ inputs: { a: aIn, b: bIn }, backend, attrs: { ...attrs, transposeA: false, transposeB: false } })
  if (transposeA) backend.disposeData(aIn.dataId)
  if (transposeB) backend.disposeData(bIn.dataId)
  return out
}
