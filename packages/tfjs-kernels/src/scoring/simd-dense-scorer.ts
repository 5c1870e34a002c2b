// The forward pass and reconstruction errors of a dense autoencoder in one WebAssembly memory: the float32 SIMD
// products (simd-f32-matmul.ts), the bias + activation passes (simd-dense-passes.ts) and the row errors
// (_simd-row-errors.ts) are functions of one module, and every layer's weights and activations stay in its
// memory. Through the separate kernels each layer's product and pass copied its operands in and out, and the
// errors were JS loops: copies ~12 % and sums ~15 % of fused wasm scoring (issue 22).
//
// Layout: each layer's output rows are padded to a multiple of 8 values (the product's column block), and the
// next layer's kernel gets zero rows for the padded inputs, so no layer needs a copy to repack. A padded
// value is act(0) (0.5 for a sigmoid) times a zero weight: each real sum gains only +0 terms, so the
// reconstructions have the separate kernels' bits (the sign of an exactly zero sum aside).
import { moduleBytes, compiledOnce } from '../elementwise/_simd-code'
import { biasActivation, biasSigmoid } from '../elementwise/simd-dense-passes'
import { simdF32GemmFn } from '../matmul/simd-f32-matmul'
import { rowErrorsFn } from './_simd-row-errors'

/** The activations the scorer runs (the SIMD passes'). */
export type ScorerActivation = 'relu' | 'linear' | 'sigmoid'

/** One dense layer, `y = f(x · kernel + bias)`, kernel [inputs, units] row-major. */
export interface ScorerLayer {
  inputs: number
  units: number
  activation: ScorerActivation
  kernel: Float32Array
  bias: Float32Array
}

/** The per-sample error: mean squared, mean absolute, or root mean squared difference over a sample's values. */
export type RowErrorMetric = 'mse' | 'mae' | 'rmse'

/** A dense stack's forward pass and errors in one WebAssembly memory; see {@link simdDenseScorer}. */
export interface DenseScorer {
  /** The most rows one {@link DenseScorer.forward} takes. */
  readonly maxRows: number
  /** Runs the stack over the first `rows` samples of `x` ([rows, inputs], row-major); the result stays inside. */
  forward(x: Float32Array, rows: number): void
  /**
   * The error of each sample of the last forward pass against its input, into `out[offset…]`: float64 sums, as
   * `@aedetect/metrics` computes them (four partial sums, so the last bits follow their order, not a single sum's).
   */
  errors(metric: RowErrorMetric, out: Float32Array, offset: number): void
  /** The last forward pass's outputs ([rows, units of the last layer]) into `out[offset · units…]`. */
  readOutputs(out: Float32Array, offset: number): void
  /** Hands the memory to the next scorer. */
  dispose(): void
}

interface Exports {
  memory: WebAssembly.Memory
  gemm: (a: number, b: number, out: number, mBlock: number, nBlock: number, k: number) => void
  biasAct: (z: number, bias: number, y: number, rows: number, cols4: number, relu: number) => void
  biasSigmoid: (z: number, bias: number, y: number, rows: number, cols4: number) => void
  squaredErrors: (y: number, yStride: number, x: number, out: number, rows: number, size: number, root: number) => void
  absoluteErrors: (y: number, yStride: number, x: number, out: number, rows: number, size: number, root: number) => void
}

const compiled = compiledOnce(() =>
  moduleBytes([
    ['gemm', simdF32GemmFn],
    ['biasAct', biasActivation],
    ['biasSigmoid', biasSigmoid],
    ['squaredErrors', () => rowErrorsFn('squared')],
    ['absoluteErrors', () => rowErrorsFn('absolute')],
  ]),
)

const PAGE = 65536
// Instances whose scorer was disposed, for the next scorer (one per scoring call: a fresh memory per call
// would leave each to the garbage collector). An idle memory larger than this is dropped.
const idle: Exports[] = []
const MAX_IDLE_BYTES = 64 << 20
const ROW_BLOCK = 4
const COLUMN_BLOCK = 8
const roundUp = (value: number, block: number): number => Math.ceil(value / block) * block

/**
 * The dense stack `layers` (each layer's inputs = the previous layer's units) as a {@link DenseScorer} of up to
 * `maxRows` samples a pass; `undefined` where WebAssembly SIMD cannot compile or a layer's activation is not
 * one of relu, linear and sigmoid. Products, activations and errors are those of `simdF32FusedMatmul` and
 * `simdDensePasses` (float32 sums in index order; the sigmoid within 1 ulp of tfjs's), errors float64 sums.
 * The weights are copied in: later changes to the arrays do not reach the scorer.
 */
