import type { DetectorOptions } from '@aedetect/detector'
import type { DenseConfig } from '@aedetect/models'
import { loadFashionOneClass, meanSquaredError } from './_fashion-one-class'
import { fitAndScorePreset, presetFigures, testCounts } from './_fit-and-score'
import { finishPreset, fmt, seconds } from './_preset-output'
import type { PresetContext } from './preset-context'

// Keras "Intro to autoencoders", first example: Flatten → Dense(64, relu) → Dense(784, sigmoid) → Reshape(28, 28).
const ARCHITECTURE: DenseConfig = { kind: 'dense', hiddenUnits: [64], activation: 'relu', outputActivation: 'sigmoid' }
const EPOCHS = 10

/**
 * `train --preset keras-dense-64`: the Keras tutorial's 784 → 64 → 784 dense autoencoder (Adam 1e-3, MSE, 10
 * epochs, batch 32 — Keras's default — shuffled each epoch, pixels / 255, no scaler), trained one-class on the 6,000
 * Fashion-MNIST train images of class 0 (T-shirt/top; the tutorial trains on all 60,000), 10 % of them held out
 * for the threshold (99th percentile of their errors). Reports the reconstruction MSE on the test images of the
 * class and of all classes, and the one-class ROC-AUC (class 0 normal, the nine others anomalies) on the 10,000
 * test images.
 */
export async function runKerasDense64Preset(context: PresetContext): Promise<void> {
  const started = performance.now()
  const data = await loadFashionOneClass({ dataDir: context.dataDir, limit: context.limit })
  const options = (epochs: number): Omit<DetectorOptions, 'seed' | 'featureNames' | 'onEpochEnd'> => ({
    architecture: ARCHITECTURE,
    scaler: { kind: 'none' },
    training: { epochs, batchSize: 32, learningRate: 1e-3, loss: 'mse', earlyStopping: false },
    validationFraction: 0.1,
    threshold: { strategy: 'percentile', q: 0.99 },
  })
  await fitAndScorePreset(context, data, EPOCHS, options, async (run) => {
    const { detector, report, epochs } = run
    const reconstruction = await detector.reconstruct(data.test)
    const mse = {
      normalClass: meanSquaredError(reconstruction, data.test, (i) => data.testLabels[i] === 0),
      allClasses: meanSquaredError(reconstruction, data.test),
    }
    const history = detector.state.history
    const output = {
      preset: 'keras-dense-64',
      data: `Fashion-MNIST one-class: fit on the train images of class ${data.normalClass} (${data.className}), test on the 10,000 test images`,
      architecture: ARCHITECTURE,
      split: { train: data.train.shape[0], test: testCounts(report) },
      reconstructionMse: mse,
      training: { epochs, epochsRun: history?.epochsRun, finalLoss: history?.loss[history.loss.length - 1], finalValLoss: history?.valLoss[history.valLoss.length - 1] },
      ...presetFigures(context, run),
    }
    finishPreset(context, output, `Keras "Intro to autoencoders" dense 784-64-784 on Fashion-MNIST, one-class (${data.className} normal)`, [
      `split: fit on ${data.train.shape[0]} ${data.className} train images (10 % held out), test ${report.normals} ${data.className} / ${report.anomalies} other`,
      `reconstruction MSE: ${fmt(mse.normalClass)} on the ${data.className} test images, ${fmt(mse.allClasses)} on all test images`,
      `one-class ROC-AUC ${fmt(report.rocAuc)}   average precision ${fmt(report.averagePrecision)}`,
      `threshold ${fmt(detector.threshold.value)} (99th percentile of the held-out errors): F1 ${fmt(report.anomalyPositive.f1)}`,
      `${epochs} epochs; fit ${seconds(run.fitMs)}, score ${run.scoreMs.toFixed(0)} ms`,
      ...(run.budget === undefined ? [] : [run.budget]),
    ])
  }, started)
}
