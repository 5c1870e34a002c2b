import * as tf from '@tensorflow/tfjs'

interface SeededDropoutArgs {
  rate: number
  seed: number
  name?: string
}

// tf.layers.dropout with a seed draws the same mask on every call (a fixed pruning, not dropout), and
// without one it draws from Math.random. This layer seeds each call from a counter: a fresh mask per
// batch, the same sequence of masks for the same seed. The masks come from keepMask below, not
// tf.randomUniform: its per-value generator took 1.2 ms for a [64, 64] mask, several times the fused dense
// training step the mask belongs to.

/**
 * A dropout mask of `size` values, 1 = kept with probability `keep`, from sfc32 seeded through splitmix32
 * (the generator of @aedetect/core's createRandom, inlined: 32-bit integer arithmetic, the same stream in
 * every engine).
 */
export function keepMask(size: number, seed: number, keep: number): Float32Array {
  let state = seed >>> 0
  const splitmix = (): number => {
    state = (state + 0x9e3779b9) >>> 0
    let z = state
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0
    return (z ^ (z >>> 16)) >>> 0
  }
  let a = splitmix()
  let b = splitmix()
  let c = splitmix()
  let d = splitmix()
  const threshold = keep * 4294967296
  const out = new Float32Array(size)
  for (let i = -12; i < size; i++) {
    const t = (((a + b) >>> 0) + d) >>> 0
    d = (d + 1) >>> 0
    a = b ^ (b >>> 9)
    b = (c + (c << 3)) >>> 0
    c = (c << 21) | (c >>> 11)
    c = (c + t) >>> 0
    // The first 12 draws warm the state up, as createRandom does.
    if (i >= 0) out[i] = t < threshold ? 1 : 0
  }
  return out
}
export class SeededDropout extends tf.layers.Layer {
  static className = 'AedetectSeededDropout'
  private readonly rate: number
  private readonly seed: number
  private calls = 0

  constructor(args: SeededDropoutArgs) {
    super({ name: args.name })
    this.rate = args.rate
    this.seed = args.seed
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    return inputShape
  }

  /** The dropout rate. */
  get dropoutRate(): number {
    return this.rate
  }

  /**
   * The next training mask of this layer, 1 = kept, over `shape`: the mask `call` would draw in its place
   * (the same seed sequence). The fused dense runner draws its masks here, so it drops the same units as model.fit.
   */
  nextMask(shape: number[]): Float32Array {
    const seed = this.seed + this.calls++
    return keepMask(shape.reduce((p, q) => p * q, 1), seed, 1 - this.rate)
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown>): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0] : inputs
    if (kwargs.training !== true || this.rate === 0) return tf.clone(x)
    const mask = this.nextMask(x.shape)
    return tf.tidy(() => tf.div(tf.mul(x, tf.tensor(mask, x.shape, 'float32')), 1 - this.rate))
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), rate: this.rate, seed: this.seed }
  }
}

let registered = false

// Registration is process-wide; the builders and the loader call this, never an import.
export function registerCustomLayers(): void {
  if (registered) return
  tf.serialization.registerClass(SeededDropout)
  registered = true
}
