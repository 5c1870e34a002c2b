// Test-only (not exported): a stock tf.layers LSTM autoencoder with seeded random weights (biases
// included, so every gate path is exercised) and seeded input, for comparing the fused math with tfjs.
import * as tf from '@tensorflow/tfjs'
import type { Autoencoder } from '../autoencoder'
import { internalsOf } from '../autoencoder'
import { buildAutoencoder } from '../build-autoencoder'
import { seededValues } from '../_test-backend'
import { lstmDimensions, lstmVariables } from './lstm-parameters'
import type { LstmDimensions } from './lstm-fused-forward'

export interface LstmCase {
  steps: number
  channels: number
  units: number
  batch: number
  outputActivation: 'linear' | 'sigmoid'
  loss: 'mse' | 'mae'
}

/** The cases of the parity tests: channels 1 and 3, batch 1 to 5, both output activations and losses. */
export const LSTM_CASES: LstmCase[] = [
  { steps: 5, channels: 1, units: 4, batch: 3, outputActivation: 'linear', loss: 'mse' },
  { steps: 7, channels: 3, units: 6, batch: 1, outputActivation: 'sigmoid', loss: 'mae' },
  { steps: 12, channels: 3, units: 8, batch: 5, outputActivation: 'linear', loss: 'mse' },
  { steps: 9, channels: 1, units: 16, batch: 2, outputActivation: 'sigmoid', loss: 'mse' },
]

export interface LstmCaseModel {
  autoencoder: Autoencoder
  model: tf.LayersModel
  dims: LstmDimensions
  x: Float32Array
}

/** Builds the case's model, overwrites every weight with seeded values in [-0.5, 0.5), and makes its input. */
export function lstmCaseModel(c: LstmCase, seed: number): LstmCaseModel {
  const autoencoder = buildAutoencoder({ kind: 'lstm', units: c.units, outputActivation: c.outputActivation }, { sampleShape: [c.steps, c.channels], seed })
  const model = internalsOf(autoencoder).training
  let k = 0
  for (const v of Object.values(lstmVariables(model))) {
    const values = seededValues(v.size, seed * 31 + k++).map((a) => a * 0.5)
    const t = tf.tensor(values, v.shape)
    v.assign(t)
    t.dispose()
  }
  const x = seededValues(c.batch * c.steps * c.channels, seed + 1000).map((a) => 0.5 + 0.5 * a)
  return { autoencoder, model, dims: lstmDimensions(model), x }
}

/** Largest |a − b| over the largest |b| (or 1 when |b| is smaller): a float32 error relative to the scale. */
export function scaledError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let diff = 0
  let scale = 0
  for (let i = 0; i < b.length; i++) {
    diff = Math.max(diff, Math.abs(a[i] - b[i]))
    scale = Math.max(scale, Math.abs(b[i]))
  }
  return diff / Math.max(scale, 1e-3)
}