export function simdDenseScorer(layers: ScorerLayer[], maxRows: number): DenseScorer | undefined {
  if (layers.length === 0) throw new RangeError('simdDenseScorer(): no layers.')
  if (!Number.isInteger(maxRows) || maxRows < 1) throw new RangeError(`simdDenseScorer(): maxRows must be a positive integer, got ${maxRows}.`)
  layers.forEach((l, i) => {
    const previous = i === 0 ? l.inputs : layers[i - 1].units
    if (l.inputs !== previous) throw new RangeError(`simdDenseScorer(): layer ${i} takes ${l.inputs} inputs but layer ${i - 1} has ${previous} units.`)
    if (l.kernel.length < l.inputs * l.units || l.bias.length < l.units) throw new RangeError(`simdDenseScorer(): layer ${i}'s kernel or bias is shorter than [${l.inputs}, ${l.units}].`)
  })
  if (!layers.every((l) => l.activation === 'relu' || l.activation === 'linear' || l.activation === 'sigmoid')) return undefined
  const module = compiled()
  if (module === null) return undefined
  const wasm = idle.pop() ?? (new WebAssembly.Instance(module, {}).exports as unknown as Exports)
  const inputs = layers[0].inputs
  const outputs = layers[layers.length - 1].units
  const mBlock = roundUp(maxRows, ROW_BLOCK)
  // Byte addresses, bump-allocated: per layer its padded kernel [rows, nBlock] and bias [nBlock]; then the
  // input [mBlock, inputs], two activation buffers the layers alternate between, and the errors [mBlock].
  let top = 0
  const take = (values: number): number => {
    const address = top
    top += roundUp(values, 4) * 4
    return address
  }
  const shapes = layers.map((l, i) => ({ rows: i === 0 ? l.inputs : roundUp(layers[i - 1].units, COLUMN_BLOCK), nBlock: roundUp(l.units, COLUMN_BLOCK), layer: l }))
  const placed = shapes.map((s) => ({ ...s, kernel: take(s.rows * s.nBlock), bias: take(s.nBlock) }))
  const widest = Math.max(...shapes.map((s) => s.nBlock))
  const input = take(mBlock * inputs)
  const buffers = [take(mBlock * widest), take(mBlock * widest)]
  const errors = take(mBlock)
  if (top > wasm.memory.buffer.byteLength) wasm.memory.grow(Math.ceil((top - wasm.memory.buffer.byteLength) / PAGE))
  const heap = new Float32Array(wasm.memory.buffer)
  for (const p of placed) {
    const { inputs: k, units, kernel, bias } = p.layer
    // Zero the padding: a layer's kernel and bias are one contiguous region (taken one after the other).
    heap.fill(0, p.kernel / 4, p.bias / 4 + p.nBlock)
    for (let r = 0; r < k; r++) heap.set(kernel.subarray(r * units, (r + 1) * units), p.kernel / 4 + r * p.nBlock)
    heap.set(bias.subarray(0, units), p.bias / 4)
  }
  const last = placed[placed.length - 1]
  const output = buffers[(placed.length - 1) % 2]
  let rows = 0
  let disposed = false
  const live = (): void => {
    if (disposed) throw new Error('simdDenseScorer(): the scorer was disposed.')
  }
  return {
    maxRows,
    forward(x, count) {
      live()
      if (!Number.isInteger(count) || count < 0 || count > maxRows) throw new RangeError(`DenseScorer.forward(): ${count} rows, at most ${maxRows}.`)
      if (x.length < count * inputs) throw new RangeError(`DenseScorer.forward(): ${x.length} values for ${count} rows of ${inputs}.`)
      rows = count
      if (count === 0) return
      const m = roundUp(count, ROW_BLOCK)
      heap.set(x.subarray(0, count * inputs), input / 4)
      let a = input
      placed.forEach((p, i) => {
        const out = buffers[i % 2]
        wasm.gemm(a, p.kernel, out, m, p.nBlock, p.rows)
        if (p.layer.activation === 'sigmoid') wasm.biasSigmoid(out, p.bias, out, m, p.nBlock / 4)
        else wasm.biasAct(out, p.bias, out, m, p.nBlock / 4, p.layer.activation === 'relu' ? 1 : 0)
        a = out
      })
    },
    errors(metric, out, offset) {
      live()
      if (outputs !== inputs) throw new RangeError(`DenseScorer.errors(): the stack maps ${inputs} inputs to ${outputs} outputs; errors need a reconstruction of its input.`)
      if (rows === 0) return
      const rowErrors = metric === 'mae' ? wasm.absoluteErrors : wasm.squaredErrors
      rowErrors(output, last.nBlock * 4, input, errors, rows, inputs, metric === 'rmse' ? 1 : 0)
      out.set(heap.subarray(errors / 4, errors / 4 + rows), offset)
    },
    readOutputs(out, offset) {
      live()
      const base = output / 4
      if (last.nBlock === outputs) out.set(heap.subarray(base, base + rows * outputs), offset * outputs)
      else for (let r = 0; r < rows; r++) out.set(heap.subarray(base + r * last.nBlock, base + r * last.nBlock + outputs), (offset + r) * outputs)
    },
    dispose() {
      if (disposed) return
      disposed = true
      if (wasm.memory.buffer.byteLength <= MAX_IDLE_BYTES) idle.push(wasm)
    },
  }
}
