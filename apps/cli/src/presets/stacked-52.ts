import { AedetectError, selectSamples, type Samples } from '@aedetect/core'
import type { DetectorOptions } from '@aedetect/detector'
import type { DenseConfig } from '@aedetect/models'
import { trainValidationTestSplit } from '@aedetect/preprocessing'
import { loadData, type LoadedTable } from '../data-source'
import { spread } from './_ecg-ucr'
import { fitAndScorePreset, presetFigures, testCounts } from './_fit-and-score'
import { finishPreset, fmt, seconds } from './_preset-output'
import type { PresetContext } from './preset-context'

/** Feature columns the recipe's model takes (the 52 process variables of the Tennessee Eastman benchmark). */
export const STACKED_FEATURES = 52
const ARCHITECTURE: DenseConfig = { kind: 'dense', hiddenUnits: [32, 16, 32], activation: 'relu', outputActivation: 'linear' }
const EPOCHS = 100

/** Mean and population std of one variable's squared reconstruction error. */
export interface VariableError { variable: string; mean: number; std: number; anomalousMean: number; z: number }

/**
 * `train --preset stacked-52`: the lecture recipe of a stacked autoencoder for process monitoring, on the user's
 * labelled CSV (`--csv FILE --label COL`, 52 feature columns). Seeded stratified split: 20 % test, 20 % of the rest
 * a labelled validation split, the normal rows of the remainder train. Per-variable standardisation fitted on the
 * training rows; dense 52-32-16-32-52, relu, linear out, MSE, Adam 1e-3, batch 32, up to 100 epochs with early
 * stopping on the normal validation rows (patience 10). The threshold maximises F1 on the labelled validation
 * split; each variable's squared error has its mean and std taken on the normal validation rows (the control
 * limits of a contribution chart), and the test anomalies' mean error per variable is set against them.
 */
