// The window autoencoder as a chain of plain layer records (issue 19, live scoring): geometry and float32
// weights read once from the trained tfjs model, for the compiled forward passes (_forward-pass.ts in JS,
// _simd-forward-pass.ts in WebAssembly). Only the layers the window detector's conv1d and dense architectures
// build are covered (packages/models/src/_build-conv.ts, _build-dense.ts); anything else gives null and the
// caller keeps the tfjs path.
import type { LayersModel } from '@tensorflow/tfjs'

/** An activation by name; see {@link ACTIVATIONS}. */
export type ActivationName = 'linear' | 'relu' | 'sigmoid' | 'tanh' | 'elu'

/** The activations covered, as tfjs-layers computes them (elu with alpha 1). */
export const ACTIVATIONS: Record<ActivationName, (v: number) => number> = {
  linear: (v) => v,
  relu: (v) => (v > 0 ? v : 0),
  sigmoid: (v) => 1 / (1 + Math.exp(-v)),
  tanh: (v) => Math.tanh(v),
  elu: (v) => (v > 0 ? v : Math.exp(v) - 1),
}

interface Shape {
  /** Rows (time steps; 1 for a flat vector). */
  inLength: number
  /** Values per row. */
  inWidth: number
  outLength: number
  outWidth: number
}

/**
 * One layer. `conv`: output row o = act(bias + Σ_t W_t · x[row]) over the taps t whose input row is in range:
 * row = o·stride + t − pad (forward, kernel [k, cin, cout]) or o = row·stride + t − pad (transposed, kernel
 * [k, 1, cout, cin]). `dense`: kernel [in, units] on the flattened input. `copy`: reshape (same values, new
 * rows), nearest upsampling of rows by `factor`, or cropping `top` rows off the start (and the surplus at the end).
 */
export type LayerSpec =
  | (Shape & { kind: 'conv'; transposed: boolean; k: number; stride: number; pad: number; kernel: Float32Array; bias: Float32Array; activation: ActivationName })
  | (Shape & { kind: 'dense'; kernel: Float32Array; bias: Float32Array; activation: ActivationName })
  | (Shape & { kind: 'reshape' })
  | (Shape & { kind: 'upsample'; factor: number })
  | (Shape & { kind: 'crop'; top: number })

/** The chain of a model taking `[steps, channels]` windows to reconstructions of the same shape. */
export interface LayerChain {
  steps: number
  channels: number
  layers: LayerSpec[]
}

interface LayerLike {
  name: string
  getClassName(): string
  getConfig(): Record<string, unknown>
  getWeights(): Array<{ dataSync(): Float32Array | Int32Array | Uint8Array; shape: number[] }>
}

/** Reads `model` into a layer chain, or null when a layer, option or activation is not covered. */
export function readLayerChain(model: LayersModel): LayerChain | null {
  const inputShape = model.inputs[0]?.shape
  if (model.inputs.length !== 1 || model.outputs.length !== 1 || !inputShape || inputShape.length !== 3 || !isChain(model)) return null
  const [, steps, channels] = inputShape
  if (typeof steps !== 'number' || typeof channels !== 'number') return null
  const layers: LayerSpec[] = []
  let length = steps
  let width = channels
  for (const layer of model.layers as unknown as LayerLike[]) {
    const spec = readLayer(layer, length, width)
    if (spec === null) return null
    if (spec === 'identity') continue
    layers.push(spec)
    length = spec.outLength
    width = spec.outWidth
  }
  return length === steps && width === channels ? { steps, channels, layers } : null
}

// A plain chain: each layer's one inbound node comes from the layer before it.
function isChain(model: LayersModel): boolean {
  const layers = model.layers
  for (let i = 1; i < layers.length; i++) {
    const nodes = (layers[i] as unknown as { inboundNodes: Array<{ inboundLayers: unknown[] }> }).inboundNodes
    if (nodes.length !== 1 || nodes[0].inboundLayers.length !== 1 || nodes[0].inboundLayers[0] !== layers[i - 1]) return false
  }
  return true
}

