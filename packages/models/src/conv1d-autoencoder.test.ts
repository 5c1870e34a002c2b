import { beforeAll, describe, expect, test } from 'vitest'
import { ecgSequences } from './_test-data'
import { runArchitecture, type ArchitectureRun } from './_architecture-check'

// Data: the first 64 normal beats of ECG5000 TRAIN as sequences [140, 1], min-max to [0, 1].
// Small filters and few rows: stock tfjs-cpu's Conv2DBackpropFilter trains this at ~35 samples/s.
describe("conv1d autoencoder (cpu, seed 1, 3 epochs, batch 16, learning rate 1e-2)", () => {
  let run: ArchitectureRun
  beforeAll(async () => {
    run = await runArchitecture({ kind: 'conv1d', filters: [8, 4] }, ecgSequences(64), { epochs: 3, batchSize: 16, learningRate: 1e-2, seed: 1 })
  })

  test('strided convolutions halve 140 → 70 → 35 and transposed convolutions restore 140', () => {
    const shapes = Object.fromEntries(run.summary.layers.map((l) => [l.name, l.outputShape]))
    expect(shapes.encoder_1).toEqual([null, 70, 8])
    expect(shapes.code).toEqual([null, 35, 4])
    expect(shapes.decoder_1).toEqual([null, 70, 1, 4])
    expect(shapes.decoder_2).toEqual([null, 140, 1, 8])
    expect(shapes.reconstruction).toEqual([null, 140, 1])
    expect(run.code.shape).toEqual([64, 35, 4])
    expect(run.reconstruction.shape).toEqual([64, 140, 1])
  })

  test('the loss falls by more than 4× in 3 epochs', () => {
    // Measured: 0.2794 → 0.0454 (6.2×).
    expect(run.history.loss[2]).toBeLessThan(run.history.loss[0] / 4)
  })

  test('serialize → deserialize reproduces the reconstructions bit for bit; no tensors leak', () => {
    expect(run.roundTripIdentical).toBe(true)
    expect(run.leakedTensors).toBe(0)
  })
})

describe('conv1d autoencoder with a dense code (cpu, seed 1, 3 epochs, batch 16, learning rate 1e-2)', () => {
  let run: ArchitectureRun
  beforeAll(async () => {
    run = await runArchitecture({ kind: 'conv1d', filters: [8, 4], codeUnits: 6 }, ecgSequences(64), { epochs: 3, batchSize: 16, learningRate: 1e-2, seed: 1 })
  })

  test('35 × 4 feature map → flatten → 6-unit code → dense 140 → reshape [35, 4] → decoder', () => {
    const shapes = Object.fromEntries(run.summary.layers.map((l) => [l.name, l.outputShape]))
    expect(shapes.encoder_2).toEqual([null, 35, 4])
    expect(shapes.code).toEqual([null, 6])
    expect(shapes.decoder_dense).toEqual([null, 140])
    expect(shapes.decoder_reshape).toEqual([null, 35, 4])
    expect(shapes.reconstruction).toEqual([null, 140, 1])
    expect(run.code.shape).toEqual([64, 6])
  })

  test('the loss falls by more than 2× in 3 epochs', () => {
    expect(run.history.loss[2]).toBeLessThan(run.history.loss[0] / 2)
  })

  test('serialize → deserialize reproduces the reconstructions bit for bit; no tensors leak', () => {
    expect(run.roundTripIdentical).toBe(true)
    expect(run.leakedTensors).toBe(0)
  })
})
