// The activations of the fused dense runner and their derivatives, with tfjs 4.22's formulas: the forward
// as tfjs-cpu's kernels compute it, the derivative as tfjs-core's gradient does (relu and selu from the
// pre-activation, sigmoid, tanh and elu from the output, swish through the product rule of
// tf.layers' `sigmoid(x) · x`).

/** The activations the fused dense runner supports: every hidden and output activation of the dense config. */
export type DenseActivation = 'relu' | 'elu' | 'selu' | 'tanh' | 'sigmoid' | 'linear' | 'swish'

/** Whether `name` (a tf.layers activation's serialised name) is a {@link DenseActivation}. */
export function isDenseActivation(name: unknown): name is DenseActivation {
  return name === 'relu' || name === 'elu' || name === 'selu' || name === 'tanh' || name === 'sigmoid' || name === 'linear' || name === 'swish'
}

// tfjs-core's selu_util constants.
const SELU_SCALE = 1.0507009873554804934193349852946
const SELU_SCALE_ALPHA = 1.7580993408473768599402175208123

/**
 * Adds `bias` ([cols]) to every row of `z` ([rows, cols], in place) and writes f(z) into `y`, one pass; f
 * sees z + bias rounded to float32, as stored (and as tfjs stores the sum before its activation op).
 * Branch-free where it is exact (relu as (v + |v|) / 2): the signs of pre-activations are random, and a
 * mispredicted branch per value made the pass 4× slower.
 */
export function activate(name: DenseActivation, z: Float32Array, bias: Float32Array, y: Float32Array, rows: number, cols: number): void {
  for (let r = 0; r < rows; r++) {
    const o = r * cols
    switch (name) {
      case 'linear':
        for (let j = 0; j < cols; j++) y[o + j] = z[o + j] = Math.fround(z[o + j] + bias[j])
        break
      case 'relu':
        for (let j = 0; j < cols; j++) {
          const v = (z[o + j] = Math.fround(z[o + j] + bias[j]))
          y[o + j] = (v + Math.abs(v)) * 0.5
        }
        break
      case 'sigmoid':
        for (let j = 0; j < cols; j++) {
          const v = (z[o + j] = Math.fround(z[o + j] + bias[j]))
          y[o + j] = 1 / (1 + Math.exp(-v))
        }
        break
      case 'tanh':
        for (let j = 0; j < cols; j++) y[o + j] = Math.tanh((z[o + j] = Math.fround(z[o + j] + bias[j])))
        break
      case 'elu':
        for (let j = 0; j < cols; j++) {
          const v = (z[o + j] = Math.fround(z[o + j] + bias[j]))
          y[o + j] = v >= 0 ? v : Math.exp(v) - 1
        }
        break
      case 'selu':
        for (let j = 0; j < cols; j++) {
          const v = (z[o + j] = Math.fround(z[o + j] + bias[j]))
          y[o + j] = v >= 0 ? SELU_SCALE * v : SELU_SCALE_ALPHA * (Math.exp(v) - 1)
        }
        break
      case 'swish':
        for (let j = 0; j < cols; j++) {
          const v = (z[o + j] = Math.fround(z[o + j] + bias[j]))
          y[o + j] = Math.fround(1 / (1 + Math.exp(-v))) * v
        }
        break
    }
  }
}

/** Writes ∂loss/∂z = dy · f′ into the first `n` values of `dz` from the pre-activation `z` and the output `y` of {@link activate}. */
export function activationGradient(name: DenseActivation, dy: Float32Array, z: Float32Array, y: Float32Array, dz: Float32Array, n: number): void {
  switch (name) {
    case 'linear':
      dz.set(dy.subarray(0, n))
      break
    case 'relu':
      // y > 0 exactly where z > 0 (tfjs: dy · step(z)); +(…) keeps it branch-free.
      for (let i = 0; i < n; i++) dz[i] = dy[i] * +(y[i] > 0)
      break
    case 'sigmoid':
      for (let i = 0; i < n; i++) dz[i] = dy[i] * y[i] * (1 - y[i])
      break
    case 'tanh':
      for (let i = 0; i < n; i++) dz[i] = (1 - y[i] * y[i]) * dy[i]
      break
    case 'elu':
      for (let i = 0; i < n; i++) dz[i] = y[i] >= 0 ? dy[i] : dy[i] * (y[i] + 1)
      break
    case 'selu':
      for (let i = 0; i < n; i++) dz[i] = z[i] > 0 ? dy[i] * SELU_SCALE : dy[i] * SELU_SCALE_ALPHA * Math.exp(z[i])
      break
    case 'swish':
      for (let i = 0; i < n; i++) {
        const s = 1 / (1 + Math.exp(-z[i]))
        dz[i] = dy[i] * s + dy[i] * z[i] * s * (1 - s)
      }
      break
  }
}
