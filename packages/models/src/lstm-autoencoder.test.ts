import { beforeAll, describe, expect, test } from 'vitest'
import { ecgSequences } from './_test-data'
import { runArchitecture, type ArchitectureRun } from './_architecture-check'

// Data: the first 64 normal beats of ECG5000 TRAIN, every 4th step (35 steps, 1 channel): tfjs's LSTM
// costs per step, and 140 steps train at ~8 samples/s on cpu.
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
