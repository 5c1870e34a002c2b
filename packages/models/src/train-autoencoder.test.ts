import * as tf from '@tensorflow/tfjs'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Samples } from '@aedetect/core'
import { applyNoise, type NoiseConfig } from '@aedetect/preprocessing'
import {
  buildAutoencoder,
  encode,
  reconstruct,
  trainAutoencoder,
  type AutoencoderConfig,
  type EpochProgress,
  type TrainingHistory,
} from '@aedetect/models'
import { ecgRows } from './_test-data'

// Data: the 292 normal beats (class 1) of the UCR ECG5000 TRAIN file, global min-max to [0, 1].
let x: Samples
let tensorsBefore = 0

async function trained(config: AutoencoderConfig, epochs: number, seed: number, extra: Parameters<typeof trainAutoencoder>[2] = {}) {
  const ae = buildAutoencoder(config, { sampleShape: [140], seed })
  const history = await trainAutoencoder(ae, x, { epochs, batchSize: 32, seed, ...extra })
  const out = await reconstruct(ae, x)
  const code = await encode(ae, x)
  ae.dispose()
  return { history, out, code }
}

describe('trainAutoencoder (dense, ECG5000 normal beats, cpu)', () => {
  let history: TrainingHistory
  const progress: EpochProgress[] = []

  beforeAll(async () => {
    await tf.setBackend('cpu')
    x = ecgRows(292)
    tensorsBefore = tf.memory().numTensors
    const ae = buildAutoencoder({ kind: 'dense' }, { sampleShape: [140], seed: 7 })
    history = await trainAutoencoder(ae, x, { epochs: 20, batchSize: 32, validationFraction: 0.2, seed: 7, onEpochEnd: (p) => progress.push(p) })
    ae.dispose()
  })

  afterAll(() => {
    expect(tf.memory().numTensors).toBe(tensorsBefore)
  })

  test('the loss falls by more than 4× in 20 epochs and the validation loss follows', () => {
    // Measured: loss 0.01562 → 0.00231 (6.8×), valLoss 0.01484 → 0.00273 (5.4×) (seed 7, 20 epochs, batch 32, 234 train / 58 validation rows).
    expect(x.shape).toEqual([292, 140])
    expect(history.epochsRun).toBe(20)
    expect(history.loss).toHaveLength(20)
    expect(history.valLoss).toHaveLength(20)
    expect(history.loss[19]).toBeLessThan(history.loss[0] / 4)
    expect(history.valLoss[19]).toBeLessThan(history.valLoss[0] / 4)
    expect(history.stoppedEarly).toBe(false)
    expect(history.bestEpoch).toBe(history.valLoss.indexOf(Math.min(...history.valLoss)) + 1)
    expect(history.samplesPerSecond).toBeGreaterThan(0)
  })

  test('progress reports every epoch, 1-based, with the losses of the history', () => {
    expect(progress.map((p) => p.epoch)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1))
    expect(progress.map((p) => p.loss)).toEqual(history.loss)
    expect(progress.map((p) => p.valLoss)).toEqual(history.valLoss)
    expect(progress.every((p) => p.epochs === 20 && p.samplesPerSecond > 0 && p.etaMs >= 0)).toBe(true)
    expect(progress[19].etaMs).toBe(0)
    expect(progress[19].elapsedMs).toBeGreaterThan(progress[0].elapsedMs)
  })

  test('the same seed gives bit-identical losses, reconstructions and codes on cpu; another seed does not', async () => {
    const config: AutoencoderConfig = { kind: 'dense', dropout: 0.1 }
    const a = await trained(config, 3, 11)
    const b = await trained(config, 3, 11)
    const c = await trained(config, 3, 12)
    expect(b.history.loss).toEqual(a.history.loss)
    expect(Buffer.from(b.out.data.buffer).equals(Buffer.from(a.out.data.buffer))).toBe(true)
    expect(Buffer.from(b.code.data.buffer).equals(Buffer.from(a.code.data.buffer))).toBe(true)
    expect(c.history.loss[2]).not.toBe(a.history.loss[2])
  })

  test('early stopping stops after `patience` epochs without improvement and restores the best epoch bit for bit', async () => {
    // minDelta 1 is larger than any loss here, so no epoch after the first counts as an improvement.
    const stopped = await trained({ kind: 'dense' }, 10, 3, { earlyStopping: { patience: 2, minDelta: 1 } })
    expect(stopped.history.epochsRun).toBe(3)
    expect(stopped.history.stoppedEarly).toBe(true)
    expect(stopped.history.bestEpoch).toBe(1)
    // The shuffles are seeded per epoch, so epoch 1 of any run with this seed is the same epoch.
    const one = await trained({ kind: 'dense' }, 1, 3)
    expect(Buffer.from(stopped.out.data.buffer).equals(Buffer.from(one.out.data.buffer))).toBe(true)
  })

  test('an AbortSignal stops training with E_ABORTED and leaves no tensors', async () => {
    const before = tf.memory().numTensors
    const ae = buildAutoencoder({ kind: 'dense' }, { sampleShape: [140] })
    const controller = new AbortController()
    const seen: number[] = []
    const run = trainAutoencoder(ae, x, {
      epochs: 10,
      validationFraction: 0.2,
      earlyStopping: {},
      signal: controller.signal,
      onEpochEnd: (p) => {
        seen.push(p.epoch)
        if (p.epoch === 2) controller.abort()
      },
    })
    await expect(run).rejects.toThrowErrorMatchingInlineSnapshot(`[AedetectError: trainAutoencoder(): training was aborted by the caller's AbortSignal.]`)
    await expect(run).rejects.toMatchObject({ code: 'E_ABORTED' })
    expect(seen).toEqual([1, 2])
    ae.dispose()
    expect(tf.memory().numTensors).toBe(before)
  })

  test("onAbort 'keepBest': an abort from a timer after epoch 2 stops before epoch 3 and keeps the best epoch's weights", async () => {
    // ECG5000 normal beats: the first 232 train, the last 60 validate; seed 11. The abort comes from a timer set in
    // epoch 2's callback, so it can only land if training yields to the event loop between epochs (the fused dense
    // loop never does inside an epoch); without that hop all 8 epochs would run.
    const before = tf.memory().numTensors
    const train: Samples = { data: x.data.subarray(0, 232 * 140), shape: [232, 140] }
    const validation: Samples = { data: x.data.subarray(232 * 140), shape: [60, 140] }
    const ae = buildAutoencoder({ kind: 'dense' }, { sampleShape: [140], seed: 11 })
    const controller = new AbortController()
    const seen: number[] = []
    const history = await trainAutoencoder(ae, train, {
      epochs: 8,
      batchSize: 32,
      learningRate: 0.01,
      seed: 11,
      validation,
      onAbort: 'keepBest',
      signal: controller.signal,
      onEpochEnd: (p) => {
        seen.push(p.epoch)
        if (p.epoch === 2) setTimeout(() => controller.abort(), 0)
      },
    })
    expect(seen).toEqual([1, 2])
    expect(history).toMatchObject({ epochsRun: 2, stoppedEarly: true, aborted: true })
    expect(history.valLoss).toHaveLength(2)
    expect(history.bestEpoch).toBe(history.valLoss[0] <= history.valLoss[1] ? 1 : 2)
    // A fresh evaluation of the kept weights gives the validation loss recorded at the best epoch (float32 sums
    // in two different orders: 1e-5 relative).
    const out = await reconstruct(ae, validation)
    let sum = 0
    for (let i = 0; i < out.data.length; i++) sum += (out.data[i] - validation.data[i]) ** 2
    const fresh = sum / out.data.length
    expect(Math.abs(fresh - history.valLoss[history.bestEpoch - 1]) / fresh).toBeLessThan(1e-5)
    ae.dispose()
    expect(tf.memory().numTensors).toBe(before)
  })

  test("onAbort 'keepBest' keeps the best epoch, not the last one, when the loss rose", async () => {
    // At a learning rate of 0.02, seed 7, 232 / 60 rows as above, the validation loss is lowest at epoch 6
    // (measured 0.00258) and higher at epoch 8 (0.00264): abort after epoch 8 must keep epoch 6's weights.
    const train: Samples = { data: x.data.subarray(0, 232 * 140), shape: [232, 140] }
    const validation: Samples = { data: x.data.subarray(232 * 140), shape: [60, 140] }
    const ae = buildAutoencoder({ kind: 'dense' }, { sampleShape: [140], seed: 7 })
    const controller = new AbortController()
    const history = await trainAutoencoder(ae, train, {
      epochs: 12,
      batchSize: 32,
      learningRate: 0.02,
      seed: 7,
      validation,
      onAbort: 'keepBest',
      signal: controller.signal,
      onEpochEnd: (p) => {
        if (p.epoch === 8) controller.abort()
      },
    })
    expect(history.epochsRun).toBe(8)
    expect(history.bestEpoch).toBe(6)
    const out = await reconstruct(ae, validation)
    let sum = 0
    for (let i = 0; i < out.data.length; i++) sum += (out.data[i] - validation.data[i]) ** 2
    const fresh = sum / out.data.length
    expect(Math.abs(fresh - history.valLoss[history.bestEpoch - 1]) / fresh).toBeLessThan(1e-5)
    expect(Math.abs(fresh - history.valLoss[7]) / fresh).toBeGreaterThan(1e-2)
    ae.dispose()
  })

  test("onAbort 'keepBest' before any epoch ended still rejects with E_ABORTED; a bad onAbort is E_OPTION", async () => {
    const ae = buildAutoencoder({ kind: 'dense' }, { sampleShape: [140] })
    const controller = new AbortController()
    controller.abort()
    await expect(trainAutoencoder(ae, x, { epochs: 2, onAbort: 'keepBest', signal: controller.signal })).rejects.toThrowErrorMatchingInlineSnapshot(`[AedetectError: trainAutoencoder(): training was aborted by the caller's AbortSignal before its first epoch ended, so there are no best weights to keep (onAbort: 'keepBest'). Abort after the first epoch, or train again.]`)
    await expect(trainAutoencoder(ae, x, { epochs: 2, onAbort: 'keep' as 'keepBest' })).rejects.toThrowErrorMatchingInlineSnapshot(`[AedetectError: trainAutoencoder(): onAbort must be one of 'throw' | 'keepBest', got 'keep'.]`)
    ae.dispose()
  })

  test('a sparse code: L1 lowers the mean |code| and KL pulls the mean activation towards the target', async () => {
    const plain = await trained({ kind: 'dense' }, 10, 5)
    const l1 = await trained({ kind: 'dense', sparsity: { kind: 'l1', weight: 1e-4 } }, 10, 5)
    const kl = await trained({ kind: 'dense', sparsity: { kind: 'kl', target: 0.05, weight: 0.5 } }, 10, 5)
    const meanAbs = (s: Samples): number => s.data.reduce((a, v) => a + Math.abs(v), 0) / s.data.length
    // Measured (seed 5, 10 epochs, batch 32): mean |code| plain 0.661, L1 (1e-4) 0.429 (0.65×);
    // KL (target 0.05, weight 0.5) mean sigmoid activation 0.0512.
    expect(meanAbs(l1.code)).toBeLessThan(meanAbs(plain.code) * 0.8)
    expect(meanAbs(l1.code)).toBeGreaterThan(0)
    expect(meanAbs(kl.code)).toBeCloseTo(0.05, 1)
    expect(kl.code.data.every((v) => v > 0 && v < 1)).toBe(true)
  })

  test('denoising: trained on fresh Gaussian noise each epoch, the model brings noisy beats closer to the clean ones', async () => {
    const noisy = applyNoise(x, { kind: 'gaussian', std: 0.1 }, 99)
    const mse = (a: Float32Array, b: Float32Array): number => {
      let sum = 0
      for (let i = 0; i < a.length; i++) sum += (a[i] - b[i]) ** 2
      return sum / a.length
    }
    const ae = buildAutoencoder({ kind: 'dense' }, { sampleShape: [140], seed: 4 })
    await trainAutoencoder(ae, x, { epochs: 20, batchSize: 32, seed: 4, noise: { kind: 'gaussian', std: 0.1 } })
    const denoised = await reconstruct(ae, noisy)
    ae.dispose()
    // Measured (seed 4, 20 epochs): noisy vs clean MSE 0.0101, denoised vs clean 0.0024 (4.2× closer).
    expect(mse(noisy.data, x.data)).toBeCloseTo(0.01, 3)
    expect(mse(denoised.data, x.data)).toBeLessThan(mse(noisy.data, x.data) / 3)
  })

  test('validationFraction 0 holds out nothing: every sample trains and no validation loss is reported', async () => {
    const train = async (options: { validationFraction?: number }) => {
      const ae = buildAutoencoder({ kind: 'dense' }, { sampleShape: [140], seed: 7 })
      const h = await trainAutoencoder(ae, x, { epochs: 2, batchSize: 32, seed: 7, ...options })
      ae.dispose()
      return h
    }
    const none = await train({ validationFraction: 0 })
    expect(none.valLoss).toEqual([])
    expect(none.loss).toEqual((await train({})).loss)
    expect((await train({ validationFraction: 0.2 })).valLoss).toHaveLength(2)
  })

  test('bad input and options are rejected at the edge, before any work', async () => {
    const ae = buildAutoencoder({ kind: 'dense' }, { sampleShape: [140] })
    const narrow = { data: new Float32Array(20), shape: [2, 10] }
    await expect(trainAutoencoder(ae, narrow)).rejects.toThrowErrorMatchingInlineSnapshot(
      `[AedetectError: trainAutoencoder(): each sample has shape [10]; expected [140]. Pass the same columns in the same order as at fit time.]`,
    )
    const nan = { data: x.data.slice(0, 280), shape: [2, 140] }
    nan.data[141] = Number.NaN
    await expect(trainAutoencoder(ae, nan)).rejects.toThrowErrorMatchingInlineSnapshot(
      `[AedetectError: trainAutoencoder(): sample 1, feature 1 is NaN; every value must be a finite number. Drop or impute missing values first.]`,
    )
    await expect(trainAutoencoder(ae, x, { loss: 'rmse' as 'mse' })).rejects.toThrowErrorMatchingInlineSnapshot(
      `[AedetectError: trainAutoencoder(): loss must be one of 'mse' | 'mae', got 'rmse'.]`,
    )
    await expect(trainAutoencoder(ae, x, { epochs: 0 })).rejects.toThrowErrorMatchingInlineSnapshot(
      `[AedetectError: trainAutoencoder(): epochs must be a positive integer, got 0.]`,
    )
    await expect(trainAutoencoder(ae, x, { validationFraction: 0.001 })).rejects.toThrowErrorMatchingInlineSnapshot(
      `[AedetectError: trainAutoencoder(): validationFraction 0.001 of 292 samples holds out 0; it must leave at least one sample on each side.]`,
    )
    await expect(trainAutoencoder(ae, x, { noise: { kind: 'pink' } as unknown as NoiseConfig })).rejects.toThrowErrorMatchingInlineSnapshot(`[AedetectError: applyNoise(): noise.kind is 'pink'; expected one of 'gaussian' | 'mask' | 'saltAndPepper'.]`)
    await expect(reconstruct(ae, narrow)).rejects.toMatchObject({ code: 'E_FEATURE_COUNT' })
    ae.dispose()
  })
})
