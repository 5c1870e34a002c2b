// wasm Identity (what the engine runs for tf.clone and to keep every tensor a gradient needs) sharing the input's
// data with a reference count, as tfjs-backend-cpu's Identity does, instead of copying it: tensors are immutable,
// the wasm backend counts references (its Reshape shares data the same way), and none of the fast kernels writes
// into an input. In the Conv2D AE's training the copies were 3 a batch of [64, 28, 28, 16] (3.2 MB each,
// ~0.3 ms), 55 ms of a 1.45 s epoch. A Cast to the dtype the tensor already has (every ReLU gradient casts its
// float32 step to float32) copied too, and shares the same way.
import type { TensorInfo } from '@tensorflow/tfjs'
import type { KernelArgs, WasmBackend } from '../_backends'

/** Kernel function of the wasm `Identity`: shares the data of numeric tensors; strings go to `stock`. */
export function wasmIdentity(args: KernelArgs<WasmBackend>, stock: (args: KernelArgs<WasmBackend>) => TensorInfo): TensorInfo {
  const { x } = args.inputs
  const backend = args.backend as WasmBackend & { incRef?: (dataId: object) => void }
  if (x.dtype === 'string' || typeof backend.incRef !== 'function') return stock(args)
  backend.incRef(x.dataId)
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype }
}

/** Kernel function of the wasm `Cast`: a cast to the tensor's own numeric dtype shares its data; others go to `stock`. */
export function wasmCast(args: KernelArgs<WasmBackend>, stock: (args: KernelArgs<WasmBackend>) => TensorInfo): TensorInfo {
  const { x } = args.inputs
  return args.attrs?.dtype === x.dtype ? wasmIdentity(args, stock) : stock(args)
}
