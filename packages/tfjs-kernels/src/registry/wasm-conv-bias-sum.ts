// wasm Sum over every axis but the last of a channels-last activation [n, h, w, c] (or [n, steps, c]): the
// bias gradient of every convolution layer. The stock kernel first transposes the channels to the front, a
// [n*h*w, c] -> [c, n*h*w] move that runs at cache-miss speed when n*h*w*4 bytes is a multiple of 4 KiB
// (every row of the output then maps to the same cache set): 1.5 ms on [64, 28, 28, 16]. An average pool
// over each image (XNNPACK, one pass, no transpose) and a sum of the n per-image means here took 0.3 ms.
import type { NamedAttrMap, TensorInfo } from '@tensorflow/tfjs'
import { callKernel } from '../_backends'
import type { KernelArgs, WasmBackend } from '../_backends'

// Below this many values the stock kernel's transpose is cheap and one kernel call is cheaper than two.
const MIN_SIZE = 4096

function leadingAxes(axis: number | number[], rank: number): boolean {
  const axes = (Array.isArray(axis) ? axis : [axis]).map((a) => (a < 0 ? a + rank : a)).sort((p, q) => p - q)
  return axes.length === rank - 1 && axes.every((a, k) => a === k)
}

/**
 * Kernel function of the wasm `Sum` that reduces a float32 rank-3 or rank-4 tensor over all axes but the
 * last as an average pool plus a sum over the batch, and hands every other case to `stock`.
 */
export function wasmConvBiasSum(args: KernelArgs<WasmBackend>, stock: (args: KernelArgs<WasmBackend>) => TensorInfo): TensorInfo {
  const { inputs, backend } = args
  const attrs = args.attrs as NamedAttrMap
  const { x } = inputs
  const rank = x.shape.length
  if (x.dtype !== 'float32' || (rank !== 3 && rank !== 4) || !leadingAxes(attrs.axis as number | number[], rank)) return stock(args)
  const [n, rows] = x.shape
  const cols = rank === 4 ? x.shape[2] : 1
  const channels = x.shape[rank - 1]
  if (rows * cols < 2 || n * rows * cols * channels < MIN_SIZE) return stock(args)

  const means = callKernel('AvgPool', 'wasm', {
    inputs: { x: { ...x, shape: [n, rows, cols, channels] } },
    backend,
    attrs: { filterSize: [rows, cols], strides: [rows, cols], pad: 'valid' },
  })
  const outShape = attrs.keepDims === true ? [...Array<number>(rank - 1).fill(1), channels] : [channels]
  const out = backend.makeOutput(outShape, 'float32')
  // Views on the wasm heap only after the last allocation: an allocation can grow (replace) the heap.
  const from = backend.typedArrayFromHeap(means)
  const to = backend.typedArrayFromHeap(out)
  const count = rows * cols
  for (let c = 0; c < channels; c++) {
    let sum = 0
    for (let b = 0; b < n; b++) sum += from[b * channels + c]
    to[c] = sum * count
  }
  backend.disposeData(means.dataId)
  return out
}
