import { selectSamples } from '@aedetect/core'
import { ecgTutorialFromUcr, type Ecg5000 } from '@aedetect/datasets'
import { fitDetector, type Detector } from '@aedetect/detector'
import { evaluateDetection, type EvaluationReport } from '@aedetect/metrics'
import type { EpochProgress } from '@aedetect/models'
import { fitMinMax } from '@aedetect/preprocessing'
import split from '../presets/ecg-tf-tutorial-split.json'

export interface TutorialResult {
  detector: Detector
  report: EvaluationReport
  trainNormalRows: number
  timingsMs: { fit: number; score: number; total: number }
}

/**
 * The TensorFlow "Intro to autoencoders" ECG recipe, step for step: its own split (row indices from
 * scikit-learn, shipped with this preset), a global min-max fitted on the whole training split, the dense
 * 140-32-16-8-16-32-140 model (relu, sigmoid out), MAE loss, Adam 1e-3, 20 epochs, batch 512, no early
 * stopping, threshold = mean + 1 std of the MAE of the normal training rows.
 */
export async function runTutorialJob(ecg: Ecg5000, options: { seed: number; onEpochEnd?: (p: EpochProgress) => void }): Promise<TutorialResult> {
  const start = performance.now()
  const tutorial = ecgTutorialFromUcr(ecg)
  const train = selectSamples(tutorial.x, split.trainRows)
  const test = selectSamples(tutorial.x, split.testRows)
  const trainNormal = selectSamples(tutorial.x, split.trainRows.filter((r) => tutorial.labels[r] === 0))
  const testLabels = Uint8Array.from(split.testRows, (r) => tutorial.labels[r])
  const fitStart = performance.now()
  const detector = await fitDetector(trainNormal, {
    architecture: { kind: 'dense', hiddenUnits: [32, 16, 8, 16, 32], activation: 'relu', outputActivation: 'sigmoid' },
    fittedScaler: fitMinMax(train, { per: 'global' }),
    training: { epochs: 20, batchSize: 512, learningRate: 1e-3, loss: 'mae', earlyStopping: false },
    // The tutorial takes its threshold from the training errors themselves: validate on the same rows.
    validation: trainNormal,
    threshold: { strategy: 'meanStd', k: 1 },
    scoreMetric: 'mae',
    seed: options.seed,
    featureNames: tutorial.featureNames,
    onEpochEnd: options.onEpochEnd,
  })
  const fitMs = performance.now() - fitStart
  const scoreStart = performance.now()
  const scores = await detector.score(test)
  const scoreMs = performance.now() - scoreStart
  return { detector, report: evaluateDetection(testLabels, scores, detector.threshold), trainNormalRows: trainNormal.shape[0], timingsMs: { fit: fitMs, score: scoreMs, total: performance.now() - start } }
}

