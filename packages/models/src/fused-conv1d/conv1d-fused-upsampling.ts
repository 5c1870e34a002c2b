// A nearest upsampling by f followed by a stride-1 convolution (the peers' conv1d decoder) is one transposed
// convolution with stride f: with u[t] = x[⌊t / f⌋] and y[t] = Σ_j W[j] · u[t + j − p],
//   y[t] = Σ_s x[s] · K[t − f·s + p′],  K[j′] = Σ_{q < f} W[k − 1 − j′ + q],  p′ = k − 1 − p,  k + f − 1 taps,
// so each output multiplies ⌈(k + f − 1) / f⌉ inputs instead of k repeated ones (4 instead of 7 for k 7, f 2), in
// every pass, and the upsampling passes go. The trainer keeps the convolution's weights (the model's variables):
// K is derived from W before each batch and the gradient folded back, dW[j] = Σ_{q < f} dK[k − 1 − j + q].
import type { ConvOp, UpsampleOp } from './conv1d-fused-parameters'

/** The transposed convolution an upsampling + convolution pair runs as, and its kernel conversions. */
export interface FoldedUpsampling {
  op: ConvOp
  /** K [k + f − 1, cout, cin] (a transposed kernel's layout) from the convolution's W [k, cin, cout]; the returned array is reused. */
  kernelOf(convKernel: Float32Array): Float32Array
  /** Where the trainer writes ∂loss/∂K. */
  gradient: Float32Array
  /** ∂loss/∂W [k, cin, cout] from `gradient` into `convGradient`. */
  foldGradient(convGradient: Float32Array): void
}

/** The fold of `up` into `conv`, or undefined when `conv` is not a stride-1 convolution it applies to. */
export function foldedUpsampling(up: UpsampleOp, conv: ConvOp): FoldedUpsampling | undefined {
  if (conv.kind !== 'conv' || conv.stride !== 1 || conv.padLeft > conv.k - 1 || conv.lin !== up.lout) return undefined
  const { k, cin, cout } = conv
  const f = up.factor
  const taps = k + f - 1
  const op: ConvOp = { ...conv, kind: 'convT', k: taps, stride: f, padLeft: k - 1 - conv.padLeft, lin: up.lin }
  const kernel = new Float32Array(taps * cout * cin)
  const gradient = new Float32Array(taps * cout * cin)
  return {
    op,
    gradient,
    kernelOf(w) {
      for (let t = 0; t < taps; t++) {
        for (let co = 0; co < cout; co++) {
          for (let ci = 0; ci < cin; ci++) {
            let sum = 0
            for (let q = 0; q < f; q++) {
              const j = k - 1 - t + q
              if (j >= 0 && j < k) sum = Math.fround(sum + w[(j * cin + ci) * cout + co])
            }
            kernel[(t * cout + co) * cin + ci] = sum
          }
        }
      }
      return kernel
    },
    foldGradient(dW) {
      for (let j = 0; j < k; j++) {
        for (let ci = 0; ci < cin; ci++) {
          for (let co = 0; co < cout; co++) {
            let sum = 0
            for (let q = 0; q < f; q++) sum = Math.fround(sum + gradient[((k - 1 - j + q) * cout + co) * cin + ci])
            dW[(j * cin + ci) * cout + co] = sum
          }
        }
      }
    },
  }
}
