import { applyOverrides, defaultsFor } from '@aedetect/evaluation'
import { describe, expect, test } from 'vitest'

describe('an architecture brings its own training defaults', () => {
  test('an LSTM chosen over the sequence default trains at batch 8, Adam 2e-3, MAE, patience 20', () => {
    const merged = applyOverrides(defaultsFor('sequence'), { architecture: { kind: 'lstm', units: 64, frameLength: 10 } })
    expect(merged.training).toEqual({ epochs: 100, batchSize: 8, learningRate: 2e-3, loss: 'mae', earlyStopping: { patience: 20 } })
  })

  test("the caller's training fields win over the architecture's", () => {
    const merged = applyOverrides(defaultsFor('sequence'), { architecture: { kind: 'lstm' }, training: { epochs: 5, loss: 'mse', batchSize: undefined } })
    expect(merged.training).toMatchObject({ epochs: 5, loss: 'mse', batchSize: 8, learningRate: 2e-3 })
  })

  test('other architectures keep the kind defaults', () => {
    expect(applyOverrides(defaultsFor('sequence'), { architecture: { kind: 'conv1d' } }).training).toEqual(defaultsFor('sequence').training)
  })
})
