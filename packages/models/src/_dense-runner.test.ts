// The fused dense runner against the stock one (fitRunner = model.fit) on the same batches: loss curves on
// cpu and wasm, weights written back, the stock runner kept for models it does not fuse, and through
// trainAutoencoder: seeds, AbortSignal, early stopping.
import * as tf from '@tensorflow/tfjs'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { AedetectError, type Samples } from '@aedetect/core'
import { applyNoise } from '@aedetect/preprocessing'
import type { DenseConfig } from './autoencoder-config'
import { internalsOf } from './autoencoder'
import { buildAutoencoder } from './build-autoencoder'
import { fitRunner, type RunnerOptions } from './_fit-runner'
import { denseRunner } from './_dense-runner'
import { trainAutoencoder } from './train-autoencoder'
import { ecgRows } from './_test-data'
import { useBackend } from './_test-backend'

interface Curve {
  loss: number[]
  valLoss: number[]
  /** The model's own loss on the validation rows after the last epoch (model.predict, not the runner). */
  predictedValLoss: number
  weights: Float32Array[]
}

/** Trains a fresh model (seed 4) for `epochs` epochs on the same batches with one of the two runners. */
async function curve(which: 'fit' | 'fused', config: DenseConfig, input: Samples, target: Samples, options: RunnerOptions, epochs: number): Promise<Curve> {
  const ae = buildAutoencoder(config, { sampleShape: input.shape.slice(1), seed: 4 })
  const runner = which === 'fit' ? fitRunner(ae, options) : denseRunner(ae, options)
  const out: Curve = { loss: [], valLoss: [], predictedValLoss: Number.NaN, weights: [] }
  for (let e = 0; e < epochs; e++) {
    const r = await runner.runEpoch(input, target)
    out.loss.push(r.loss)
    out.valLoss.push(r.valLoss ?? Number.NaN)
  }
  runner.dispose()
  const v = options.validation
  if (v) {
    out.predictedValLoss = tf.tidy(() => {
      const xv = tf.tensor(v.data, v.shape)
      const lossOf = options.loss === 'mse' ? tf.losses.meanSquaredError : tf.losses.absoluteDifference
      return lossOf(xv, ae.model.predict(xv) as tf.Tensor).dataSync()[0]
    })
  }
  out.weights = internalsOf(ae).storage.getWeights().map((w) => w.dataSync() as Float32Array)
  ae.dispose()
  return out
}

function worstRelative(a: number[], b: number[]): number {
  let worst = 0
  for (let i = 0; i < b.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]) / Math.abs(b[i]))
  return worst
}

// 100 normal ECG5000 beats: 80 to train (batch 32: two full batches and one of 16 per epoch), 20 for
// validation; 6 epochs = 18 Adam steps.
const rows = ecgRows(100)
const train: Samples = { data: rows.data.subarray(0, 80 * 140), shape: [80, 140] }
const validation: Samples = { data: rows.data.subarray(80 * 140), shape: [20, 140] }
const CASES = [
  // The default dense model (140-32-16-8-16-32-140, relu, sigmoid output), MSE, learning rate 1e-2 so the
  // weights move far from where they started.
  { name: 'default relu / sigmoid, mse', config: { kind: 'dense' } as DenseConfig, loss: 'mse' as const, learningRate: 1e-2, noisy: false },
  // Another stack and loss, denoising (Gaussian noise on the input, the clean beat as target). MAE's sign
  // gradient amplifies float32 rounding differences chaotically at large steps (at 1e-2 the two curves
  // agree to 5e-8 in epoch 1 and drift to 7e-3 by epoch 6, on cpu and wasm alike), so this case uses 1e-3.
  // Dropout 0.2 after the hidden layers: the fused runner draws its masks from the model's own dropout layers,
  // so both runners drop the same units in the same batches.
  { name: 'relu 32-8-32 with dropout 0.2 / sigmoid, mse', config: { kind: 'dense', hiddenUnits: [32, 8, 32], dropout: 0.2 } as DenseConfig, loss: 'mse' as const, learningRate: 1e-2, noisy: false },
  { name: 'elu 24-6-24 / linear, mae, denoising', config: { kind: 'dense', hiddenUnits: [24, 6, 24], activation: 'elu', outputActivation: 'linear' } as DenseConfig, loss: 'mae' as const, learningRate: 1e-3, noisy: true },
]

