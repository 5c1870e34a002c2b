import type { DetectorOptions } from '@aedetect/detector'
import type { Conv2dConfig } from '@aedetect/models'
import { applyNoise, type NoiseConfig } from '@aedetect/preprocessing'
import { loadFashionOneClass, meanSquaredError } from './_fashion-one-class'
import { fitAndScorePreset, presetFigures, testCounts } from './_fit-and-score'
import { finishPreset, fmt, seconds } from './_preset-output'
import type { PresetContext } from './preset-context'

// Keras "Intro to autoencoders", second example (image denoising): Conv2D(16, 3, stride 2) → Conv2D(8, 3, stride 2)
// → Conv2DTranspose(8, 3, stride 2) → Conv2DTranspose(16, 3, stride 2) → Conv2D(1, 3, sigmoid), relu, 'same'
// padding: 28 → 14 → 7 → 14 → 28, exactly the models package's conv2d with these filters.
const ARCHITECTURE: Conv2dConfig = { kind: 'conv2d', filters: [16, 8], decoderFilters: [8, 16], kernelSize: 3, activation: 'relu', outputActivation: 'sigmoid' }
// noise_factor = 0.2 times a standard normal, then tf.clip_by_value(…, 0, 1).
const NOISE: NoiseConfig = { kind: 'gaussian', std: 0.2, clip: [0, 1] }
const EPOCHS = 10

/**
 * `train --preset keras-denoise`: the Keras tutorial's Conv2D denoiser (Adam 1e-3, MSE, 10 epochs, batch 32 — Keras's
 * default —, pixels / 255, no scaler), Gaussian noise of factor 0.2 clipped to [0, 1] on the input and the clean
 * image as target, trained one-class on the 6,000 Fashion-MNIST train images of class 0 (T-shirt/top; the tutorial
 * trains on all 60,000). One difference: the noise is drawn afresh each epoch (the tutorial draws it once). 10 %
 * held out for the threshold (99th percentile). Reports the denoised-vs-clean MSE on noisy test images (beside the
 * noisy-vs-clean MSE it starts from) and the one-class ROC-AUC of the clean test images.
 */
export async function runKerasDenoisePreset(context: PresetContext): Promise<void> {
  const started = performance.now()
  const data = await loadFashionOneClass({ dataDir: context.dataDir, limit: context.limit })
  const options = (epochs: number): Omit<DetectorOptions, 'seed' | 'featureNames' | 'onEpochEnd'> => ({
    architecture: ARCHITECTURE,
    scaler: { kind: 'none' },
    training: { epochs, batchSize: 32, learningRate: 1e-3, loss: 'mse', earlyStopping: false, noise: NOISE },
    validationFraction: 0.1,
    threshold: { strategy: 'percentile', q: 0.99 },
  })
  await fitAndScorePreset(context, data, EPOCHS, options, async (run) => {
    const { detector, report, epochs } = run
    // A noise seed apart from the training's (seed + epoch): the test noise is not one the model was trained on.
    const noisy = applyNoise(data.test, NOISE, context.seed + 1_000_003)
    const denoised = await detector.reconstruct(noisy)
    const normal = (i: number): boolean => data.testLabels[i] === 0
    const mse = {
      denoisedVsClean: { normalClass: meanSquaredError(denoised, data.test, normal), allClasses: meanSquaredError(denoised, data.test) },
      noisyVsClean: { normalClass: meanSquaredError(noisy, data.test, normal), allClasses: meanSquaredError(noisy, data.test) },
    }
    const history = detector.state.history
    const output = {
      preset: 'keras-denoise',
      data: `Fashion-MNIST one-class: fit on the train images of class ${data.normalClass} (${data.className}), test on the 10,000 test images`,
      architecture: ARCHITECTURE,
      noise: NOISE,
      split: { train: data.train.shape[0], test: testCounts(report) },
      mse,
      training: { epochs, epochsRun: history?.epochsRun, finalLoss: history?.loss[history.loss.length - 1], finalValLoss: history?.valLoss[history.valLoss.length - 1] },
      ...presetFigures(context, run),
    }
    finishPreset(context, output, `Keras "Intro to autoencoders" Conv2D denoiser on Fashion-MNIST, one-class (${data.className} normal)`, [
      `split: fit on ${data.train.shape[0]} ${data.className} train images (10 % held out), test ${report.normals} ${data.className} / ${report.anomalies} other`,
      `denoised vs clean MSE ${fmt(mse.denoisedVsClean.normalClass)} on the ${data.className} test images (noisy vs clean ${fmt(mse.noisyVsClean.normalClass)}), ${fmt(mse.denoisedVsClean.allClasses)} on all (noisy ${fmt(mse.noisyVsClean.allClasses)})`,
      `one-class ROC-AUC ${fmt(report.rocAuc)} (clean test images)   average precision ${fmt(report.averagePrecision)}`,
      `threshold ${fmt(detector.threshold.value)} (99th percentile of the held-out errors): F1 ${fmt(report.anomalyPositive.f1)}`,
      `${epochs} epochs; fit ${seconds(run.fitMs)}, score ${run.scoreMs.toFixed(0)} ms`,
      ...(run.budget === undefined ? [] : [run.budget]),
    ])
  }, started)
}
