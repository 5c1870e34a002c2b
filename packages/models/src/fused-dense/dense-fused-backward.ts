// The backward pass of a plain dense stack from the activations kept by denseForward, per layer from the
// last: dz = dy · f′ in JS, then the kernel gradient xᵀ · dz and, but for the first layer, the input gradient
// dz · kernelᵀ (two products). The products take untransposed operands (a transposed one is slow on wasm), so
// the kernel gradient transposes the narrower of x and dz first; the bias gradient (the column sums of dz)
// comes from whichever form of dz that left: row sums of dzᵀ, or the product 1ᵀ · dz. Summing the columns of
// dz in place (a strided read per value) was half the cost of the JS gradient pass.
import { activationGradient } from './dense-activations'
import type { DenseLayerShape, DenseLayerWeights } from './dense-fused-parameters'
import { dropoutGradient } from './dense-fused-dropout'
import type { DenseDropout, DenseTrace, PreparedDense } from './dense-fused-forward'
import { transposeInto, type FusedMatmul } from '@aedetect/tfjs-kernels'

/** Scratch buffers of the backward pass for one batch size. */
export interface DenseBackwardScratch {
  batch: number
  /** ∂loss/∂z per layer [batch, units]. */
  dz: Float32Array[]
  /** ∂loss/∂y per layer [batch, units] (the last layer's comes from the loss). */
  dy: Float32Array[]
  /** The narrower of a layer's input and dz, transposed ([min(inputs, units), batch]), for the kernel gradient. */
  narrowT: Float32Array
  /** A kernel gradient computed transposed [units, inputs], before it is transposed back. */
  kernelT: Float32Array
  /** [batch] ones, the left operand of the bias gradient as a product. */
  ones: Float32Array
}

/** Allocates the backward scratch of a batch of `batch` samples. */
export function createDenseBackwardScratch(layers: DenseLayerShape[], batch: number): DenseBackwardScratch {
  return {
    batch,
    dz: layers.map((l) => new Float32Array(batch * l.units)),
    dy: layers.map((l, i) => new Float32Array(i === layers.length - 1 ? 0 : batch * l.units)),
    narrowT: new Float32Array(Math.max(...layers.map((l) => Math.min(l.inputs, l.units))) * batch),
    kernelT: new Float32Array(Math.max(...layers.map((l) => l.inputs * l.units))),
    ones: new Float32Array(batch).fill(1),
  }
}

/** Zero gradients, one pair per layer, same layout as the weights. */
export function createDenseGradients(layers: DenseLayerShape[]): DenseLayerWeights[] {
  return layers.map((l) => ({ kernel: new Float32Array(l.inputs * l.units), bias: new Float32Array(l.units) }))
}

/**
 * Writes the gradients of the loss into `grads` (overwriting them), given the batch input `x`, the loss
 * gradient `dOutput` ([batch, units of the last layer]) and the `trace` of {@link denseForward} on `x`.
 * `prepared` must hold the transposed kernels (`prepareDense(…, { backward: true })`); `dropout` the masks
 * of the forward pass, when it had any.
 */
export function denseBackward(x: Float32Array, dOutput: Float32Array, layers: DenseLayerShape[], prepared: PreparedDense, mm: FusedMatmul, trace: DenseTrace, scratch: DenseBackwardScratch, grads: DenseLayerWeights[], dropout?: DenseDropout): void {
  const batch = trace.batch
  for (let i = layers.length - 1; i >= 0; i--) {
    const { inputs, units, activation } = layers[i]
    const dy = i === layers.length - 1 ? dOutput : scratch.dy[i]
    const dz = scratch.dz[i]
    activationGradient(activation, dy, trace.z[i], trace.y[i], dz, batch * units)
    const bias = grads[i].bias
    // A layer's input is the previous layer's output after its dropout, when it had one.
    const previousMask = i === 0 ? undefined : dropout?.masks[i - 1]
    const dropped = previousMask === undefined ? undefined : dropout?.dropped[i - 1]
    const input = i === 0 ? x : (dropped ?? trace.y[i - 1])
    if (inputs <= units) {
      // dW = xᵀ · dz.
      const inputT = scratch.narrowT.subarray(0, inputs * batch)
      transposeInto(input, batch, inputs, inputT)
      const right = mm.prepare(dz, batch, units)
      try {
        mm.multiply(inputT, inputs, right, grads[i].kernel)
        mm.multiply(scratch.ones, 1, right, bias)
      } finally {
        mm.release(right)
      }
    } else {
      // dWᵀ = dzᵀ · x, then back to [inputs, units] (the kernel is small next to the activations).
      const dzT = scratch.narrowT.subarray(0, units * batch)
      transposeInto(dz, batch, units, dzT)
      for (let j = 0; j < units; j++) {
        let sum = 0
        const row = j * batch
        for (let r = 0; r < batch; r++) sum += dzT[row + r]
        bias[j] = sum
      }
      const right = mm.prepare(input.subarray(0, batch * inputs), batch, inputs)
      try {
        mm.multiply(dzT, units, right, scratch.kernelT)
      } finally {
        mm.release(right)
      }
      transposeInto(scratch.kernelT, units, inputs, grads[i].kernel)
    }
    const kernelT = prepared.transposed[i]
    if (i > 0 && kernelT !== undefined) {
      mm.multiply(dz, batch, kernelT, scratch.dy[i - 1])
      // That is the gradient of the dropped outputs; through the dropout to the layer's own outputs.
      const rate = layers[i - 1].dropout
      if (previousMask !== undefined && rate) dropoutGradient(scratch.dy[i - 1], previousMask, rate, batch * layers[i - 1].units)
    }
  }
}
