import type { DetectorTrainOptions, PcaConfig } from '@aedetect/detector'
import type { AutoencoderConfig } from '@aedetect/models'

/**
 * Training defaults that belong to an architecture rather than to a kind of data, applied when a caller picks that
 * architecture over the kind's default (its own `training` fields still win):
 * - `lstm`: batch 8, Adam 2e-3, MAE, up to 100 epochs with patience 20. An LSTM learns slowly at the sample
 *   default (batch 64, MSE): ECG5000's UCR split, seed 0, frames of 10 steps: ROC-AUC 0.964 (172 s) at the sample
 *   default, 0.993 (115 s) with these (chosen on ECG5000 over frame lengths and batch sizes, bench `lstm`).
 * Other architectures: nothing (the kind's defaults).
 */
export function architectureTraining(architecture: AutoencoderConfig | PcaConfig): Partial<DetectorTrainOptions> {
  if (architecture.kind === 'lstm') return { epochs: 100, batchSize: 8, learningRate: 2e-3, loss: 'mae', earlyStopping: { patience: 20 } }
  return {}
}
