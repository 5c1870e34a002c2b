// A FusedMatmul over a WebAssembly module that exports `memory` and `gemm(a, b, out, mBlock, nBlock, k)`:
// out[mBlock, nBlock] = a[mBlock, k] · b[k, nBlock], float32 row-major, byte addresses, with mBlock and
// nBlock padded to the kernel's block (rows × columns). The operands are copied into the module's memory;
// a prepared right operand stays there, padded with zero columns, until released.
import type { FusedMatmul, PreparedMatrix } from './fused-matmul'

/** What a gemm module needs: how to compile it and its register block. */
export interface WasmGemmKernel {
  /** The module's bytes (compiled once per process). */
  bytes: () => Uint8Array<ArrayBuffer>
  /** Rows of a block: the left operand and output rows are padded to a multiple of it. */
  rows: number
  /** Columns of a block: the right operand and output columns are padded to a multiple of it. */
  columns: number
}

interface Compiled {
  module: WebAssembly.Module | null
  // Instances whose FusedMatmul was disposed, kept for the next one: each scoring call makes one, and a fresh
  // instance per call left its memory (1-10 MB at the default batches) to the garbage collector, +20 MB peak
  // RSS over the peers' scoring case. One in use at a time in practice; several when calls overlap.
  idle: GemmInstance[]
}

interface GemmInstance {
  memory: WebAssembly.Memory
  gemm: (a: number, b: number, out: number, mBlock: number, nBlock: number, k: number) => void
}

interface WasmPrepared extends PreparedMatrix {
  /** Byte address of b [k, nBlock] in the instance's memory (columns n … nBlock − 1 are zeros). */
  address: number
  nBlock: number
}

const PAGE = 65536
// An idle instance larger than this is dropped rather than kept.
const MAX_IDLE_BYTES = 64 << 20
// Compiled once per kernel and process on first use; module `null` once compiling failed (no SIMD, or
// WebAssembly blocked by a CSP without 'wasm-unsafe-eval').
const compiledKernels = new Map<WasmGemmKernel, Compiled>()

function compile(kernel: WasmGemmKernel): Compiled {
  let c = compiledKernels.get(kernel)
  if (c === undefined) {
    let module: WebAssembly.Module | null = null
    try {
      const bytes = kernel.bytes()
      module = typeof WebAssembly === 'object' && WebAssembly.validate(bytes) ? new WebAssembly.Module(bytes) : null
    } catch {
      module = null
    }
    c = { module, idle: [] }
    compiledKernels.set(kernel, c)
  }
  return c
}

function instantiate(module: WebAssembly.Module): GemmInstance {
  const exports = new WebAssembly.Instance(module, {}).exports
  return { memory: exports.memory as WebAssembly.Memory, gemm: exports.gemm as GemmInstance['gemm'] }
}

const roundUp = (value: number, block: number): number => Math.ceil(value / block) * block

/**
 * Products through `kernel`; `undefined` where its module cannot compile. Each object has a WebAssembly memory
 * to itself until disposed: prepared operands live there until released, and a released operand's space is
 * reused by the next `prepare` of the same size (the training runners prepare the same shapes every batch),
 * so the memory stops growing after the first batch. `dispose` hands the memory to the next object.
 */
export function wasmGemmMatmul(kernel: WasmGemmKernel): FusedMatmul | undefined {
  const compiled = compile(kernel)
  const module = compiled.module
  if (module === null) return undefined
  const instance = compiled.idle.pop() ?? instantiate(module)
  const { memory, gemm } = instance
  let disposed = false
  let top = 0
  const free = new Map<number, number[]>()
  // The left operand and the output of the latest product: reused while large enough.
  let scratch = { a: 0, out: 0, aBytes: 0, outBytes: 0 }
  const allocate = (bytes: number): number => {
    const address = top
    top += roundUp(bytes, 16)
    if (top > memory.buffer.byteLength) memory.grow(Math.ceil((top - memory.buffer.byteLength) / PAGE))
    return address
  }
  // A view of the memory, made again after the memory grew (growing detaches earlier views).
  let view = new Float32Array(memory.buffer)
  const heap = (): Float32Array => (view.buffer === memory.buffer ? view : (view = new Float32Array(memory.buffer)))
  return {
    prepare(b, k, n) {
      const nBlock = roundUp(n, kernel.columns)
      const bytes = k * nBlock * 4
      const address = free.get(bytes)?.pop() ?? allocate(bytes)
      const target = heap()
      const base = address / 4
      if (nBlock === n) target.set(b.subarray(0, k * n), base)
      for (let i = 0; nBlock !== n && i < k; i++) {
        target.set(b.subarray(i * n, (i + 1) * n), base + i * nBlock)
        target.fill(0, base + i * nBlock + n, base + (i + 1) * nBlock)
      }
      const prepared: WasmPrepared = { k, n, nBlock, address }
      return prepared
    },
    multiply(a, m, b, out) {
      const p = b as WasmPrepared
      // The kernel's loops run at least once: empty shapes never reach it.
      if (m === 0 || p.n === 0) return
      if (p.k === 0) {
        out.fill(0, 0, m * p.n)
        return
      }
      const mBlock = roundUp(m, kernel.rows)
      // Rows m … mBlock − 1 of the left operand hold stale values: their outputs are computed and never read.
      if (scratch.aBytes < mBlock * p.k * 4 || scratch.outBytes < mBlock * p.nBlock * 4) {
        const aBytes = Math.max(scratch.aBytes, mBlock * p.k * 4)
        const outBytes = Math.max(scratch.outBytes, mBlock * p.nBlock * 4)
        scratch = { a: allocate(aBytes), out: allocate(outBytes), aBytes, outBytes }
      }
      heap().set(a.subarray(0, m * p.k), scratch.a / 4)
      gemm(scratch.a, p.address, scratch.out, mBlock, p.nBlock, p.k)
      const result = heap()
      const base = scratch.out / 4
      if (p.nBlock === p.n) out.set(result.subarray(base, base + m * p.n))
      for (let r = 0; p.nBlock !== p.n && r < m; r++) out.set(result.subarray(base + r * p.nBlock, base + r * p.nBlock + p.n), r * p.n)
    },
    release(b) {
      const p = b as WasmPrepared
      const bytes = p.k * p.nBlock * 4
      const list = free.get(bytes)
      if (list === undefined) free.set(bytes, [p.address])
      else list.push(p.address)
    },
    dispose() {
      if (disposed) return
      disposed = true
      if (memory.buffer.byteLength <= MAX_IDLE_BYTES) compiled.idle.push(instance)
    },
  }
}
