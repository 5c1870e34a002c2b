// Registration of the fast kernels in tfjs's process-wide kernel registry. Registration replaces kernels
// for every model and every caller in the process, so it happens only when asked (never on import), is
// idempotent, and can be undone.
import { AedetectError } from '@aedetect/core'
import { getKernel, registerKernel, unregisterKernel } from '@tensorflow/tfjs'
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs'
import type { CpuBackend, KernelArgs, WasmBackend } from './_backends'
import { cpuBiasAdd } from './registry/cpu-bias-add'
import { cpuConv2D } from './registry/cpu-conv2d'
import { cpuConv2DBackpropFilter } from './registry/cpu-conv2d-backprop-filter'
import { cpuConv2DBackpropInput } from './registry/cpu-conv2d-backprop-input'
import { cpuFusedConv2D } from './registry/cpu-fused-conv2d'
import { cpuLeadingAxesSum } from './registry/cpu-leading-axes-sum'
import { cpuResizeNearestNeighborGrad } from './registry/cpu-resize-nearest-neighbor-grad'
import { wasmResizeNearestNeighborGrad } from './registry/wasm-resize-nearest-neighbor-grad'
import { wasmBatchMatMul } from './registry/wasm-batch-mat-mul'
import { wasmConvBiasAdd } from './registry/wasm-conv-bias-add'
import { wasmConvBiasSum } from './registry/wasm-conv-bias-sum'
import { wasmConv2DBackpropFilter } from './registry/wasm-conv2d-backprop-filter'
import { wasmConv2DBackpropInput } from './registry/wasm-conv2d-backprop-input'
import { wasmConv2DOneOutputChannel } from './registry/wasm-conv2d-one-output-channel'
import { wasmGatherRows } from './registry/wasm-gather-rows'
import { wasmCast, wasmIdentity } from './registry/wasm-identity'

/** A backend the fast kernels exist for. */
export type KernelBackend = 'cpu' | 'wasm'

/** One fast kernel in place. */
export interface RegisteredKernel {
  backend: KernelBackend
  /** tfjs kernel name, e.g. 'Conv2DBackpropFilter'. */
  kernel: string
  /** True when it replaces a stock tfjs kernel, false when the backend had none (wasm `Conv2DBackpropFilter`). */
  replaces: boolean
}

/** A backend that was asked for but got no fast kernels, and why. */
export interface SkippedKernelBackend {
  backend: KernelBackend
  reason: string
}

/** What {@link registerKernels} left in place. */
export interface KernelsReport {
  /** Every fast kernel in place on the requested backends after the call (also those of an earlier call). */
  registered: RegisteredKernel[]
  /** Requested backends whose tfjs backend package is not loaded, so nothing was registered for them. */
  skipped: SkippedKernelBackend[]
}

/** Options of {@link registerKernels} and {@link unregisterKernels}. */
export interface KernelsOptions {
  /** Backends to act on. Default `['cpu', 'wasm']`. */
  backends?: KernelBackend[]
}

type Stock = (args: KernelArgs<unknown>) => TensorInfo
type Build = (stock: Stock | undefined) => (args: KernelArgs<unknown>) => TensorInfo

interface KernelSpec {
  backend: KernelBackend
  kernel: string
  build: Build
}

function requireStock(stock: Stock | undefined, spec: string): Stock {
  if (stock === undefined) throw new AedetectError('E_BACKEND', `fast kernels: there is no stock ${spec} kernel to hand this case to. Call unregisterKernels() and report the shapes.`)
  return stock
}

