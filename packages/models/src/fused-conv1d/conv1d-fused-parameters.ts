// Finds the chain of 1-D convolutions inside a tf.layers model (the conv1d autoencoder: Conv1D layers, the
// decoder's Conv2DTranspose [k, 1] or UpSampling2D [u, 1] on the [steps, 1, channels] view, a trailing crop) and
// moves its weights to and from Float32Arrays, so the fused conv1d runner trains the very variables the saved
// model holds. Anything else (a dense code, regularisers, constraints, dilations, frozen layers, channels-first
// data) makes it not such a chain: the stock runner trains it.
import type { LayersModel, SymbolicTensor, Variable } from '@tensorflow/tfjs'
import { assignKernelsAndBiases, type DenseLayerWeights } from '../fused-dense/dense-fused-parameters'
import { isDenseActivation, type DenseActivation } from '../fused-dense/dense-activations'

/** A convolution along the steps: `conv` (kernel [k, cin, cout]) or the transposed one (`convT`, kernel [k, 1, cout, cin]). */
export interface ConvOp {
  kind: 'conv' | 'convT'
  /** Kernel length, stride and the zero steps before the input (conv) or of the convolution it transposes (convT). */
  k: number
  stride: number
  padLeft: number
  cin: number
  cout: number
  /** Steps in and kept steps out (a crop right after the layer keeps fewer than it computes). */
  lin: number
  lout: number
  activation: DenseActivation
  kernel: Variable
  bias: Variable
}

/** Nearest-neighbour upsampling along the steps (each step repeated `factor` times). */
export interface UpsampleOp {
  kind: 'upsample'
  factor: number
  channels: number
  lin: number
  lout: number
}

export type Conv1dOp = ConvOp | UpsampleOp

/** The chain and the sample shapes at both ends. */
export interface Conv1dChain {
  ops: Conv1dOp[]
  steps: number
  channels: number
  /** The output's steps and channels (the input's, for an autoencoder). */
  outSteps: number
  outChannels: number
}

/** The weights of one convolution, in its variables' layouts (the dense layers' record: kernel and bias). */
export type ConvWeights = DenseLayerWeights

const EXTRAS = ['kernelRegularizer', 'biasRegularizer', 'activityRegularizer', 'kernelConstraint', 'biasConstraint']

const same = (a: unknown, b: number[]): boolean => Array.isArray(a) && a.length === b.length && a.every((v, i) => v === b[i])
const first = (v: unknown): unknown => (Array.isArray(v) ? v[0] : v)
// A layer's dilation: absent (tfjs's Conv2DTranspose config has none), a number or one per axis.
const unitDilation = (v: unknown): boolean => v === undefined || v === 1 || (Array.isArray(v) && v.every((d) => d === 1))

// tfjs's conv output length and leading pad for `same` / `valid` (conv_util.computeConv2DInfo along one axis).
function convGeometry(lin: number, k: number, stride: number, padding: string): { lout: number; padLeft: number } | undefined {
  if (padding === 'valid') return lin >= k ? { lout: Math.floor((lin - k) / stride) + 1, padLeft: 0 } : undefined
  if (padding !== 'same') return undefined
  const lout = Math.ceil(lin / stride)
  return { lout, padLeft: Math.floor(Math.max(0, (lout - 1) * stride + k - lin) / 2) }
}

function convOp(layer: { getConfig(): unknown; trainableWeights: { read(): unknown }[] }, kind: ConvOp['kind'], lin: number, cin: number): ConvOp | undefined {
  const config = layer.getConfig() as Record<string, unknown>
  if (!config.useBias || !isDenseActivation(config.activation) || EXTRAS.some((key) => config[key] != null)) return undefined
  if (config.dataFormat !== undefined && config.dataFormat !== 'channelsLast') return undefined
  const [kernel, bias] = layer.trainableWeights.map((w) => w.read() as Variable)
  if (kernel === undefined || bias === undefined) return undefined
  if (kind === 'conv') {
    const [k, kin, cout] = kernel.shape
    if (kernel.shape.length !== 3 || kin !== cin || !unitDilation(config.dilationRate)) return undefined
    const stride = first(config.strides) as number
    const g = convGeometry(lin, k, stride, String(config.padding))
    if (g === undefined) return undefined
    return { kind, k, stride, padLeft: g.padLeft, cin, cout, lin, lout: g.lout, activation: config.activation, kernel, bias }
  }
  // Conv2DTranspose on the [steps, 1, channels] view: kernel [k, 1, cout, cin], strides [s, 1], 'same'.
  const [k, kw, cout, kin] = kernel.shape
  const strides = config.strides as number[]
  if (kernel.shape.length !== 4 || kw !== 1 || kin !== cin || strides[1] !== 1 || config.padding !== 'same' || !unitDilation(config.dilationRate)) return undefined
  const stride = strides[0]
  // tfjs computes it as the input gradient of a 'same' convolution from lin·stride steps to lin.
  return { kind, k, stride, padLeft: Math.floor(Math.max(0, k - stride) / 2), cin, cout, lin, lout: lin * stride, activation: config.activation, kernel, bias }
}

