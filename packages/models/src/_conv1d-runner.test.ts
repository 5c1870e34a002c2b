// The fused conv1d runner trains as model.fit does: from the same seeded weights, over the same batches, its
// epoch losses follow fitRunner's within float32 drift, the weights end in the model's variables, and it is the
// runner trainAutoencoder picks (no optimizer is compiled into the model).
import * as tf from '@tensorflow/tfjs'
import { describe, expect, it } from 'vitest'
import { registerKernels } from '@aedetect/tfjs-kernels'
import { buildAutoencoder } from './build-autoencoder'
import { internalsOf } from './autoencoder'
import { seededValues, useBackend } from './_test-backend'
import { fitRunner, type RunnerOptions } from './_fit-runner'
import { conv1dRunner } from './_conv1d-runner'
import { trainAutoencoder } from './train-autoencoder'

describe('conv1dRunner', () => {
  it('follows fitRunner epoch by epoch and is what trainAutoencoder runs', async () => {
    await useBackend('cpu')
    registerKernels({ backends: ['cpu'] })
    const before = tf.memory().numTensors
    const x = { data: seededValues(40 * 16 * 3, 9).map((v) => 0.5 + 0.4 * Math.sin(v * 3)), shape: [40, 16, 3] }
    const options: RunnerOptions = { batchSize: 8, learningRate: 1e-3, loss: 'mse', seed: 1, validation: { data: x.data.slice(0, 8 * 48), shape: [8, 16, 3] } }
    const losses = async (fused: boolean): Promise<{ loss: number; valLoss?: number }[]> => {
      const ae = buildAutoencoder({ kind: 'conv1d', filters: [8, 4], kernelSize: 3 }, { sampleShape: [16, 3], seed: 5 })
      const runner = fused ? conv1dRunner(ae, options) : fitRunner(ae, options)
      const out = [await runner.runEpoch(x, x), await runner.runEpoch(x, x), await runner.runEpoch(x, x)]
      runner.dispose()
      // The weights the runner trained are the model's: predict gives the last validation loss.
      const v = options.validation as { data: Float32Array; shape: number[] }
      const predicted = tf.tidy(() => (internalsOf(ae).training.predict(tf.tensor(v.data, v.shape)) as tf.Tensor).dataSync())
      let sum = 0
      for (let i = 0; i < predicted.length; i++) sum += (predicted[i] - v.data[i]) ** 2
      expect(Math.abs(sum / predicted.length - (out[2].valLoss ?? NaN)) / (out[2].valLoss ?? 1)).toBeLessThan(1e-4)
      ae.dispose()
      return out
    }
    const fused = await losses(true)
    const stock = await losses(false)
    fused.forEach((e, i) => {
      expect(Math.abs(e.loss - stock[i].loss) / stock[i].loss).toBeLessThan(1e-3)
      expect(Math.abs((e.valLoss ?? 0) - (stock[i].valLoss ?? 0)) / (stock[i].valLoss ?? 1)).toBeLessThan(1e-3)
    })
    expect(fused[2].loss).toBeLessThan(fused[0].loss)
    const ae = buildAutoencoder({ kind: 'conv1d', filters: [8, 4], kernelSize: 3 }, { sampleShape: [16, 3], seed: 5 })
    await trainAutoencoder(ae, x, { epochs: 1, batchSize: 8 })
    expect(internalsOf(ae).training.optimizer).toBeUndefined()
    ae.dispose()
    expect(tf.memory().numTensors).toBe(before)
  })
})