const SPECS: KernelSpec[] = [
  { backend: 'cpu', kernel: 'ResizeNearestNeighborGrad', build: () => (args) => cpuResizeNearestNeighborGrad(args as KernelArgs<CpuBackend>) },
  { backend: 'cpu', kernel: 'Conv2D', build: (stock) => (args) => cpuConv2D(args as KernelArgs<CpuBackend>, requireStock(stock, 'cpu Conv2D')) },
  {
    backend: 'cpu',
    kernel: 'Conv2DBackpropFilter',
    build: (stock) => (args) => cpuConv2DBackpropFilter(args as KernelArgs<CpuBackend>, requireStock(stock, 'cpu Conv2DBackpropFilter')),
  },
  {
    backend: 'cpu',
    kernel: 'Conv2DBackpropInput',
    build: (stock) => (args) => cpuConv2DBackpropInput(args as KernelArgs<CpuBackend>, requireStock(stock, 'cpu Conv2DBackpropInput')),
  },
  { backend: 'cpu', kernel: 'FusedConv2D', build: (stock) => (args) => cpuFusedConv2D(args as KernelArgs<CpuBackend>, requireStock(stock, 'cpu FusedConv2D')) },
  { backend: 'cpu', kernel: 'Add', build: (stock) => (args) => cpuBiasAdd(args as KernelArgs<CpuBackend>, requireStock(stock, 'cpu Add')) },
  { backend: 'cpu', kernel: 'Sum', build: (stock) => (args) => cpuLeadingAxesSum(args as KernelArgs<CpuBackend>, requireStock(stock, 'cpu Sum')) },
  { backend: 'wasm', kernel: 'Conv2DBackpropFilter', build: () => (args) => wasmConv2DBackpropFilter(args as KernelArgs<WasmBackend>) },
  {
    backend: 'wasm',
    kernel: 'Conv2DBackpropInput',
    build: (stock) => (args) => wasmConv2DBackpropInput(args as KernelArgs<WasmBackend>, requireStock(stock, 'wasm Conv2DBackpropInput')),
  },
  { backend: 'wasm', kernel: 'Conv2D', build: (stock) => (args) => wasmConv2DOneOutputChannel(args as KernelArgs<WasmBackend>, requireStock(stock, 'wasm Conv2D')) },
  {
    backend: 'wasm',
    kernel: 'FusedConv2D',
    build: (stock) => (args) => wasmConv2DOneOutputChannel(args as KernelArgs<WasmBackend>, requireStock(stock, 'wasm FusedConv2D')),
  },
  { backend: 'wasm', kernel: 'Add', build: (stock) => (args) => wasmConvBiasAdd(args as KernelArgs<WasmBackend>, requireStock(stock, 'wasm Add')) },
  { backend: 'wasm', kernel: 'Sum', build: (stock) => (args) => wasmConvBiasSum(args as KernelArgs<WasmBackend>, requireStock(stock, 'wasm Sum')) },
  {
    backend: 'wasm',
    kernel: 'ResizeNearestNeighborGrad',
    build: (stock) => (args) => wasmResizeNearestNeighborGrad(args as KernelArgs<WasmBackend>, requireStock(stock, 'wasm ResizeNearestNeighborGrad')),
  },
  {
    backend: 'wasm',
    kernel: 'BatchMatMul',
    build: (stock) => (args) => wasmBatchMatMul(args as KernelArgs<WasmBackend>, requireStock(stock, 'wasm BatchMatMul')),
  },
  { backend: 'wasm', kernel: 'GatherV2', build: (stock) => (args) => wasmGatherRows(args as KernelArgs<WasmBackend>, requireStock(stock, 'wasm GatherV2')) },
  { backend: 'wasm', kernel: 'Identity', build: (stock) => (args) => wasmIdentity(args as KernelArgs<WasmBackend>, requireStock(stock, 'wasm Identity')) },
  { backend: 'wasm', kernel: 'Cast', build: (stock) => (args) => wasmCast(args as KernelArgs<WasmBackend>, requireStock(stock, 'wasm Cast')) },
]

interface Installed {
  config: KernelConfig
  stock: KernelConfig | undefined
}

// Keyed 'backend/kernel'. The registry itself is the truth: an entry counts only while the registry still
// holds its config (importing a backend package after registration puts the stock kernels back).
const installed = new Map<string, Installed>()

const BACKENDS: KernelBackend[] = ['cpu', 'wasm']

function checkBackends(where: string, options: KernelsOptions | undefined): KernelBackend[] {
  const backends = options?.backends ?? BACKENDS
  for (const backend of backends) {
    if (!BACKENDS.includes(backend)) {
      throw new AedetectError('E_OPTION', `${where}: backends must hold only 'cpu' | 'wasm', got '${String(backend)}'. Fast kernels exist for those two backends; other backends keep their stock kernels.`)
    }
  }
  return backends
}

function isActive(spec: KernelSpec): boolean {
  const entry = installed.get(`${spec.backend}/${spec.kernel}`)
  return entry !== undefined && getKernel(spec.kernel, spec.backend) === entry.config
}

// A backend package registers its kernels when it is imported; Conv2D exists on both backends, so its
// absence means the package is not loaded and there is nothing to delegate to yet.
function isLoaded(backend: KernelBackend): boolean {
  return getKernel('Conv2D', backend) !== undefined
}

