// lstmFusedPredict equals the stock model's predict, across batch boundaries, on cpu and wasm.
import * as tf from '@tensorflow/tfjs'
import { describe, expect, it } from 'vitest'
import { internalsOf } from '../autoencoder'
import { buildAutoencoder } from '../build-autoencoder'
import { ecgSequences } from '../_test-data'
import { useBackend } from '../_test-backend'
import { lstmFusedPredict } from './lstm-fused-predict'
import { scaledError } from './lstm-test-case'

describe.each(['cpu', 'wasm'] as const)('lstmFusedPredict on %s', (backend) => {
  it('equals model.predict on 7 ECG5000 beats (35 steps, 16 units, sigmoid) in passes of 3', async () => {
    await useBackend(backend)
    const before = tf.memory().numTensors
    const dataBefore = tf.engine().backend.numDataIds()
    const x = ecgSequences(7, 4)
    const ae = buildAutoencoder({ kind: 'lstm', units: 16, outputActivation: 'sigmoid' }, { sampleShape: x.shape.slice(1), seed: 9 })
    const model = internalsOf(ae).training
    const expected = tf.tidy(() => (model.predict(tf.tensor(x.data, x.shape)) as tf.Tensor).dataSync())
    const got = lstmFusedPredict(model, x, 3)
    ae.dispose()
    expect(got.shape).toEqual([7, 35, 1])
    // float32 rounding only (see lstm-fused-forward.test.ts); measured worst below 2e-7 of the output scale.
    expect(scaledError(got.data, expected)).toBeLessThan(2e-6)
    expect(tf.memory().numTensors).toBe(before)
    expect(tf.engine().backend.numDataIds()).toBe(dataBefore)
  })
})
