import { AedetectError } from '@aedetect/core'

/** One weight of a tfjs weights manifest, as aedetect writes it (checked: name, integer shape, dtype). */
export interface CheckedWeightSpec { name: string; shape: number[]; dtype: string }

// The layer classes aedetect's builders write. A topology naming another class was not written by aedetect.
const LAYER_CLASSES = new Set([
  'InputLayer', 'Dense', 'BatchNormalization', 'AedetectSeededDropout', 'Dropout', 'Conv1D', 'Conv2D', 'Conv2DTranspose',
  'Reshape', 'Cropping2D', 'Flatten', 'LSTM', 'RepeatVector', 'TimeDistributed', 'UpSampling2D',
])
// Layers without weights whose settings can grow the activations (and so the weights of a later Dense):
// bounded, as no aedetect architecture comes near.
const MAX_UPSAMPLING = 64

interface LayerJson { class_name?: unknown; name?: unknown; inbound_nodes?: unknown; config?: Record<string, unknown> }

// A functional model's graph: each reference `[layerName, nodeIndex, tensorIndex, kwargs?]` must name a layer
// defined before it (aedetect writes layers in order). tfjs waits forever for a layer that never comes.
function checkReference(ref: unknown, known: Set<string>, what: string, corrupt: (what: string) => AedetectError): void {
  if (!Array.isArray(ref) || ref.length < 3 || ref.length > 4 || typeof ref[0] !== 'string' || !known.has(ref[0]) || ref[1] !== 0 || ref[2] !== 0) {
    throw corrupt(`model.json's ${what} refers to ${JSON.stringify(ref)?.slice(0, 80)}; expected [name, 0, 0] of a layer defined before it.`)
  }
}

function integers(value: unknown): number[] | null {
  const list = Array.isArray(value) ? value : [value]
  return list.every((v) => Number.isInteger(v) && (v as number) >= 0) ? (list as number[]) : null
}

function same(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i])
}

/**
 * Checks a tfjs layers topology against its weights manifest and the sample shape before tfjs builds anything
 * (building allocates every weight the topology names, however large): only layer classes aedetect writes; the
 * input shape is `[null, ...sampleShape]`; every Dense / Conv / LSTM layer's `units`, `filters` and `kernel_size`
 * match the shapes of its weights in the manifest (whose total size is checked against `weights.bin`); the
 * layer 'code' exists. `corrupt` builds the error (E_CORRUPT) with the caller's prefix.
 */
