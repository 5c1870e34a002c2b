import * as tf from '@tensorflow/tfjs'
import { sampleSize, type Samples } from '@aedetect/core'

export function toTensor(x: Samples): tf.Tensor {
  return tf.tensor(x.data, x.shape, 'float32')
}

/** Reads a tensor of `n` samples back into Samples (a copy owned by the caller) and disposes it. */
export async function readSamples(t: tf.Tensor): Promise<Samples> {
  const data = (await t.data()) as Float32Array
  const shape = t.shape.slice()
  t.dispose()
  return { data: data instanceof Float32Array ? data : Float32Array.from(data), shape }
}

/** The rows `[start, end)` of `x` as a view (no copy). */
export function sliceSamples(x: Samples, start: number, end: number): Samples {
  const size = sampleSize(x)
  return { data: x.data.subarray(start * size, end * size), shape: [end - start, ...x.shape.slice(1)] }
}
