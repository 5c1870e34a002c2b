// A window autoencoder's forward pass for one window in plain typed-array loops (issue 19, live scoring): one
// tfjs model call costs ~1 ms on wasm for a single [16, 38] window, almost all of it op dispatch, while the
// arithmetic is ~125 k multiply-adds. The trained weights are read once; every layer is a dot product over
// contiguous rows (weights transposed so the reduced axis is the fastest), accumulated in float64 and stored in
// float32 between layers as tfjs stores them. Only the layers the window detector's conv1d and dense
// architectures build are covered (see packages/models/src/_build-conv.ts, _build-dense.ts); anything else makes
// compileForwardPass return null and the caller keeps the tfjs path.
import type { LayersModel } from '@tensorflow/tfjs'

type Activation = (v: number) => number

const ACTIVATIONS: Record<string, Activation> = {
  linear: (v) => v,
  relu: (v) => (v > 0 ? v : 0),
  sigmoid: (v) => 1 / (1 + Math.exp(-v)),
  tanh: (v) => Math.tanh(v),
  elu: (v) => (v > 0 ? v : Math.exp(v) - 1),
}

/** One step of the pass: reads `input` (length `inLength × inChannels`), writes `output`. */
interface Step {
  run(input: Float32Array, output: Float32Array): void
  outLength: number
  outChannels: number
}

/** A compiled forward pass of one window `[steps, channels]` → its reconstruction, same shape. */
export interface ForwardPass {
  /** Values per window (`steps × channels`). */
  size: number
  /** Layer names in order, for the doc of which path runs. */
  layers: string[]
  /** Writes the reconstruction of `window` into `out` (both `size` long). */
  run(window: Float32Array, out: Float32Array): void
}

interface LayerLike {
  name: string
  getClassName(): string
  getConfig(): Record<string, unknown>
  getWeights(): Array<{ dataSync(): Float32Array | Int32Array | Uint8Array; shape: number[] }>
}

/**
 * Compiles `model` (input `[steps, channels]`, output of the same shape, a chain of layers) into a plain-JS
 * forward pass, or returns null when a layer, option or activation is not covered (the caller then uses tfjs).
 */
export function compileForwardPass(model: LayersModel): ForwardPass | null {
  const inputShape = model.inputs[0]?.shape
  if (model.inputs.length !== 1 || model.outputs.length !== 1 || !inputShape || inputShape.length !== 3) return null
  const [, steps, channels] = inputShape
  if (typeof steps !== 'number' || typeof channels !== 'number') return null
  // A plain chain: each layer's one inbound node comes from the layer before it.
  const layers = model.layers as unknown as LayerLike[]
  const stepsOut: Step[] = []
  let length = steps
  let width = channels
  for (const layer of layers) {
    const step = compileLayer(layer, length, width)
    if (step === null) return null
    if (step === 'identity') continue
    stepsOut.push(step)
    length = step.outLength
    width = step.outChannels
  }
  if (length * width !== steps * channels || !isChain(model)) return null
  const buffers = stepsOut.map((s) => new Float32Array(s.outLength * s.outChannels))
  return {
    size: steps * channels,
    layers: layers.map((l) => `${l.getClassName()} ${l.name}`),
    run(window, out) {
      let input = window
      for (let i = 0; i < stepsOut.length; i++) {
        const target = i === stepsOut.length - 1 ? out : buffers[i]
        stepsOut[i].run(input, target)
        input = target
      }
      if (stepsOut.length === 0) out.set(window)
    },
  }
}

function isChain(model: LayersModel): boolean {
  const layers = model.layers
  for (let i = 1; i < layers.length; i++) {
    const nodes = (layers[i] as unknown as { inboundNodes: Array<{ inboundLayers: unknown[] }> }).inboundNodes
    if (nodes.length !== 1 || nodes[0].inboundLayers.length !== 1 || nodes[0].inboundLayers[0] !== layers[i - 1]) return false
  }
  return true
}

function compileLayer(layer: LayerLike, length: number, width: number): Step | 'identity' | null {
  const config = layer.getConfig()
  switch (layer.getClassName()) {
    case 'InputLayer':
    case 'Flatten':
    case 'Dropout':
      return 'identity'
    case 'Reshape': {
      const target = config.targetShape as number[]
      // [L, C] ↔ [L, 1, C] ↔ [L·C]: row-major data is unchanged; only a width-1 image view keeps steps apart.
      if (target.length === 3 && target[1] !== 1) return null
      if (target.length === 3 || target.length === 2) return reshapeStep(target[0], target[target.length - 1], length * width)
      if (target.length === 1) return reshapeStep(1, target[0], length * width)
      return null
    }
    case 'Conv1D':
      return conv1dStep(layer, config, length, width)
    case 'Conv2DTranspose':
      return convTransposeStep(layer, config, length, width)
    case 'UpSampling2D': {
      const size = config.size as number[]
      if (size[1] !== 1 || (config.interpolation ?? 'nearest') !== 'nearest' || config.dataFormat === 'channelsFirst') return null
      return upsampleStep(size[0], length, width)
    }
    case 'Cropping2D': {
      const cropping = config.cropping as number[][]
      if (cropping[1][0] !== 0 || cropping[1][1] !== 0 || config.dataFormat === 'channelsFirst') return null
      return cropStep(cropping[0][0], cropping[0][1], length, width)
    }
    case 'Dense':
      return denseStep(layer, config, length * width)
    default:
      return null
  }
}

function reshapeStep(outLength: number, outChannels: number, values: number): Step | null {
  if (outLength * outChannels !== values) return null
  return { outLength, outChannels, run: (input, output) => output.set(input) }
}

