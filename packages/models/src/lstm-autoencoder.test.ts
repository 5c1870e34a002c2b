import * as tf from '@tensorflow/tfjs'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Samples } from '@aedetect/core'
import { ecgSequences } from './_test-data'
import { runArchitecture, type ArchitectureRun } from './_architecture-check'
import { internalsOf } from './autoencoder'
import { buildAutoencoder } from './build-autoencoder'
import { fitRunner, type RunnerOptions } from './_fit-runner'
import { lstmRunner } from './_lstm-runner'
import { trainAutoencoder } from './train-autoencoder'
import { useBackend } from './_test-backend'

// Data: the first 64 normal beats of ECG5000 TRAIN, every 4th step (35 steps, 1 channel), so the stock
// model.fit reference below stays within seconds.
describe('lstm autoencoder (cpu, 16 units, seed 1, 3 epochs, batch 16, learning rate 5e-3)', () => {
  let run: ArchitectureRun
  beforeAll(async () => {
    run = await runArchitecture({ kind: 'lstm', units: 16 }, ecgSequences(64, 4), { epochs: 3, batchSize: 16, learningRate: 5e-3, seed: 1 })
  })

  test('LSTM → repeat → LSTM → time-distributed dense, code = the encoder state', () => {
    expect(run.summary.layers.map((l) => [l.name, l.type, l.outputShape])).toEqual([
      ['input', 'InputLayer', [null, 35, 1]],
      ['code', 'LSTM', [null, 16]],
      ['repeat', 'RepeatVector', [null, 35, 16]],
      ['decoder_lstm', 'LSTM', [null, 35, 16]],
      ['reconstruction', 'TimeDistributed', [null, 35, 1]],
    ])
    // 4 gates × (16 × (1 + 16) + 16) + 4 × (16 × (16 + 16) + 16) + (16 + 1) = 1,152 + 2,112 + 17.
    expect(run.summary.parameters).toBe(3281)
    expect(run.code.shape).toEqual([64, 16])
  })

  test('the loss falls by more than 4× in 3 epochs', () => {
    // Measured: 0.2702 → 0.0305 (8.9×).
    expect(run.history.loss[2]).toBeLessThan(run.history.loss[0] / 4)
  })

  test('serialize → deserialize reproduces the reconstructions bit for bit; no tensors leak', () => {
    expect(run.roundTripIdentical).toBe(true)
    expect(run.leakedTensors).toBe(0)
  })
})

interface Curve {
  loss: number[]
  valLoss: number[]
}

/** Trains a fresh model (seed 4) for `epochs` epochs on the same batches with one of the two runners. */
async function curve(which: 'fit' | 'fused', train: Samples, options: RunnerOptions, epochs: number): Promise<Curve> {
  const ae = buildAutoencoder({ kind: 'lstm', units: 12, outputActivation: 'sigmoid' }, { sampleShape: train.shape.slice(1), seed: 4 })
  const runner = which === 'fit' ? fitRunner(ae, options) : lstmRunner(ae, options)
  const out: Curve = { loss: [], valLoss: [] }
  for (let e = 0; e < epochs; e++) {
    const r = await runner.runEpoch(train, train)
    out.loss.push(r.loss)
    out.valLoss.push(r.valLoss ?? Number.NaN)
  }
  runner.dispose()
  ae.dispose()
  return out
}

function worstRelative(a: number[], b: number[]): number {
  let worst = 0
  for (let i = 0; i < b.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]) / Math.abs(b[i]))
  return worst
}

// 40 normal ECG5000 beats, every 7th step (20 steps), batch 16 (two full batches and one of 8 per epoch),
// 6 epochs = 18 Adam steps; validation: the next 16 beats.
describe.each(['cpu', 'wasm'] as const)('fused LSTM training follows stock model.fit on %s', (backend) => {
  const all = ecgSequences(56, 7)
  const size = 20
  const train: Samples = { data: all.data.subarray(0, 40 * size), shape: [40, size, 1] }
  const validation: Samples = { data: all.data.subarray(40 * size), shape: [16, size, 1] }
  const options: RunnerOptions = { batchSize: 16, learningRate: 1e-2, loss: 'mse', validation, seed: 1 }
  let fit: Curve
  let fused: Curve
  let leaked = 0
  let leakedData = 0
  beforeAll(async () => {
    await useBackend(backend)
    const before = tf.memory().numTensors
    fit = await curve('fit', train, options, 6)
    const dataBefore = tf.engine().backend.numDataIds()
    fused = await curve('fused', train, options, 6)
    leaked = tf.memory().numTensors - before
    leakedData = tf.engine().backend.numDataIds() - dataBefore
  })
  afterAll(async () => {
    await useBackend('cpu')
  })

  test('training and validation losses per epoch equal model.fit within 1e-4 relative', () => {
    // The loss must fall, so the comparison is about a model that learns (measured 0.01052 → 0.00745).
    expect(fit.loss[5]).toBeLessThan(fit.loss[0] * 0.8)
    // Gradients agree to ~3e-7 per step (fused-lstm/lstm-fused-backward.test.ts); Adam carries the float32
    // differences forward. Measured worst over the 6 epochs: 9e-7 relative (cpu and wasm); 1e-4 leaves a
    // 100× margin.
    expect(worstRelative(fused.loss, fit.loss)).toBeLessThan(1e-4)
    expect(worstRelative(fused.valLoss, fit.valLoss)).toBeLessThan(1e-4)
  })

  test('no tensors and no backend data leak', () => {
    expect(leaked).toBe(0)
    expect(leakedData).toBe(0)
  })
})