export async function runStacked52Preset(context: PresetContext): Promise<void> {
  const started = performance.now()
  if (context.csv === undefined) {
    throw new AedetectError('E_OPTION', `--preset stacked-52 trains on your labelled table: pass --csv FILE --label COLUMN (${STACKED_FEATURES} feature columns; --features picks them from a wider file).`)
  }
  const table = (await loadData({ csv: context.csv, label: context.label, normal: context.normal, features: context.features, dataDir: context.dataDir })) as LoadedTable
  const got = table.x.shape[1] ?? 0
  if (got !== STACKED_FEATURES) {
    throw new AedetectError('E_FEATURE_COUNT', `--preset stacked-52: ${context.csv} has ${got} feature columns, the recipe's 52-32-16-32-52 autoencoder takes ${STACKED_FEATURES}; ${got > STACKED_FEATURES ? `pick ${STACKED_FEATURES} of them with --features` : 'for another width run train --csv without --preset'}.`)
  }
  const split = trainValidationTestSplit(table.labels, { testFraction: 0.2, validationFraction: 0.2, seed: context.seed, stratify: true, normalOnlyTraining: false })
  const normalOf = (rows: ArrayLike<number>, label: number): number[] => Array.from(rows).filter((r) => table.labels[r] === label)
  const trainRows = spread(normalOf(split.trainRows, 0), context.limit)
  const validationNormal = normalOf(split.validationRows, 0)
  const validationAnomalous = normalOf(split.validationRows, 1)
  const testRows = spread(Array.from(split.testRows), context.limit)
  if (validationAnomalous.length === 0) {
    throw new AedetectError('E_NO_ANOMALY', `--preset stacked-52: the labelled validation split of ${context.csv} holds no anomaly (${table.labels.reduce((a, b) => a + b, 0)} in the whole file), and the F1-maximising threshold needs some. Check --label and --normal, or pass a file with more anomalous rows.`)
  }
  const rows = (r: number[]): Samples => selectSamples(table.x, r)
  const test = rows(testRows)
  const testLabels = Uint8Array.from(testRows, (r) => table.labels[r])
  const data = { train: rows(trainRows), test, testLabels, featureNames: table.featureNames }
  const options = (epochs: number): Omit<DetectorOptions, 'seed' | 'featureNames' | 'onEpochEnd'> => ({
    architecture: ARCHITECTURE,
    scaler: { kind: 'standard', per: 'feature' },
    training: { epochs, batchSize: 32, learningRate: 1e-3, loss: 'mse', earlyStopping: { patience: 10 } },
    validation: rows(validationNormal),
    calibration: { x: rows(validationAnomalous), labels: new Uint8Array(validationAnomalous.length).fill(1) },
    threshold: { strategy: 'bestF1' },
  })
  await fitAndScorePreset(context, data, EPOCHS, options, async (run) => {
    const { detector, report, epochs } = run
    const normalErrors = await detector.scoreFeatures(rows(validationNormal))
    const testErrors = await detector.scoreFeatures(test)
    const variables = variableErrors(normalErrors, testErrors, testLabels, table.featureNames)
    const ranked = variables.slice().sort((a, b) => b.z - a.z)
    const history = detector.state.history
    const cm = report.confusionMatrix
    const bothClasses = report.anomalies > 0 && report.normals > 0
    const output = {
      preset: 'stacked-52',
      data: table.name,
      architecture: detector.state.architecture,
      split: { train: trainRows.length, validation: { normal: validationNormal.length, anomalous: validationAnomalous.length }, test: testCounts(report) },
      perVariable: variables,
      training: { epochs, epochsRun: history?.epochsRun, bestEpoch: history?.bestEpoch },
      ...presetFigures(context, run),
      rocAuc: bothClasses ? report.rocAuc : null,
      averagePrecision: bothClasses ? report.averagePrecision : null,
    }
    finishPreset(context, output, `Stacked autoencoder 52-32-16-32-52 on ${table.name}`, [
      `split: train ${trainRows.length} normal, validation ${validationNormal.length} normal + ${validationAnomalous.length} anomalous (threshold), test ${report.normals} normal / ${report.anomalies} anomalous`,
      `threshold ${fmt(detector.threshold.value)} (F1-maximising on the labelled validation split)`,
      `test: precision ${fmt(report.anomalyPositive.precision)} recall ${fmt(report.anomalyPositive.recall)} F1 ${fmt(report.anomalyPositive.f1)}  (tp ${cm.tp} fp ${cm.fp} tn ${cm.tn} fn ${cm.fn})`,
      bothClasses ? `ROC-AUC ${fmt(report.rocAuc)}   average precision ${fmt(report.averagePrecision)}` : 'ROC-AUC: not reported (the test split holds one class)',
      'squared error per variable (standardised units): normal mean ± std → test anomalies\' mean, top 5 by z:',
      ...ranked.slice(0, 5).map((v) => `  ${v.variable}: ${fmt(v.mean)} ± ${fmt(v.std)} → ${fmt(v.anomalousMean)} (z ${v.z.toFixed(1)})`),
      `epochs run ${history?.epochsRun ?? epochs} (best ${history?.bestEpoch ?? '-'}); fit ${seconds(run.fitMs)}, score ${run.scoreMs.toFixed(0)} ms`,
      ...(run.budget === undefined ? [] : [run.budget]),
    ])
  }, started)
}

function variableErrors(normal: Samples, test: Samples, testLabels: Uint8Array, names: string[]): VariableError[] {
  const p = names.length
  const n = normal.shape[0]
  const out: VariableError[] = []
  for (let j = 0; j < p; j++) {
    let sum = 0
    let squares = 0
    for (let i = 0; i < n; i++) {
      const v = normal.data[i * p + j]
      sum += v
      squares += v * v
    }
    const mean = sum / n
    const std = Math.sqrt(Math.max(0, squares / n - mean * mean))
    let anomalous = 0
    let count = 0
    for (let i = 0; i < testLabels.length; i++) {
      if (testLabels[i] !== 1) continue
      anomalous += test.data[i * p + j]
      count++
    }
    const anomalousMean = count === 0 ? Number.NaN : anomalous / count
    out.push({ variable: names[j], mean, std, anomalousMean: count === 0 ? 0 : anomalousMean, z: count === 0 || std === 0 ? 0 : (anomalousMean - mean) / std })
  }
  return out
}
