// Structural views of the two tfjs backends the fast kernels run on. They are typed here, not imported,
// because `@tensorflow/tfjs-backend-wasm` is an optional peer that is only loaded at run time, and the
// cpu backend's class is not part of `@tensorflow/tfjs`'s public types.
import { AedetectError } from '@aedetect/core'
import { getKernel } from '@tensorflow/tfjs'
import type { DataType, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs'

/** The part of tfjs-backend-cpu's `MathBackendCPU` the cpu kernels use. */
export interface CpuBackend {
  data: { get(dataId: object): { values: ArrayLike<number> } }
  makeTensorInfo(shape: number[], dtype: DataType, values: Float32Array): TensorInfo
}

/** The part of tfjs-backend-wasm's `BackendWasm` the wasm kernels use. */
export interface WasmBackend {
  makeOutput(shape: number[], dtype: DataType): TensorInfo
  disposeData(dataId: object): boolean
  typedArrayFromHeap(info: TensorInfo): Float32Array
}

/**
 * The wasm backend's heap as a WebAssembly.Memory (the Emscripten module's exported memory), for SIMD modules
 * that import it and work on tensors in place; undefined where the build does not expose it.
 */
export function wasmHeapMemory(backend: WasmBackend): WebAssembly.Memory | undefined {
  const memory = (backend as { wasm?: { asm?: { memory?: unknown } } }).wasm?.asm?.memory
  return typeof WebAssembly === 'object' && memory instanceof WebAssembly.Memory ? memory : undefined
}

/** The arguments tfjs passes to every kernel function. */
export interface KernelArgs<B> {
  inputs: Record<string, TensorInfo>
  backend: B
  attrs?: NamedAttrMap
}

/**
 * Runs the kernel registered under `kernelName` on `backendName` at call time (so a kernel replaced later
 * is the one used) and returns its single output. The caller owns the output and disposes it.
 */
export function callKernel<B>(kernelName: string, backendName: string, args: KernelArgs<B>): TensorInfo {
  const config = getKernel(kernelName, backendName)
  if (config === undefined) {
    throw new AedetectError('E_BACKEND', `fast kernels: the '${kernelName}' kernel they run is not registered on the '${backendName}' backend. Load the backend package before training, or call unregisterKernels({ backends: ['${backendName}'] }).`)
  }
  const out = config.kernelFunc(args as unknown as Parameters<typeof config.kernelFunc>[0])
  return (Array.isArray(out) ? out[0] : out) as TensorInfo
}