describe('trainAutoencoder trains LSTM models with the fused runner (cpu)', () => {
  const x = ecgSequences(24, 10)
  const train = async (seed: number): Promise<Float32Array[]> => {
    const ae = buildAutoencoder({ kind: 'lstm', units: 8 }, { sampleShape: x.shape.slice(1), seed })
    await trainAutoencoder(ae, x, { epochs: 2, batchSize: 8, seed, validationFraction: 0.25 })
    const weights = internalsOf(ae).storage.getWeights().map((w) => w.dataSync() as Float32Array)
    ae.dispose()
    return weights
  }

  test('the same seed gives bit-identical weights; another seed does not; no tensors leak', async () => {
    await useBackend('cpu')
    const before = tf.memory().numTensors
    const a = await train(11)
    const b = await train(11)
    const c = await train(12)
    expect(a.length).toBe(8)
    expect(a.map((w) => Array.from(w))).toEqual(b.map((w) => Array.from(w)))
    expect(a[1]).not.toEqual(c[1])
    expect(tf.memory().numTensors).toBe(before)
  })

  test('an AbortSignal stops the fused runner with E_ABORTED; the weights are those it trained; no tensors leak', async () => {
    await useBackend('cpu')
    const before = tf.memory().numTensors
    const ae = buildAutoencoder({ kind: 'lstm', units: 8 }, { sampleShape: x.shape.slice(1), seed: 3 })
    const initial = internalsOf(ae).storage.getWeights()[1].dataSync().slice()
    const controller = new AbortController()
    const run = trainAutoencoder(ae, x, { epochs: 5, batchSize: 8, seed: 3, onEpochEnd: (p) => { if (p.epoch === 2) controller.abort() }, signal: controller.signal })
    await expect(run).rejects.toMatchObject({ code: 'E_ABORTED', message: "trainAutoencoder(): training was aborted by the caller's AbortSignal." })
    expect(internalsOf(ae).storage.getWeights()[1].dataSync()).not.toEqual(initial)
    ae.dispose()
    expect(tf.memory().numTensors).toBe(before)
  })
})

// frameLength folds consecutive steps into one LSTM step by a reshape: the stock model and the fused
// runner must agree on the framed model exactly as on the plain one. 35-step beats, frames of 5 → 7 LSTM steps.
describe('lstm autoencoder with frameLength 5 (cpu)', () => {
  const x = ecgSequences(32, 4)

  test('reshapes [35, 1] to 7 frames of 5 values and back; a frame that does not divide the steps is an E_OPTION', () => {
    const ae = buildAutoencoder({ kind: 'lstm', units: 8, frameLength: 5 }, { sampleShape: [35, 1], seed: 2 })
    const model = internalsOf(ae).training
    expect(model.layers.map((l) => [l.name, l.outputShape])).toEqual([
      ['input', [null, 35, 1]],
      ['frames', [null, 7, 5]],
      ['code', [null, 8]],
      ['repeat', [null, 7, 8]],
      ['decoder_lstm', [null, 7, 8]],
      ['reconstruction', [null, 7, 5]],
      ['unframe', [null, 35, 1]],
    ])
    ae.dispose()
    expect(() => buildAutoencoder({ kind: 'lstm', frameLength: 4 }, { sampleShape: [35, 1], seed: 2 })).toThrow(
      expect.objectContaining({ code: 'E_OPTION', message: 'buildAutoencoder(): frameLength must divide the 35 steps of a sample, got 4; choose a divisor of 35 (1 keeps one value per step).' }),
    )
  })

  test('the fused runner follows model.fit within 1e-4 relative and its reconstructions equal model.predict within 1e-5', async () => {
    await useBackend('cpu')
    const options: RunnerOptions = { batchSize: 8, learningRate: 1e-2, loss: 'mse', seed: 1 }
    const losses = async (which: 'fit' | 'fused'): Promise<{ loss: number[]; output: Float32Array }> => {
      const ae = buildAutoencoder({ kind: 'lstm', units: 8, frameLength: 5, outputActivation: 'sigmoid' }, { sampleShape: [35, 1], seed: 6 })
      const runner = which === 'fit' ? fitRunner(ae, options) : lstmRunner(ae, options)
      const loss: number[] = []
      for (let e = 0; e < 4; e++) loss.push((await runner.runEpoch(x, x)).loss)
      runner.dispose()
      const model = internalsOf(ae).training
      const predicted = tf.tidy(() => model.predict(tf.tensor(x.data, x.shape)) as tf.Tensor)
      const output = predicted.dataSync() as Float32Array
      predicted.dispose()
      ae.dispose()
      return { loss, output }
    }
    const before = tf.memory().numTensors
    const fit = await losses('fit')
    const fused = await losses('fused')
    expect(fit.loss[3]).toBeLessThan(fit.loss[0] * 0.8)
    expect(worstRelative(fused.loss, fit.loss)).toBeLessThan(1e-4)
    let worst = 0
    for (let i = 0; i < fit.output.length; i++) worst = Math.max(worst, Math.abs(fused.output[i] - fit.output[i]))
    expect(worst).toBeLessThan(1e-5)
    expect(tf.memory().numTensors).toBe(before)
  })
})