describe.each(['cpu', 'wasm'] as const)('fused dense training follows the stock fitRunner (model.fit) on %s', (backend) => {
  describe.each(CASES)('$name', ({ config, loss, learningRate, noisy }) => {
    const options: RunnerOptions = { batchSize: 32, learningRate, loss, validation, seed: 1 }
    const input = noisy ? applyNoise(train, { kind: 'gaussian', std: 0.05 }, 9) : train
    let fit: Curve
    let fused: Curve
    let leaked = 0
    let leakedData = 0
    beforeAll(async () => {
      await useBackend(backend)
      fit = await curve('fit', config, input, train, options, 6)
      const before = tf.memory().numTensors
      // The wasm products call the BatchMatMul kernel directly: its outputs are backend data, not tensors.
      const dataBefore = tf.engine().backend.numDataIds()
      fused = await curve('fused', config, input, train, options, 6)
      leaked = tf.memory().numTensors - before
      leakedData = tf.engine().backend.numDataIds() - dataBefore
    })
    afterAll(async () => {
      await useBackend('cpu')
    })

    test('training and validation losses per epoch equal model.fit within 1e-4 relative', () => {
      // The loss must fall, so the comparison is about a model that learns (measured 0.0149 → 0.0032 for
      // the MSE case, 0.577 → 0.399 for the MAE one).
      expect(fit.loss[5]).toBeLessThan(fit.loss[0] * 0.8)
      // Gradients agree to ~4e-7 per step (fused-dense/dense-fused-backward.test.ts); Adam carries the float32
      // differences forward. Measured worst over the 6 epochs (both cases, cpu and wasm): 3.4e-6 (loss), 4.9e-6
      // (validation loss); 1e-4 leaves a 20× margin.
      expect(worstRelative(fused.loss, fit.loss)).toBeLessThan(1e-4)
      expect(worstRelative(fused.valLoss, fit.valLoss)).toBeLessThan(1e-4)
    })

    test("the weights are written back: the model's own predict gives the fused runner's last validation loss", () => {
      // float32 forward passes of the same weights, summed in different orders: measured ≤ 3e-8 on cpu,
      // 4.9e-7 on wasm (its Mean kernel sums in float32).
      expect(Math.abs(fused.predictedValLoss - fused.valLoss[5]) / fused.valLoss[5]).toBeLessThan(1e-5)
    })

    test('no tensors and no backend data leak', () => {
      expect(leaked).toBe(0)
      expect(leakedData).toBe(0)
    })
  })
})

describe('denseRunner uses the stock runner for what it does not fuse (cpu)', () => {
  const options: RunnerOptions = { batchSize: 32, learningRate: 1e-2, loss: 'mse', validation, seed: 1 }
  const small = { data: train.data.subarray(0, 32 * 140), shape: [32, 140] }
  test.each([
    ['batch normalisation', { kind: 'dense', hiddenUnits: [16, 4, 16], batchNorm: true }],
    ['a sparsity penalty', { kind: 'dense', hiddenUnits: [16, 4, 16], sparsity: { kind: 'l1', weight: 1e-3 } }],
  ] as [string, DenseConfig][])('%s: losses and weights bit-identical to fitRunner', async (_name, config) => {
    await useBackend('cpu')
    const before = tf.memory().numTensors
    const fit = await curve('fit', config, small, small, options, 2)
    const fused = await curve('fused', config, small, small, options, 2)
    expect(fused.loss).toEqual(fit.loss)
    expect(fused.valLoss).toEqual(fit.valLoss)
    expect(fused.weights.map((w) => Array.from(w))).toEqual(fit.weights.map((w) => Array.from(w)))
    expect(tf.memory().numTensors).toBe(before)
  })

  test('a plain stack is fused: its losses differ from fitRunner in the last bits', async () => {
    await useBackend('cpu')
    const config: DenseConfig = { kind: 'dense', hiddenUnits: [16, 4, 16] }
    const fit = await curve('fit', config, small, small, options, 2)
    const fused = await curve('fused', config, small, small, options, 2)
    expect(fused.loss).not.toEqual(fit.loss)
    expect(worstRelative(fused.loss, fit.loss)).toBeLessThan(1e-4)
  })
})