/** The model's chain of 1-D convolutions, or `undefined` when the model is anything more. */
export function conv1dChain(model: LayersModel): Conv1dChain | undefined {
  if (model.inputs.length !== 1 || model.outputs.length !== 1) return undefined
  const inputShape = model.inputs[0].shape
  if (inputShape.length !== 3 || typeof inputShape[1] !== 'number' || typeof inputShape[2] !== 'number') return undefined
  const [steps, channels] = [inputShape[1], inputShape[2]]
  const ops: Conv1dOp[] = []
  let length = steps
  let width = channels
  let previous: unknown
  for (const layer of model.layers) {
    const inbound = layer.inboundNodes.flatMap((node) => node.inboundLayers)
    if (previous !== undefined && (inbound.length !== 1 || inbound[0] !== previous)) return undefined
    previous = layer
    const type = layer.getClassName()
    const config = layer.getConfig() as Record<string, unknown>
    if (type === 'InputLayer') continue
    if (type !== 'Reshape' && !layer.trainable) return undefined
    if (type === 'Reshape') {
      // Only the [steps, channels] ↔ [steps, 1, channels] views (same values, same order).
      if (!same(config.targetShape, [length, width]) && !same(config.targetShape, [length, 1, width])) return undefined
      continue
    }
    if (type === 'Conv1D' || type === 'Conv2DTranspose') {
      if ((layer.input as SymbolicTensor).shape.length !== (type === 'Conv1D' ? 3 : 4)) return undefined
      const op = convOp(layer, type === 'Conv1D' ? 'conv' : 'convT', length, width)
      if (op === undefined) return undefined
      ops.push(op)
      length = op.lout
      width = op.cout
      continue
    }
    if (type === 'UpSampling2D') {
      const size = config.size as number[]
      if (config.interpolation !== 'nearest' || config.dataFormat !== 'channelsLast' || size[1] !== 1) return undefined
      ops.push({ kind: 'upsample', factor: size[0], channels: width, lin: length, lout: length * size[0] })
      length *= size[0]
      continue
    }
    if (type === 'Cropping2D') {
      // Steps cropped off the end only (the builder's crop of odd lengths): the layer before keeps fewer.
      const [[top, bottom], [left, right]] = config.cropping as number[][]
      const last = ops[ops.length - 1]
      if (top !== 0 || left !== 0 || right !== 0 || last === undefined || bottom >= length) return undefined
      length -= bottom
      last.lout = length
      continue
    }
    return undefined
  }
  if (ops.length === 0 || ops[0].kind === 'upsample' || previous !== model.outputs[0].sourceLayer) return undefined
  const outputShape = model.outputs[0].shape
  if (!same(outputShape.slice(1), [length, width])) return undefined
  return { ops, steps, channels, outSteps: length, outChannels: width }
}

/** The convolutions of the chain, in order. */
export function convOps(chain: Conv1dChain): ConvOp[] {
  return chain.ops.filter((op): op is ConvOp => op.kind !== 'upsample')
}

/** Copies the chain's current weights out (synchronous read). */
export function readConvWeights(chain: Conv1dChain): ConvWeights[] {
  return convOps(chain).map((op) => ({ kernel: Float32Array.from(op.kernel.dataSync()), bias: Float32Array.from(op.bias.dataSync()) }))
}

/** Writes `weights` into the chain's variables. */
export function writeConvWeights(chain: Conv1dChain, weights: ConvWeights[]): void {
  assignKernelsAndBiases(convOps(chain).map((op) => [op.kernel, op.bias]), weights)
}