export function checkTopology(topology: unknown, specs: CheckedWeightSpec[], sampleShape: readonly number[], corrupt: (what: string) => AedetectError): void {
  const root = topology as { class_name?: unknown; config?: { layers?: unknown } } | null
  const layers = root?.config?.layers
  if (!Array.isArray(layers) || layers.length === 0) throw corrupt('model.json\'s modelTopology lists no layers; it is not a model aedetect wrote.')
  const byName = new Map(specs.map((s) => [s.name, s.shape]))
  const names = new Set<string>()
  let inputs = 0
  for (const raw of layers as LayerJson[]) {
    const className = raw?.class_name
    const config = raw?.config
    if (typeof className !== 'string' || !config || typeof config !== 'object' || typeof config.name !== 'string') {
      throw corrupt('model.json has a layer without class_name or config.name; it is not a model aedetect wrote.')
    }
    const name = config.name
    if (!LAYER_CLASSES.has(className)) throw corrupt(`model.json's layer '${name}' is a ${className}, which aedetect never writes.`)
    if (raw.name !== name || names.has(name)) throw corrupt(`model.json's layer '${name}' is named ${JSON.stringify(raw.name)} in the graph; expected the same, unique name.`)
    const inbound = raw.inbound_nodes
    if (!Array.isArray(inbound) || inbound.length !== (className === 'InputLayer' ? 0 : 1) || !inbound.every((node) => Array.isArray(node) && node.length === 1)) {
      throw corrupt(`model.json's layer '${name}' has inbound nodes ${JSON.stringify(inbound)?.slice(0, 80)}; aedetect's layers each take one input (the input layer none).`)
    }
    for (const node of inbound as unknown[][]) checkReference(node[0], names, `layer '${name}'`, corrupt)
    names.add(name)
    const weight = (suffix: string): number[] => {
      const shape = byName.get(`${name}/${suffix}`)
      if (!shape) throw corrupt(`model.json's ${className} layer '${name}' has no weight '${name}/${suffix}' in the weights manifest.`)
      return shape
    }
    const expectSize = (field: string, got: unknown, want: number | undefined): void => {
      if (!Number.isInteger(got) || got !== want) {
        throw corrupt(`model.json's ${className} layer '${name}' has ${field} ${JSON.stringify(got)}; its weights in the manifest give ${String(want)}.`)
      }
    }
    const bias = (size: number): void => {
      if (config.use_bias === false) return
      const shape = weight('bias')
      if (!same(shape, [size])) throw corrupt(`model.json's ${className} layer '${name}' has a bias of shape [${shape.join(', ')}]; expected [${size}].`)
    }
    switch (className) {
      case 'InputLayer': {
        inputs += 1
        const shape = config.batch_input_shape
        const dims = Array.isArray(shape) ? integers(shape.slice(1)) : null
        if (!Array.isArray(shape) || shape[0] !== null || !dims || !same(dims, sampleShape)) {
          throw corrupt(`model.json's input shape is ${JSON.stringify(shape)}; the record says samples of shape [${sampleShape.join(', ')}], so expected [null, ${sampleShape.join(', ')}].`)
        }
        break
      }
      case 'Dense': {
        const kernel = weight('kernel')
        expectSize('units', config.units, kernel.length === 2 ? kernel[1] : undefined)
        bias(kernel[1])
        break
      }
      case 'Conv1D':
      case 'Conv2D':
      case 'Conv2DTranspose': {
        const kernel = weight('kernel')
        const spatial = className === 'Conv1D' ? 1 : 2
        const filters = className === 'Conv2DTranspose' ? kernel[spatial] : kernel[spatial + 1]
        if (kernel.length !== spatial + 2) throw corrupt(`model.json's ${className} layer '${name}' has a kernel of rank ${kernel.length} in the manifest; expected ${spatial + 2}.`)
        expectSize('filters', config.filters, filters)
        const size = integers(config.kernel_size)
        if (!size || !same(size.length === 1 && spatial === 2 ? [size[0], size[0]] : size, kernel.slice(0, spatial))) {
          throw corrupt(`model.json's ${className} layer '${name}' has kernel_size ${JSON.stringify(config.kernel_size)}; its kernel in the manifest is [${kernel.join(', ')}].`)
        }
        bias(filters)
        break
      }
      case 'LSTM': {
        const kernel = weight('kernel')
        const units = kernel.length === 2 && kernel[1] % 4 === 0 ? kernel[1] / 4 : undefined
        expectSize('units', config.units, units)
        const recurrent = weight('recurrent_kernel')
        if (!same(recurrent, [units as number, kernel[1]])) throw corrupt(`model.json's LSTM layer '${name}' has a recurrent kernel of shape [${recurrent.join(', ')}]; expected [${units}, ${kernel[1]}].`)
        bias(kernel[1])
        break
      }
      case 'TimeDistributed': {
        const inner = config.layer as LayerJson | undefined
        if (inner?.class_name !== 'Dense' || !inner.config) throw corrupt(`model.json's TimeDistributed layer '${name}' wraps ${String(inner?.class_name)}; aedetect wraps only Dense.`)
        const kernel = weight('kernel')
        expectSize('units', inner.config.units, kernel.length === 2 ? kernel[1] : undefined)
        break
      }
      case 'UpSampling2D':
      case 'RepeatVector': {
        const field = className === 'RepeatVector' ? 'n' : 'size'
        const values = integers(config[field])
        const limit = className === 'RepeatVector' ? Math.max(1, ...sampleShape) : MAX_UPSAMPLING
        if (!values || values.some((v) => v < 1 || v > limit)) {
          throw corrupt(`model.json's ${className} layer '${name}' has ${field} ${JSON.stringify(config[field])}; expected whole numbers from 1 to ${limit}.`)
        }
        break
      }
      default:
        break
    }
  }
  if (inputs !== 1) throw corrupt(`model.json has ${inputs} input layers; aedetect writes exactly one.`)
  for (const field of ['input_layers', 'output_layers'] as const) {
    const refs = (root?.config as Record<string, unknown>)[field]
    if (!Array.isArray(refs) || refs.length < 1 || refs.length > 2) throw corrupt(`model.json's ${field} is ${JSON.stringify(refs)?.slice(0, 80)}; expected one or two layer references.`)
    for (const ref of refs) checkReference(ref, names, field, corrupt)
  }
  if (!names.has('code')) throw corrupt('model.json has no layer named \'code\'; it is not an autoencoder aedetect wrote.')
}
