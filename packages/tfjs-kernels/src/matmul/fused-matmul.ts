// The matrix products of the fused runners (LSTM, dense): a right operand that stays fixed for many products
// (a recurrent kernel or a layer's weights during one batch) is prepared once, then multiplied by many small left operands (the state of one
// time step). On cpu the product is a small WebAssembly SIMD kernel (simd-matmul.ts), or where that
// cannot run a register-blocked JS loop over the backing arrays, same results (tfjs-cpu's own BatchMatMul is
// slower on these [32, 64] × [64, 256] shapes, and each tfjs op costs tens of µs on top);
// on wasm it is the backend's XNNPACK `BatchMatMul` kernel, called directly on heap tensors, so no tfjs
// engine bookkeeping (tape, tracking, scopes) runs per time step.
import * as tf from '@tensorflow/tfjs'
import type { TensorInfo } from '@tensorflow/tfjs'
import { callKernel, type WasmBackend } from '../_backends'
import { gemmRowsByRows } from './_gemm'
import { simdFusedMatmul } from './simd-matmul'

/** A right operand `b` of shape [k, n], ready for {@link FusedMatmul.multiply}. */
export interface PreparedMatrix {
  k: number
  n: number
}

/** Products `out[m, n] = a[m, k] · b[k, n]` over Float32Arrays, on the backend that prepared `b`. */
export interface FusedMatmul {
  /** Prepares `b` ([k, n], row-major). The caller may change `b` afterwards; the prepared copy stays. */
  prepare(b: Float32Array, k: number, n: number): PreparedMatrix
  /** Writes `a` ([m, k], row-major) times the prepared matrix into `out` ([m, n]), overwriting it. */
  multiply(a: Float32Array, m: number, b: PreparedMatrix, out: Float32Array): void
  /** Frees one prepared matrix. */
  release(b: PreparedMatrix): void
  /** Frees everything this object holds. */
  dispose(): void
}

interface JsPrepared extends PreparedMatrix {
  transposed: Float32Array
}

/** Transposes `a` ([rows, cols]) into `out` ([cols, rows]). */
export function transposeInto(a: Float32Array, rows: number, cols: number, out: Float32Array): void {
  for (let r = 0; r < rows; r++) {
    const row = r * cols
    for (let c = 0; c < cols; c++) out[c * rows + r] = a[row + c]
  }
}

/**
 * Plain JS products (float64 sums, float32 results); runs on any backend. A released operand's buffer is
 * kept and reused by the next `prepare` of the same size: the training runners prepare every layer's
 * kernel and gradient operands once per batch, and a fresh array each time (~0.4 MB per batch of the dense
 * 140-32-16-8 model at 512 rows) was pure allocation churn.
 */
export function jsFusedMatmul(): FusedMatmul {
  const free = new Map<number, Float32Array[]>()
  return {
    prepare(b, k, n) {
      const transposed = free.get(k * n)?.pop() ?? new Float32Array(k * n)
      transposeInto(b, k, n, transposed)
      const prepared: JsPrepared = { k, n, transposed }
      return prepared
    },
    multiply(a, m, b, out) {
      const p = b as JsPrepared
      gemmRowsByRows(a, p.transposed, m, p.n, p.k, out)
    },
    release(b) {
      const p = b as JsPrepared
      const list = free.get(p.transposed.length)
      if (list === undefined) free.set(p.transposed.length, [p.transposed])
      else list.push(p.transposed)
    },
    dispose() {
      free.clear()
    },
  }
}

interface WasmPrepared extends PreparedMatrix {
  tensor: tf.Tensor | undefined
}

/**
 * Products through the wasm backend's `BatchMatMul` kernel (XNNPACK). The prepared operand is a fresh
 * tensor each time: XNNPACK packs the right operand when it first sees it and caches the packing under the
 * tensor's id, so its values must never change in place. Left operands go through one reusable heap buffer
 * per shape (XNNPACK reads them on every call), made with the backend's `makeOutput`: uninitialised heap
 * memory, where `tf.zeros` would first build a zero-filled JS array of the same size (issue 7: those arrays,
 * 15 MB over the dense 512-row peers case, were most of its peak RSS above raw tfjs).
 */
export function wasmFusedMatmul(): FusedMatmul {
  const backend = tf.backend() as unknown as WasmBackend
  const lefts = new Map<string, TensorInfo>()
  const left = (m: number, k: number): TensorInfo => {
    const key = `${m}x${k}`
    let t = lefts.get(key)
    if (t === undefined) {
      t = backend.makeOutput([1, m, k], 'float32')
      lefts.set(key, t)
    }
    return t
  }
  return {
    prepare(b, k, n) {
      const prepared: WasmPrepared = { k, n, tensor: tf.tensor(b, [1, k, n], 'float32') }
      return prepared
    },
    multiply(a, m, b, out) {
      const p = b as WasmPrepared
      const at = left(m, p.k)
      // Views into the wasm heap are taken right before use: any allocation may grow (and move) the heap.
      backend.typedArrayFromHeap(at).set(a.subarray(0, m * p.k))
      const result = callKernel<WasmBackend>('BatchMatMul', 'wasm', {
        inputs: { a: at, b: p.tensor as unknown as TensorInfo },
        backend,
        attrs: { transposeA: false, transposeB: false },
      })
      out.set(backend.typedArrayFromHeap(result).subarray(0, m * p.n))
      backend.disposeData(result.dataId)
    },
    release(b) {
      const p = b as WasmPrepared
      p.tensor?.dispose()
      p.tensor = undefined
    },
    dispose() {
      for (const t of lefts.values()) backend.disposeData(t.dataId)
      lefts.clear()
    },
  }
}

/**
 * The products for the current tfjs backend: XNNPACK on 'wasm'; on 'cpu' the WebAssembly SIMD kernel of
 * simd-matmul.ts where the runtime can compile it (bit-identical results, ~3.5x the JS loops' speed on
 * the dense autoencoder's shapes); JS loops elsewhere.
 */
export function fusedMatmulForBackend(): FusedMatmul {
  const backend = tf.getBackend()
  if (backend === 'wasm') return wasmFusedMatmul()
  return (backend === 'cpu' ? simdFusedMatmul() : undefined) ?? jsFusedMatmul()
}
