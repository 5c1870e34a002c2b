import * as tf from '@tensorflow/tfjs'

interface SeededDropoutArgs {
  rate: number
  seed: number
  name?: string
}

// tf.layers.dropout with a seed draws the same mask on every call (a fixed pruning, not dropout), and
// without one it draws from Math.random. This layer seeds each call from a counter: a fresh mask per
// batch, the same sequence of masks for the same seed.
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
    return tf.tidy(() => tf.cast(tf.less(tf.randomUniform(shape, 0, 1, 'float32', seed), 1 - this.rate), 'float32').dataSync() as Float32Array)
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown>): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0] : inputs
    if (kwargs.training !== true || this.rate === 0) return tf.clone(x)
    const seed = this.seed + this.calls++
    return tf.tidy(() => {
      const keep = 1 - this.rate
      const mask = tf.cast(tf.less(tf.randomUniform(x.shape, 0, 1, 'float32', seed), keep), 'float32')
      return tf.div(tf.mul(x, mask), keep)
    })
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