describe('trainAutoencoder trains plain dense models with the fused runner (cpu)', () => {
  const x: Samples = { data: rows.data.subarray(0, 60 * 140), shape: [60, 140] }
  const trainWeights = async (seed: number): Promise<Float32Array[]> => {
    const ae = buildAutoencoder({ kind: 'dense' }, { sampleShape: [140], seed })
    await trainAutoencoder(ae, x, { epochs: 3, batchSize: 16, seed, validationFraction: 0.25, noise: { kind: 'gaussian', std: 0.05 } })
    const weights = internalsOf(ae).storage.getWeights().map((w) => w.dataSync() as Float32Array)
    ae.dispose()
    return weights
  }

  test('the same seed gives bit-identical weights; another seed does not; no tensors leak', async () => {
    await useBackend('cpu')
    const before = tf.memory().numTensors
    const a = await trainWeights(11)
    const b = await trainWeights(11)
    const c = await trainWeights(12)
    expect(a.length).toBe(12)
    expect(a.map((w) => Array.from(w))).toEqual(b.map((w) => Array.from(w)))
    expect(a[0]).not.toEqual(c[0])
    expect(tf.memory().numTensors).toBe(before)
  })

  test('an AbortSignal stops the fused runner with E_ABORTED; the weights are those it trained; no tensors leak', async () => {
    await useBackend('cpu')
    const before = tf.memory().numTensors
    const ae = buildAutoencoder({ kind: 'dense' }, { sampleShape: [140], seed: 3 })
    const initial = internalsOf(ae).storage.getWeights()[0].dataSync().slice()
    const controller = new AbortController()
    const epochs: number[] = []
    const run = trainAutoencoder(ae, x, {
      epochs: 5,
      batchSize: 16,
      seed: 3,
      onEpochEnd: (p) => {
        epochs.push(p.epoch)
        if (p.epoch === 2) controller.abort()
      },
      signal: controller.signal,
    })
    await expect(run).rejects.toThrow(AedetectError)
    await expect(run).rejects.toMatchObject({ code: 'E_ABORTED' })
    expect(epochs).toEqual([1, 2])
    expect(internalsOf(ae).storage.getWeights()[0].dataSync()).not.toEqual(initial)
    ae.dispose()
    expect(tf.memory().numTensors).toBe(before)
  })

  test('early stopping restores the best epoch: a minDelta no epoch can beat stops after the patience, with epoch 1 weights', async () => {
    await useBackend('cpu')
    const before = tf.memory().numTensors
    const weightsAfter = async (epochs: number, extra: Parameters<typeof trainAutoencoder>[2]): Promise<Float32Array[]> => {
      const ae = buildAutoencoder({ kind: 'dense' }, { sampleShape: [140], seed: 6 })
      const history = await trainAutoencoder(ae, x, { epochs, batchSize: 16, seed: 6, ...extra })
      if (extra?.earlyStopping) expect([history.epochsRun, history.stoppedEarly, history.bestEpoch]).toEqual([3, true, 1])
      const weights = internalsOf(ae).storage.getWeights().map((w) => w.dataSync() as Float32Array)
      ae.dispose()
      return weights
    }
    const stopped = await weightsAfter(10, { earlyStopping: { patience: 2, minDelta: 1 } })
    const one = await weightsAfter(1, {})
    expect(stopped.map((w) => Array.from(w))).toEqual(one.map((w) => Array.from(w)))
    expect(tf.memory().numTensors).toBe(before)
  })
})
