// The activations of the fused dense runner and their derivatives, with tfjs 4.22's formulas: the forward
// as tfjs-cpu's kernels compute it, the derivative as tfjs-core's gradient does (relu and selu from the
// pre-activation, sigmoid, tanh and elu from the output, swish through the product rule of
// tf.layers' `sigmoid(x) · x`).
import { simdDensePasses, type DensePasses } from '@aedetect/tfjs-kernels'

/** The activations the fused dense runner supports: every hidden and output activation of the dense config. */
export type DenseActivation = 'relu' | 'elu' | 'selu' | 'tanh' | 'sigmoid' | 'linear' | 'swish'

/** Whether `name` (a tf.layers activation's serialised name) is a {@link DenseActivation}. */
export function isDenseActivation(name: unknown): name is DenseActivation {
  return name === 'relu' || name === 'elu' || name === 'selu' || name === 'tanh' || name === 'sigmoid' || name === 'linear' || name === 'swish'
}

// The logistic sigmoid without Math.exp, which V8 runs as a call of ~15-20 ns: the sigmoid output layer was
// ~25 % of fused cpu scoring of the 140-32-16-8-16-32-140 model (issue 7); this runs the pass ~2.4x faster.
// e^t = 2^(k/32) · e^r with k = round(32 t / ln 2), |r| ≤ ln 2 / 64; e^r by its Taylor polynomial of degree 4
// (truncation ≤ r^5/5! ≈ 1.2e-12 relative), 2^(k/32) as a product of two table entries. After rounding to
// float32 the sigmoid equals tfjs's 1 / (1 + Math.exp(−v)) but where that sits within ~1e-12 of a rounding
// boundary (1 value in 2 M over [−120, 120], 1 ulp apart; dense-activations.test.ts). t is clamped to ±110:
// beyond it the float32 sigmoid is exactly 0 or 1 either way.
const SIGMOID_CLAMP = 110
// k + K_OFFSET ≥ 0 for |t| ≤ 110 (|k| ≤ 5,079), so its top bits index POW2 and its low 5 bits FRACTION.
const K_OFFSET = 5120
// 2^(i − 160), i = 0 … 320, and 2^(i / 32), i = 0 … 31.
const POW2 = Float64Array.from({ length: 321 }, (_, i) => 2 ** (i - 160))
const FRACTION = Float64Array.from({ length: 32 }, (_, i) => 2 ** (i / 32))
// fdlibm's split of ln 2 (divided by 32, exact): k · LN2_HI is exact for |k| < 2^20, so r keeps full precision.
const LN2_HI = 6.93147180369123816490e-1 / 32
const LN2_LO = 1.90821492927058770002e-10 / 32

/** 1 / (1 + e^(−v)) to ~1e-12 relative, for any finite v. */
function sigmoid(v: number): number {
  const t = v > SIGMOID_CLAMP ? -SIGMOID_CLAMP : v < -SIGMOID_CLAMP ? SIGMOID_CLAMP : -v
  // Math.floor(x + 0.5) measured faster here than Math.round or a `| 0` truncation.
  const k = Math.floor(t * (32 * Math.LOG2E) + 0.5)
  const r = t - k * LN2_HI - k * LN2_LO
  const i = k + K_OFFSET
  const p = 1 + r + r * r * (1 / 2 + r * (1 / 6 + r * (1 / 24)))
  return 1 / (1 + p * FRACTION[i & 31] * POW2[i >> 5])
}

// @aedetect/tfjs-kernels' SIMD passes (bias + relu, the relu gradient: ~3 ns a value in these JS loops, a third of
// the ECG5000 main job's fit), looked up on first use; `undefined` where WebAssembly SIMD cannot compile.
let passes: DensePasses | undefined | null = null
export function densePasses(): DensePasses | undefined {
  if (passes === null) passes = simdDensePasses()
  return passes
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
  // The SIMD passes (rows of a multiple of 4 values): relu and linear give the loops' bits; sigmoid has its own
  // float32 exp, within 1 ulp of tfjs's formula (the JS polynomial below differs from it in 1 value in 2 M).
  if ((name === 'relu' || name === 'linear' || name === 'sigmoid') && cols % 4 === 0) {
    const passes = densePasses()
    if (passes !== undefined) {
      if (name === 'sigmoid') return passes.biasSigmoid(z, bias, y, rows, cols)
      return passes.biasActivation(z, bias, y, rows, cols, name === 'relu')
    }
  }
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
          y[o + j] = sigmoid(v)
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
          y[o + j] = Math.fround(sigmoid(v)) * v
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
    case 'relu': {
      const passes = densePasses()
      if (passes !== undefined) return passes.reluGradient(dy, y, dz, n)
      // y > 0 exactly where z > 0 (tfjs: dy · step(z)); +(…) keeps it branch-free.
      for (let i = 0; i < n; i++) dz[i] = dy[i] * +(y[i] > 0)
      break
    }
    case 'sigmoid': {
      const passes = densePasses()
      if (passes !== undefined) return passes.sigmoidGradient(dy, y, dz, n)
      for (let i = 0; i < n; i++) dz[i] = dy[i] * y[i] * (1 - y[i])
      break
    }
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

/**
 * f(z) for one value, as {@link activate} computes it (the runners whose values are not rows of a plain matrix,
 * e.g. the fused conv1d runner's padded sequences, apply activations value by value).
 */
export function activationValue(name: DenseActivation, z: number): number {
  switch (name) {
    case 'linear':
      return z
    case 'relu':
      return (z + Math.abs(z)) * 0.5
    case 'sigmoid':
      return sigmoid(z)
    case 'tanh':
      return Math.tanh(z)
    case 'elu':
      return z >= 0 ? z : Math.exp(z) - 1
    case 'selu':
      return z >= 0 ? SELU_SCALE * z : SELU_SCALE_ALPHA * (Math.exp(z) - 1)
    case 'swish':
      return Math.fround(sigmoid(z)) * z
  }
}

/** f′ at the pre-activation `z` whose float32 output is `y`, with the formulas of {@link activationGradient}. */
export function activationSlope(name: DenseActivation, z: number, y: number): number {
  switch (name) {
    case 'linear':
      return 1
    case 'relu':
      return +(y > 0)
    case 'sigmoid':
      return y * (1 - y)
    case 'tanh':
      return 1 - y * y
    case 'elu':
      return y >= 0 ? 1 : y + 1
    case 'selu':
      return z > 0 ? SELU_SCALE : SELU_SCALE_ALPHA * Math.exp(z)
    case 'swish': {
      const s = 1 / (1 + Math.exp(-z))
      return s + z * s * (1 - s)
    }
  }
}
