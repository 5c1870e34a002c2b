import type { DetectorOptions } from '@aedetect/detector'

// Configurations that more than one suite reports, defined once.

/**
 * The LSTM configuration the benches report on ECG5000 (140 steps, 1 channel): frames of 10 steps (14 LSTM
 * steps), MAE, Adam 2e-3, batch 8, up to 100 epochs with patience 20. Chosen on ECG5000 UCR over frame lengths
 * 1, 4, 5, 7, 10 and 14 (seeds 0/1/2: 0.976, 0.985, 0.986, 0.987, 0.990, 0.984); not the sequence default
 * (Conv1D), so not part of the "one default per kind of data" rule.
 */
export const ECG_LSTM: Omit<DetectorOptions, 'seed'> = {
  architecture: { kind: 'lstm', units: 64, frameLength: 10, outputActivation: 'sigmoid' },
  scaler: { kind: 'minmax', per: 'global' },
  training: { epochs: 100, batchSize: 8, learningRate: 2e-3, loss: 'mae', earlyStopping: { patience: 20 } },
}