function readLayer(layer: LayerLike, length: number, width: number): LayerSpec | 'identity' | null {
  const config = layer.getConfig()
  const shape = { inLength: length, inWidth: width }
  if (config.dataFormat === 'channelsFirst') return null
  switch (layer.getClassName()) {
    case 'InputLayer':
    case 'Dropout':
      return 'identity'
    case 'Flatten':
      return { kind: 'reshape', ...shape, outLength: 1, outWidth: length * width }
    case 'Reshape': {
      const target = config.targetShape as number[]
      // [L, C] ↔ [L, 1, C] ↔ [L·C]: a width-1 image view of a sequence; other images are not covered.
      if (target.length === 3 && target[1] !== 1) return null
      const outLength = target.length === 1 ? 1 : target[0]
      const outWidth = target[target.length - 1]
      if (target.length > 3 || outLength * outWidth !== length * width) return null
      return { kind: 'reshape', ...shape, outLength, outWidth }
    }
    case 'Conv1D':
    case 'Conv2DTranspose':
      return readConv(layer, config, length, width)
    case 'UpSampling2D': {
      const size = config.size as number[]
      if (size[1] !== 1 || (config.interpolation ?? 'nearest') !== 'nearest') return null
      return { kind: 'upsample', ...shape, outLength: length * size[0], outWidth: width, factor: size[0] }
    }
    case 'Cropping2D': {
      const cropping = config.cropping as number[][]
      if (cropping[1][0] !== 0 || cropping[1][1] !== 0 || cropping[0][0] + cropping[0][1] >= length) return null
      return { kind: 'crop', ...shape, outLength: length - cropping[0][0] - cropping[0][1], outWidth: width, top: cropping[0][0] }
    }
    case 'Dense': {
      const activation = activationOf(config)
      const units = config.units as number
      const w = weightsOf(layer, config, units)
      if (!activation || !w || w.kernelShape.join() !== [length * width, units].join()) return null
      return { kind: 'dense', ...shape, outLength: 1, outWidth: units, kernel: w.kernel, bias: w.bias, activation }
    }
    default:
      return null
  }
}

function activationOf(config: Record<string, unknown>): ActivationName | null {
  const name = typeof config.activation === 'string' ? config.activation : 'linear'
  return Object.hasOwn(ACTIVATIONS, name) ? (name as ActivationName) : null
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

// tfjs-layers' padding: 'same' gives ceil(L / s) outputs (transposed: L·s) with the total padding of the forward
// convolution, max((out − 1)·s + k − in, 0), split with the smaller half first; 'valid' pads nothing.
function readConv(layer: LayerLike, config: Record<string, unknown>, length: number, width: number): LayerSpec | null {
  const transposed = layer.getClassName() === 'Conv2DTranspose'
  const activation = activationOf(config)
  const kernelSize = config.kernelSize as number[]
  const strides = config.strides as number[]
  const dilation = ([] as number[]).concat((config.dilationRate as number | number[] | undefined) ?? 1)
  const filters = config.filters as number
  if (!activation || dilation.some((d) => d !== 1) || (config.padding !== 'same' && config.padding !== 'valid')) return null
  if (transposed && (kernelSize[1] !== 1 || strides[1] !== 1)) return null
  const k = kernelSize[0]
  const stride = strides[0]
  const w = weightsOf(layer, config, filters)
  if (!w || w.kernelShape.join() !== (transposed ? [k, 1, filters, width] : [k, width, filters]).join()) return null
  const same = config.padding === 'same'
  let outLength: number
  let pad = 0
  if (transposed) {
    outLength = same ? length * stride : length * stride + Math.max(k - stride, 0)
    if (same) pad = Math.floor(Math.max((length - 1) * stride + k - outLength, 0) / 2)
  } else {
    outLength = same ? Math.ceil(length / stride) : Math.ceil((length - k + 1) / stride)
    if (same) pad = Math.floor(Math.max((outLength - 1) * stride + k - length, 0) / 2)
  }
  if (outLength < 1) return null
  return { kind: 'conv', transposed, inLength: length, inWidth: width, outLength, outWidth: filters, k, stride, pad, kernel: w.kernel, bias: w.bias, activation }
}
