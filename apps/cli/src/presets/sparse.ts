import type { DetectorOptions } from '@aedetect/detector'
import type { DenseConfig } from '@aedetect/models'
import { loadEcgUcr } from './_ecg-ucr'
import { fitAndScorePreset, presetFigures, testCounts } from './_fit-and-score'
import { finishPreset, fmt, seconds } from './_preset-output'
import type { PresetContext } from './preset-context'

// The sparse-AE recipe of the Keras blog ("Building autoencoders in Keras", adding a sparsity constraint): one
// dense code layer of 32 relu units with an L1 activity regulariser of 1e-4 ("10e-5" in the blog), sigmoid out.
// Keras divides an activity penalty by the batch size, so its l1(w) is SparsityConfig { kind: 'l1', weight: w }.
const SPARSITY_WEIGHT = 1e-4
const ARCHITECTURE: DenseConfig = { kind: 'dense', hiddenUnits: [32], activation: 'relu', outputActivation: 'sigmoid', sparsity: { kind: 'l1', weight: SPARSITY_WEIGHT } }
const EPOCHS = 100

/**
 * `train --preset sparse`: an L1 activity-regularised dense autoencoder 140 → 32 → 140 on the ECG5000 beats, UCR
 * split (fit on the 292 normal beats of the train file, 10 % held out; test on the UCR test file). Global min-max,
 * MSE, Adam 1e-3, batch 32, 100 epochs with early stopping (patience 10); threshold = 99th percentile of the
 * held-out normal errors. Reports the ROC-AUC and how sparse the code is on the test beats.
 */
export async function runSparsePreset(context: PresetContext): Promise<void> {
  const started = performance.now()
  const data = await loadEcgUcr({ dataDir: context.dataDir, limit: context.limit })
  const options = (epochs: number): Omit<DetectorOptions, 'seed' | 'featureNames' | 'onEpochEnd'> => ({
    architecture: ARCHITECTURE,
    scaler: { kind: 'minmax', per: 'global' },
    training: { epochs, batchSize: 32, learningRate: 1e-3, loss: 'mse', earlyStopping: { patience: 10 } },
  })
  await fitAndScorePreset(context, data, EPOCHS, options, async (run) => {
    const { detector, report, epochs } = run
    const codes = await detector.encode(data.test)
    const code = codeSparsity(codes.data, codes.shape[1] ?? 1)
    const history = detector.state.history
    const output = {
      preset: 'sparse',
      data: 'ECG5000 beats [140], UCR split (fit on the normal beats of the UCR train file, test on the UCR test file)',
      architecture: detector.state.architecture,
      split: { trainNormal: data.train.shape[0], test: testCounts(report) },
      code,
      training: { epochs, epochsRun: history?.epochsRun, bestEpoch: history?.bestEpoch },
      ...presetFigures(context, run),
    }
    finishPreset(context, output, `Sparse autoencoder (L1 activity ${SPARSITY_WEIGHT} on a 32-unit code) on ECG5000 beats (UCR split)`, [
      `split: fit on ${data.train.shape[0]} normal beats, test ${report.normals} normal / ${report.anomalies} anomalous`,
      `ROC-AUC ${fmt(report.rocAuc)}   average precision ${fmt(report.averagePrecision)}   F1 ${fmt(report.anomalyPositive.f1)} at threshold ${fmt(detector.threshold.value)}`,
      `code on the test beats: mean |activation| ${fmt(code.meanAbsActivation)}, ${(code.zeroFraction * 100).toFixed(1)} % of the values exactly 0, ${code.deadUnits} of ${code.units} units never active`,
      `epochs run ${history?.epochsRun ?? epochs} (best ${history?.bestEpoch ?? '-'}); fit ${seconds(run.fitMs)}, score ${run.scoreMs.toFixed(0)} ms`,
      ...(run.budget === undefined ? [] : [run.budget]),
    ])
  }, started)
}

/** How sparse a code matrix `[n, units]` is. */
interface CodeSparsity { units: number; meanAbsActivation: number; zeroFraction: number; deadUnits: number }

function codeSparsity(values: Float32Array, units: number): CodeSparsity {
  let abs = 0
  let zeros = 0
  const active = new Uint8Array(units)
  for (let i = 0; i < values.length; i++) {
    const v = values[i]
    abs += Math.abs(v)
    if (v === 0) zeros++
    else active[i % units] = 1
  }
  let dead = 0
  for (let u = 0; u < units; u++) if (active[u] === 0) dead++
  return { units, meanAbsActivation: abs / values.length, zeroFraction: zeros / values.length, deadUnits: dead }
}
