// Finds the plain dense stack inside a tf.layers model (input → [flatten] → dense [→ dropout] … dense →
// [reshape]) and moves its weights to and from Float32Arrays, so the fused dense runner trains the very
// variables the saved model holds. Anything else in the graph (batch normalisation, a second output for a
// sparsity penalty, regularisers, constraints, frozen layers, tfjs's own unseeded dropout) makes it not a
// plain stack: the stock runner trains those.
import { tensor, type LayersModel, type SymbolicTensor, type Variable, type layers } from '@tensorflow/tfjs'
import { SeededDropout } from '../_seeded-dropout'
import { isDenseActivation, type DenseActivation } from './dense-activations'

/** One dense layer: `y = f(x · kernel + bias)`, kernel [inputs, units] row-major. */
export interface DenseLayerShape {
  inputs: number
  units: number
  activation: DenseActivation
  /** Rate of the dropout applied to the layer's output in training; absent when there is none. */
  dropout?: number
}

/** The dense layers of a plain stack and their weight variables, in order. */
export interface DenseStack {
  layers: DenseLayerShape[]
  /** [kernel, bias] per layer. */
  variables: [Variable, Variable][]
  /** The dropout layer after each dense layer (undefined where there is none): it draws the training masks. */
  dropouts: (SeededDropout | undefined)[]
}

/** The weights of one dense layer. */
export interface DenseLayerWeights {
  kernel: Float32Array
  bias: Float32Array
}

// Layers that do not change row-major values: a flatten or reshape of a [batch, …] tensor keeps its order.
const PASS_THROUGH = new Set(['InputLayer', 'Flatten', 'Reshape'])

/** The model's dense stack, or `undefined` when the model is anything more than one. */
export function denseStack(model: LayersModel): DenseStack | undefined {
  if (model.inputs.length !== 1 || model.outputs.length !== 1) return undefined
  const stack: DenseStack = { layers: [], variables: [], dropouts: [] }
  let previous: layers.Layer | undefined
  for (const layer of model.layers) {
    // A chain: each layer's only input is the layer before it.
    const inbound = layer.inboundNodes.flatMap((node) => node.inboundLayers)
    if (previous !== undefined && (inbound.length !== 1 || inbound[0] !== previous)) return undefined
    previous = layer
    const type = layer.getClassName()
    if (PASS_THROUGH.has(type)) continue
    if (layer instanceof SeededDropout) {
      // Dropout on the output of the dense layer just before it (the chain check above), once.
      const last = stack.layers.length - 1
      if (last < 0 || stack.dropouts[last] !== undefined) return undefined
      stack.layers[last].dropout = layer.dropoutRate
      stack.dropouts[last] = layer
      continue
    }
    if (type !== 'Dense' || !layer.trainable) return undefined
    const config = layer.getConfig() as Record<string, unknown>
    const extras = ['kernelRegularizer', 'biasRegularizer', 'activityRegularizer', 'kernelConstraint', 'biasConstraint']
    if (!config.useBias || !isDenseActivation(config.activation) || extras.some((key) => config[key] != null)) return undefined
    const inputShape = layer.input as SymbolicTensor
    if (inputShape.shape.length !== 2) return undefined
    const [kernel, bias] = layer.trainableWeights.map((w) => w.read() as Variable)
    const [inputs, units] = kernel.shape as number[]
    stack.layers.push({ inputs, units, activation: config.activation })
    stack.variables.push([kernel, bias])
    stack.dropouts.push(undefined)
  }
  if (stack.layers.length === 0 || previous !== model.outputs[0].sourceLayer) return undefined
  return stack
}

/** Copies the stack's current weights out (synchronous read). */
export function readDenseWeights(stack: DenseStack): DenseLayerWeights[] {
  return stack.variables.map(([kernel, bias]) => ({ kernel: Float32Array.from(kernel.dataSync()), bias: Float32Array.from(bias.dataSync()) }))
}

/** Writes `weights` into the stack's variables. */
export function writeDenseWeights(stack: DenseStack, weights: DenseLayerWeights[]): void {
  assignKernelsAndBiases(stack.variables, weights)
}

/** Assigns each layer's kernel and bias values to its [kernel, bias] variables (the fused dense and conv1d runners). */
export function assignKernelsAndBiases(variables: [Variable, Variable][], weights: DenseLayerWeights[]): void {
  variables.forEach(([kernel, bias], i) => {
    for (const [v, values] of [[kernel, weights[i].kernel], [bias, weights[i].bias]] as const) {
      const t = tensor(values, v.shape, 'float32')
      v.assign(t)
      t.dispose()
    }
  })
}

/** One record of every weight array by `<layer index>/kernel|bias`, for Adam (same arrays, no copies). */
export function namedDenseWeights(weights: DenseLayerWeights[]): Record<string, Float32Array> {
  const out: Record<string, Float32Array> = {}
  weights.forEach((w, i) => {
    out[`${i}/kernel`] = w.kernel
    out[`${i}/bias`] = w.bias
  })
  return out
}
