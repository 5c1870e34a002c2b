import * as tf from '@tensorflow/tfjs'
import { randomMask } from '@aedetect/core'

interface SeededDropoutArgs {
  rate: number
  seed: number
  name?: string
}

// tf.layers.dropout with a seed draws the same mask on every call (a fixed pruning, not dropout), and
// without one it draws from Math.random. This layer seeds each call from a counter: a fresh mask per
// batch, the same sequence of masks for the same seed. The masks come from @aedetect/core's randomMask, not
// tf.randomUniform: its per-value generator took 1.2 ms for a [64, 64] mask, several times the fused dense
// training step the mask belongs to.

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
   * (the same seed sequence). The fused dense runner draws its masks here, so it drops the same units as model.fit;
   * it passes `into` (`size` values, overwritten and returned) to reuse one array per layer and batch size.
   */
  nextMask(shape: number[], into?: Float32Array): Float32Array {
    const seed = this.seed + this.calls++
    const size = shape.reduce((p, q) => p * q, 1)
    return randomMask(size, 1 - this.rate, seed, into?.length === size ? into : undefined)
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