function activationOf(config: Record<string, unknown>): Activation | null {
  const name = typeof config.activation === 'string' ? config.activation : 'linear'
  return ACTIVATIONS[name] ?? null
}

// Weights as float32 arrays: kernel first, then the bias (zeros when the layer has none).
function weightsOf(layer: LayerLike, config: Record<string, unknown>, biasLength: number): { kernel: Float32Array; kernelShape: number[]; bias: Float32Array } | null {
  const weights = layer.getWeights()
  const useBias = config.useBias !== false
  if (weights.length !== (useBias ? 2 : 1)) return null
  const kernel = Float32Array.from(weights[0].dataSync())
  const bias = useBias ? Float32Array.from(weights[1].dataSync()) : new Float32Array(biasLength)
  if (bias.length !== biasLength) return null
  return { kernel, kernelShape: weights[0].shape, bias }
}

// tfjs-layers' 'same' padding: output ceil(L / s), total padding max((out − 1)·s + k − L, 0), the smaller half first.
function conv1dStep(layer: LayerLike, config: Record<string, unknown>, length: number, width: number): Step | null {
  const act = activationOf(config)
  const k = (config.kernelSize as number[])[0]
  const s = (config.strides as number[])[0]
  const dilation = ([] as number[]).concat(config.dilationRate as number | number[])[0]
  const filters = config.filters as number
  if (!act || dilation !== 1 || config.dataFormat === 'channelsFirst' || (config.padding !== 'same' && config.padding !== 'valid')) return null
  const w = weightsOf(layer, config, filters)
  if (!w || w.kernelShape.join() !== [k, width, filters].join()) return null
  const outLength = config.padding === 'same' ? Math.ceil(length / s) : Math.ceil((length - k + 1) / s)
  const pad = config.padding === 'same' ? Math.floor(Math.max((outLength - 1) * s + k - length, 0) / 2) : 0
  // Kernel [k, cin, cout] → [cout][k·cin]: the taps over a contiguous run of input rows are one dot product.
  const span = k * width
  const wt = new Float32Array(filters * span)
  for (let t = 0; t < k; t++) for (let p = 0; p < width; p++) for (let q = 0; q < filters; q++) wt[q * span + t * width + p] = w.kernel[(t * width + p) * filters + q]
  const bias = w.bias
  return {
    outLength,
    outChannels: filters,
    run(input, output) {
      for (let o = 0; o < outLength; o++) {
        const first = o * s - pad
        const t0 = first < 0 ? -first : 0
        const t1 = Math.min(k, length - first)
        const xb = (first + t0) * width
        const n = (t1 - t0) * width
        for (let q = 0; q < filters; q++) output[o * filters + q] = act(bias[q] + dot(input, xb, wt, q * span + t0 * width, n))
      }
    },
  }
}

// Conv2DTranspose on a width-1 image [L, 1, cin] with kernel [k, 1, cout, cin] and strides [s, 1]: output row o
// gathers input rows i with o = i·s + t − pad, the padding of the forward convolution it transposes.
function convTransposeStep(layer: LayerLike, config: Record<string, unknown>, length: number, width: number): Step | null {
  const act = activationOf(config)
  const kernelSize = config.kernelSize as number[]
  const strides = config.strides as number[]
  const filters = config.filters as number
  const dilation = ([] as number[]).concat((config.dilationRate as number | number[]) ?? 1)
  if (!act || kernelSize[1] !== 1 || strides[1] !== 1 || dilation.some((d) => d !== 1) || config.dataFormat === 'channelsFirst' || (config.padding !== 'same' && config.padding !== 'valid')) return null
  const k = kernelSize[0]
  const s = strides[0]
  const w = weightsOf(layer, config, filters)
  if (!w || w.kernelShape.join() !== [k, 1, filters, width].join()) return null
  const outLength = config.padding === 'same' ? length * s : length * s + Math.max(k - s, 0)
  const pad = config.padding === 'same' ? Math.floor(Math.max((length - 1) * s + k - outLength, 0) / 2) : 0
  const kernel = w.kernel // [t][p][q] with q (cin) fastest: already one contiguous row per (t, p)
  const bias = w.bias
  return {
    outLength,
    outChannels: filters,
    run(input, output) {
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
    },
  }
}

function upsampleStep(factor: number, length: number, width: number): Step {
  return {
    outLength: length * factor,
    outChannels: width,
    run(input, output) {
      for (let o = 0; o < length * factor; o++) output.set(input.subarray(Math.floor(o / factor) * width, (Math.floor(o / factor) + 1) * width), o * width)
    },
  }
}

function cropStep(top: number, bottom: number, length: number, width: number): Step | null {
  if (top + bottom >= length) return null
  return { outLength: length - top - bottom, outChannels: width, run: (input, output) => output.set(input.subarray(top * width, (length - bottom) * width)) }
}

function denseStep(layer: LayerLike, config: Record<string, unknown>, values: number): Step | null {
  const act = activationOf(config)
  const units = config.units as number
  if (!act) return null
  const w = weightsOf(layer, config, units)
  if (!w || w.kernelShape.join() !== [values, units].join()) return null
  const wt = new Float32Array(units * values) // [in, out] → [out][in]
  for (let p = 0; p < values; p++) for (let q = 0; q < units; q++) wt[q * values + p] = w.kernel[p * units + q]
  const bias = w.bias
  return {
    outLength: 1,
    outChannels: units,
    run(input, output) {
      for (let q = 0; q < units; q++) output[q] = act(bias[q] + dot(input, 0, wt, q * values, values))
    },
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