/**
 * Registers aedetect's fast and corrected tfjs kernels: on `cpu` a correct `ResizeNearestNeighborGrad`
 * (the stock one gives every batch item after the first a wrong gradient), `Conv2D`, `FusedConv2D`,
 * `Conv2DBackpropFilter` and `Conv2DBackpropInput` as register-blocked matrix products over the backing arrays, and `Add` / `Sum` fast
 * paths for bias-shaped operands; on `wasm` the missing `Conv2DBackpropFilter` (without it no
 * convolution trains on wasm) and `Conv2DBackpropInput`, both as one forward convolution, `Conv2D` /
 * `FusedConv2D` with one output channel as a depthwise convolution plus a channel sum, an `Add` of a
 * per-channel bias and a `Sum` over all axes but the channels (a convolution's bias gradient) without
 * broadcasting or transposing, a `BatchMatMul` that
 * transposes before multiplying, a `GatherV2` along the first axis as one row copy per index, and an
 * `Identity` (and a `Cast` to the same dtype) that shares its input's data by reference count (as the cpu
 * backend's does) instead of copying it. Results equal the stock kernels within float32 rounding
 * (see KERNELS.md for the measured speed-ups and the evidence).
 *
 * Process-wide: tfjs's kernel registry is global, so this changes the kernels of every model in the process,
 * on every later call. Nothing happens on import; call it once before training. Idempotent: a second call
 * registers nothing new and returns the same report. Load `@tensorflow/tfjs-backend-wasm` before calling it
 * for wasm, otherwise wasm is listed in `skipped`. {@link unregisterKernels} restores the stock kernels.
 *
 * @param options - `backends`, default `['cpu', 'wasm']`.
 * @returns every fast kernel in place on the requested backends, and the backends skipped with the reason.
 * @throws AedetectError `E_OPTION` when `backends` names a backend other than 'cpu' or 'wasm'.
 */
export function registerKernels(options?: KernelsOptions): KernelsReport {
  const backends = checkBackends('registerKernels()', options)
  const report: KernelsReport = { registered: [], skipped: [] }
  for (const backend of backends) {
    if (!isLoaded(backend)) {
      report.skipped.push({ backend, reason: `the tfjs '${backend}' backend is not loaded: import '@tensorflow/tfjs-backend-${backend}' before calling registerKernels()` })
      continue
    }
    for (const spec of SPECS.filter((s) => s.backend === backend)) {
      if (!isActive(spec)) {
        const stock = getKernel(spec.kernel, backend)
        const stockFunc = stock === undefined ? undefined : (stock.kernelFunc as unknown as Stock)
        const config: KernelConfig = {
          kernelName: spec.kernel,
          backendName: backend,
          kernelFunc: spec.build(stockFunc) as unknown as KernelFunc,
          // The stock kernel's setup (e.g. binding its wasm function) must still run when the backend starts.
          ...(stock?.setupFunc === undefined ? {} : { setupFunc: stock.setupFunc }),
          ...(stock?.disposeFunc === undefined ? {} : { disposeFunc: stock.disposeFunc }),
        }
        if (stock !== undefined) unregisterKernel(spec.kernel, backend)
        registerKernel(config)
        installed.set(`${backend}/${spec.kernel}`, { config, stock })
      }
      const entry = installed.get(`${backend}/${spec.kernel}`) as Installed
      report.registered.push({ backend, kernel: spec.kernel, replaces: entry.stock !== undefined })
    }
  }
  return report
}

/**
 * True when every fast kernel of `backend` is in place (registered by {@link registerKernels} and not
 * replaced since). Process-wide, like the registration.
 */
export function hasKernels(backend: KernelBackend): boolean {
  const specs = SPECS.filter((s) => s.backend === backend)
  return specs.length > 0 && specs.every(isActive)
}

/**
 * Puts the stock tfjs kernels back on the given backends (default both), process-wide; a kernel the backend
 * lacked (wasm `Conv2DBackpropFilter`) is removed again. Kernels replaced by someone else since are left alone.
 *
 * @throws AedetectError `E_OPTION` when `backends` names a backend other than 'cpu' or 'wasm'.
 */
export function unregisterKernels(options?: KernelsOptions): void {
  const backends = checkBackends('unregisterKernels()', options)
  for (const spec of SPECS.filter((s) => backends.includes(s.backend))) {
    const key = `${spec.backend}/${spec.kernel}`
    const entry = installed.get(key)
    if (entry === undefined) continue
    if (isActive(spec)) {
      unregisterKernel(spec.kernel, spec.backend)
      if (entry.stock !== undefined) registerKernel(entry.stock)
    }
    installed.delete(key)
  }
}
