// Test-only: trains one architecture once and collects what its test file asserts.
import * as tf from '@tensorflow/tfjs'
import type { Samples } from '@aedetect/core'
import type { AutoencoderConfig } from './autoencoder-config'
import type { ModelSummary } from './autoencoder'
import { buildAutoencoder } from './build-autoencoder'
import { encode, reconstruct } from './reconstruct'
import { deserializeAutoencoder, serializeAutoencoder } from './serialize-autoencoder'
import { trainAutoencoder, type TrainingHistory, type TrainOptions } from './train-autoencoder'

export interface ArchitectureRun {
  summary: ModelSummary
  history: TrainingHistory
  reconstruction: Samples
  code: Samples
  /** Reconstructions of the serialize → deserialize copy are bit-identical. */
  roundTripIdentical: boolean
  /** numTensors after everything was disposed minus before. */
  leakedTensors: number
}

export async function runArchitecture(config: AutoencoderConfig, x: Samples, options: TrainOptions): Promise<ArchitectureRun> {
  await tf.setBackend('cpu')
  const before = tf.memory().numTensors
  const ae = buildAutoencoder(config, { sampleShape: x.shape.slice(1), seed: options.seed })
  const summary = ae.summary()
  const history = await trainAutoencoder(ae, x, options)
  const reconstruction = await reconstruct(ae, x)
  const code = await encode(ae, x)
  const copy = await deserializeAutoencoder(await serializeAutoencoder(ae))
  const again = await reconstruct(copy, x)
  const a = reconstruction.data
  const b = again.data
  const roundTripIdentical = Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength))
  copy.dispose()
  ae.dispose()
  return { summary, history, reconstruction, code, roundTripIdentical, leakedTensors: tf.memory().numTensors - before }
}
