// A window autoencoder's forward pass for one window in plain typed-array loops (issue 19, live scoring): one
// tfjs model call costs ~1 ms on wasm for a single [16, 38] window, almost all of it op dispatch, while the
// arithmetic is ~125 k multiply-adds. Every layer of the chain (_layer-chain.ts) is a dot product over
// contiguous rows (weights transposed so the reduced axis is the fastest), accumulated in float64 and stored in
// float32 between layers as tfjs stores them. The WebAssembly pass (_simd-forward-pass.ts) is faster; this one
// runs where WebAssembly SIMD cannot.
import type { LayersModel } from '@tensorflow/tfjs'
import { ACTIVATIONS, readLayerChain, type LayerChain, type LayerSpec } from './_layer-chain'
import { simdForwardPass } from './_simd-forward-pass'

/** A compiled forward pass of one window `[steps, channels]` → its reconstruction, same shape. */
export interface ForwardPass {
  /** Values per window (`steps × channels`). */
  size: number
  /** 'simd': the WebAssembly SIMD kernel; 'js': plain JS loops. */
  kernel: 'simd' | 'js'
  /**
   * Writes the reconstruction of `window` into `out` (both `size` long). `start`: the stream index of the
   * window's first point, when the windows come from one stream whose values at an index never change (points
   * prepared once): the SIMD pass then reuses first-layer rows between windows. Omitted: nothing is reused.
   */
  run(window: Float32Array, out: Float32Array, start?: number): void
}

type Step = (input: Float32Array, output: Float32Array) => void

/**
 * Compiles `model` into a forward pass, or returns null when `readLayerChain` does not cover it. `kernel`:
 * 'auto' (default) takes the WebAssembly SIMD pass where it runs, else the JS one; 'js' or 'simd' forces one
 * (null when 'simd' cannot run).
 */
export function compileForwardPass(model: LayersModel, kernel: 'auto' | 'simd' | 'js' = 'auto'): ForwardPass | null {
  const chain = readLayerChain(model)
  if (chain === null) return null
  const simd = kernel === 'js' ? null : simdForwardPass(chain)
  return simd ?? (kernel === 'simd' ? null : jsForwardPass(chain))
}

/** The plain-JS forward pass of a layer chain. */
export function jsForwardPass(chain: LayerChain): ForwardPass {
  const steps = chain.layers.map(stepOf)
  const buffers = chain.layers.map((l) => new Float32Array(l.outLength * l.outWidth))
  return {
    size: chain.steps * chain.channels,
    kernel: 'js',
    run(window, out) {
      let input = window
      for (let i = 0; i < steps.length; i++) {
        const target = i === steps.length - 1 ? out : buffers[i]
        steps[i](input, target)
        input = target
      }
      if (steps.length === 0) out.set(window)
    },
  }
}

function stepOf(spec: LayerSpec): Step {
  switch (spec.kind) {
    case 'reshape':
      return (input, output) => output.set(input)
    case 'upsample': {
      const { outLength, inWidth: width, factor } = spec
      return (input, output) => {
        for (let o = 0; o < outLength; o++) output.set(input.subarray(Math.floor(o / factor) * width, (Math.floor(o / factor) + 1) * width), o * width)
      }
    }
    case 'crop': {
      const { top, outLength, inWidth: width } = spec
      return (input, output) => output.set(input.subarray(top * width, (top + outLength) * width))
    }
    case 'dense': {
      const act = ACTIVATIONS[spec.activation]
      const values = spec.inLength * spec.inWidth
      const units = spec.outWidth
      const wt = new Float32Array(units * values) // [in, out] → [out][in]
      for (let p = 0; p < values; p++) for (let q = 0; q < units; q++) wt[q * values + p] = spec.kernel[p * units + q]
      const bias = spec.bias
      return (input, output) => {
        for (let q = 0; q < units; q++) output[q] = act(bias[q] + dot(input, 0, wt, q * values, values))
      }
    }
    case 'conv':
      return spec.transposed ? transposedStep(spec) : convStep(spec)
  }
}

function convStep(spec: Extract<LayerSpec, { kind: 'conv' }>): Step {
  const { k, stride: s, pad, inLength: length, inWidth: width, outLength, outWidth: filters, kernel, bias } = spec
  const act = ACTIVATIONS[spec.activation]
  // Kernel [k, cin, cout] → [cout][k·cin]: the taps over a contiguous run of input rows are one dot product.
  const span = k * width
  const wt = new Float32Array(filters * span)
  for (let t = 0; t < k; t++) for (let p = 0; p < width; p++) for (let q = 0; q < filters; q++) wt[q * span + t * width + p] = kernel[(t * width + p) * filters + q]
  return (input, output) => {
    for (let o = 0; o < outLength; o++) {
      const first = o * s - pad
      const t0 = first < 0 ? -first : 0
      const t1 = Math.min(k, length - first)
      const xb = (first + t0) * width
      const n = (t1 - t0) * width
      for (let q = 0; q < filters; q++) output[o * filters + q] = act(bias[q] + dot(input, xb, wt, q * span + t0 * width, n))
    }
  }
}

// Kernel [k, 1, cout, cin]: row (t, p) is contiguous over cin. Output row o gathers input rows i with o = i·s + t − pad.
function transposedStep(spec: Extract<LayerSpec, { kind: 'conv' }>): Step {
  const { k, stride: s, pad, inLength: length, inWidth: width, outLength, outWidth: filters, kernel, bias } = spec
  const act = ACTIVATIONS[spec.activation]
  return (input, output) => {
    for (let o = 0; o < outLength; o++) {
      for (let p = 0; p < filters; p++) {
        let acc = bias[p]
        for (let t = 0; t < k; t++) {
          const shifted = o + pad - t
          if (shifted < 0 || shifted % s !== 0) continue
          const i = shifted / s
          if (i >= length) continue
          acc += dot(input, i * width, kernel, (t * filters + p) * width, width)
        }
        output[o * filters + p] = act(acc)
      }
    }
  }
}

// Four float64 partial sums: independent chains let the loop issue more than one multiply-add per cycle.
function dot(a: Float32Array, ao: number, b: Float32Array, bo: number, n: number): number {
  let s0 = 0
  let s1 = 0
  let s2 = 0
  let s3 = 0
  let j = 0
  for (; j + 3 < n; j += 4) {
    s0 += a[ao + j] * b[bo + j]
    s1 += a[ao + j + 1] * b[bo + j + 1]
    s2 += a[ao + j + 2] * b[bo + j + 2]
    s3 += a[ao + j + 3] * b[bo + j + 3]
  }
  for (; j < n; j++) s0 += a[ao + j] * b[bo + j]
  return s0 + s1 + s2 + s3
}
