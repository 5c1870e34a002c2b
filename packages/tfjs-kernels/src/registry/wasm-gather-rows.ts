// wasm GatherV2 along the first axis (tf.gather(x, indices), what model.fit runs twice per batch to pick the
// batch's samples and targets) as one row copy per index. The stock kernel computes every element's source
// index in C++: on [2000, 28, 28, 1] with 64 indices it took 2.0–2.9 ms a call, ~10 % of the Conv2D AE's epoch,
// for 200 KB of data.
import type { NamedAttrMap, TensorInfo } from '@tensorflow/tfjs'
import type { KernelArgs, WasmBackend } from '../_backends'

/**
 * Kernel function of the wasm `GatherV2` (inputs `x`, `indices`) when it gathers float32 rows along axis 0
 * without batch dimensions and every index is in range; every other case (and any out-of-range index, whose
 * error the stock kernel raises) goes to `stock`.
 */
export function wasmGatherRows(args: KernelArgs<WasmBackend>, stock: (args: KernelArgs<WasmBackend>) => TensorInfo): TensorInfo {
  const { inputs, backend } = args
  const attrs = args.attrs as NamedAttrMap
  const { x, indices } = inputs
  const rank = x.shape.length
  const axis = Number(attrs.axis ?? 0)
  const firstAxis = rank > 0 && (axis === 0 || axis === -rank)
  if (!firstAxis || Number(attrs.batchDims ?? 0) !== 0 || x.dtype !== 'float32' || indices.dtype !== 'int32') return stock(args)
  const rows = x.shape[0]
  const picked = backend.typedArrayFromHeap(indices) as unknown as Int32Array
  for (let i = 0; i < picked.length; i++) if (picked[i] < 0 || picked[i] >= rows) return stock(args)

  let rowSize = 1
  for (let d = 1; d < rank; d++) rowSize *= x.shape[d]
  const out = backend.makeOutput([...indices.shape, ...x.shape.slice(1)], 'float32')
  // Views on the wasm heap only after the last allocation: an allocation can grow (replace) the heap.
  const from = backend.typedArrayFromHeap(x)
  const to = backend.typedArrayFromHeap(out)
  const at = backend.typedArrayFromHeap(indices) as unknown as Int32Array
  for (let i = 0; i < at.length; i++) to.set(from.subarray(at[i] * rowSize, (at[i] + 1) * rowSize), i * rowSize)
  return out
}
