// The forward pass of a plain dense stack over Float32Arrays: per layer one product (x · kernel, through
// the fused LSTM's products: XNNPACK on wasm, the blocked JS gemm elsewhere) and one JS pass for bias and
// activation, keeping the pre-activations and outputs the backward pass needs. No tfjs op per layer: the
// dense autoencoder is so small (~63 kFLOP per sample for 140-32-16-8-16-32-140) that tfjs's per-op
// overhead, not arithmetic, bounded model.fit (issue 7).
import { activate } from './dense-activations'
import { applyDropout } from './dense-fused-dropout'
import type { DenseLayerShape, DenseLayerWeights } from './dense-fused-parameters'
import { transposeInto, type FusedMatmul, type PreparedMatrix } from '@aedetect/tfjs-kernels'
import type { VectorSigmoid } from '@aedetect/tfjs-kernels'

/** The activations of one batch: per layer the pre-activation `z` and the output `y`, [batch, units]. */
export interface DenseTrace {
  batch: number
  z: Float32Array[]
  y: Float32Array[]
}

/**
 * The dropout of one training batch: per layer the mask of kept outputs (1) and the outputs after dropout,
 * the next layer's input; `undefined` for a layer without dropout. The trace's `y` keeps the outputs before
 * dropout (the activation gradient needs them).
 */
export interface DenseDropout {
  masks: (Float32Array | undefined)[]
  dropped: (Float32Array | undefined)[]
  /** Per layer with dropout, the array its masks are drawn into (one per batch size, reused every batch). */
  maskBuffers: (Float32Array | undefined)[]
}

/** Allocates the dropped outputs of a batch of `batch` samples (masks are set per batch by the runner). */
export function createDenseDropout(layers: DenseLayerShape[], batch: number): DenseDropout {
  const perLayer = (): (Float32Array | undefined)[] => layers.map((l) => (l.dropout ? new Float32Array(batch * l.units) : undefined))
  return { masks: layers.map(() => undefined), dropped: perLayer(), maskBuffers: perLayer() }
}

/** The right operands of one batch's products, prepared from the current weights. */
export interface PreparedDense {
  /** kernel [inputs, units] per layer. */
  kernels: PreparedMatrix[]
  /** kernelᵀ [units, inputs] per layer but the first (whose input gradient is not needed); empty for a forward-only pass. */
  transposed: (PreparedMatrix | undefined)[]
}

/** Allocates the activations of a batch of `batch` samples. */
export function createDenseTrace(layers: DenseLayerShape[], batch: number): DenseTrace {
  return { batch, z: layers.map((l) => new Float32Array(batch * l.units)), y: layers.map((l) => new Float32Array(batch * l.units)) }
}

/** Options of {@link prepareDense}. */
export interface PrepareDenseOptions {
  /** Also prepare the transposed kernels of the backward pass. */
  backward: boolean
  /**
   * Where the kernels are transposed before they are prepared, at least the largest inputs × units values;
   * made per call when absent. The training runner passes one buffer for every batch (no allocation per batch).
   */
  scratch?: Float32Array
}

/** The values of the largest kernel of `layers`: the size of {@link PrepareDenseOptions.scratch}. */
export function largestKernel(layers: DenseLayerShape[]): number {
  let largest = 0
  for (const l of layers) largest = Math.max(largest, l.inputs * l.units)
  return largest
}

/**
 * Prepares the products of one batch (again after every weight update; release the old ones with
 * {@link releaseDense}). `options.backward` also prepares the transposed kernels of the backward pass.
 */
export function prepareDense(mm: FusedMatmul, layers: DenseLayerShape[], weights: DenseLayerWeights[], options: PrepareDenseOptions): PreparedDense {
  const kernels = layers.map((l, i) => mm.prepare(weights[i].kernel, l.inputs, l.units))
  const transposed: (PreparedMatrix | undefined)[] = []
  if (options.backward) {
    transposed.push(undefined)
    const scratch = options.scratch ?? new Float32Array(largestKernel(layers))
    for (let i = 1; i < layers.length; i++) {
      const l = layers[i]
      transposeInto(weights[i].kernel, l.inputs, l.units, scratch)
      // prepare() copies its operand, so one scratch serves every layer.
      transposed.push(mm.prepare(scratch.subarray(0, l.inputs * l.units), l.units, l.inputs))
    }
  }
  return { kernels, transposed }
}

/** Frees what {@link prepareDense} made. */
export function releaseDense(mm: FusedMatmul, prepared: PreparedDense): void {
  for (const m of prepared.kernels) mm.release(m)
  for (const m of prepared.transposed) if (m !== undefined) mm.release(m)
}

/**
 * The forward pass of `trace.batch` samples `x` ([batch, inputs of the first layer]) into `trace`; the last
 * layer's `y` is the reconstruction. Sigmoid layers use `sigmoid` when given (the wasm backend's kernel),
 * a JS loop otherwise. `dropout` (training only) drops the masked outputs of the layers that have one.
 */
export function denseForward(x: Float32Array, layers: DenseLayerShape[], weights: DenseLayerWeights[], prepared: PreparedDense, mm: FusedMatmul, trace: DenseTrace, sigmoid?: VectorSigmoid, dropout?: DenseDropout): void {
  const batch = trace.batch
  let input = x
  layers.forEach((l, i) => {
    const z = trace.z[i]
    mm.multiply(input, batch, prepared.kernels[i], z)
    if (l.activation === 'sigmoid' && sigmoid !== undefined) {
      activate('linear', z, weights[i].bias, trace.y[i], batch, l.units)
      sigmoid.apply(trace.y[i], batch * l.units)
    } else {
      activate(l.activation, z, weights[i].bias, trace.y[i], batch, l.units)
    }
    input = trace.y[i]
    const mask = dropout?.masks[i]
    const dropped = dropout?.dropped[i]
    if (mask !== undefined && dropped !== undefined && l.dropout) {
      applyDropout(trace.y[i], mask, l.dropout, dropped, batch * l.units)
      input = dropped
    }
  })
}
