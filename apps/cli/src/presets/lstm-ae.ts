import type { DetectorOptions } from '@aedetect/detector'
import type { LstmConfig } from '@aedetect/models'
import { asSequences, loadEcgUcr } from './_ecg-ucr'
import { fitAndScorePreset, presetFigures, testCounts } from './_fit-and-score'
import { finishPreset, fmt, seconds } from './_preset-output'
import type { PresetContext } from './preset-context'

// The configuration the bench reports (bench/src/_bench-configs.ts ECG_LSTM): frames of 10 steps (14 LSTM steps),
// chosen on ECG5000 UCR over frame lengths 1–14; one value per LSTM step learned the 140-step beats poorly and slowly.
const ARCHITECTURE: LstmConfig = { kind: 'lstm', units: 64, frameLength: 10, outputActivation: 'sigmoid' }
const EPOCHS = 100

/**
 * `train --preset lstm-ae`: an LSTM encoder-decoder (LSTM 64 → repeat → LSTM 64 → time-distributed dense) on the
 * ECG5000 beats as sequences `[140, 1]`, UCR split (fit on the 292 normal beats of the train file, 10 % held out
 * for early stopping and the threshold; test on the 4,500 beats of the test file). Global min-max, MAE, Adam 2e-3,
 * batch 8, up to 100 epochs with patience 20; threshold = 99th percentile of the held-out normal errors.
 */
export async function runLstmAePreset(context: PresetContext): Promise<void> {
  const started = performance.now()
  const data = await loadEcgUcr({ dataDir: context.dataDir, limit: context.limit })
  const sequences = { ...data, train: asSequences(data.train), test: asSequences(data.test) }
  const options = (epochs: number): Omit<DetectorOptions, 'seed' | 'featureNames' | 'onEpochEnd'> => ({
    architecture: ARCHITECTURE,
    scaler: { kind: 'minmax', per: 'global' },
    training: { epochs, batchSize: 8, learningRate: 2e-3, loss: 'mae', earlyStopping: { patience: 20 } },
  })
  await fitAndScorePreset(context, sequences, EPOCHS, options, async (run) => {
    const { detector, report, epochs } = run
    const history = detector.state.history
    const output = {
      preset: 'lstm-ae',
      data: 'ECG5000 beats as sequences [140, 1], UCR split (fit on the normal beats of the UCR train file, test on the UCR test file)',
      architecture: detector.state.architecture,
      split: { trainNormal: data.train.shape[0], test: testCounts(report) },
      training: { epochs, epochsRun: history?.epochsRun, bestEpoch: history?.bestEpoch },
      ...presetFigures(context, run),
    }
    const cm = report.confusionMatrix
    finishPreset(context, output, 'LSTM encoder-decoder on ECG5000 beats (UCR split)', [
      `split: fit on ${data.train.shape[0]} normal beats, test ${report.normals} normal / ${report.anomalies} anomalous`,
      `ROC-AUC ${fmt(report.rocAuc)}   average precision ${fmt(report.averagePrecision)}`,
      `threshold ${fmt(detector.threshold.value)} (99th percentile of the held-out normal MAE): tp ${cm.tp} fp ${cm.fp} tn ${cm.tn} fn ${cm.fn}, F1 ${fmt(report.anomalyPositive.f1)}`,
      `epochs run ${history?.epochsRun ?? epochs} (best ${history?.bestEpoch ?? '-'}); fit ${seconds(run.fitMs)}, score ${run.scoreMs.toFixed(0)} ms`,
      ...(run.budget === undefined ? [] : [run.budget]),
    ])
  }, started)
}
