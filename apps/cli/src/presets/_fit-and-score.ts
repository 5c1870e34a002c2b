import type { Samples } from '@aedetect/core'
import { fitDetector, type Detector, type DetectorOptions } from '@aedetect/detector'
import { evaluateDetection, type EvaluationReport } from '@aedetect/metrics'
import { budgetNote } from './_preset-output'
import type { PresetContext } from './preset-context'

/** The samples a detector preset fits on and is tested on. */
export interface PresetData {
  train: Samples
  test: Samples
  testLabels: Uint8Array
  featureNames: string[]
}

/** What one preset's fit and test scoring produced, for the preset's own figures. */
export interface PresetRun {
  detector: Detector
  /** Epochs asked: `--epochs`, else the recipe's. */
  epochs: number
  report: EvaluationReport
  /** `performance.now()` when the preset started (for the total time). */
  started: number
  fitMs: number
  scoreMs: number
  /** What `--epochs` / `--limit` changed from the recipe, when anything did. */
  budget: string | undefined
}

/**
 * The skeleton every detector preset shares: fit with the recipe's options (seed, feature names and progress come
 * from the flags), end the progress line, score the test samples, evaluate them against their labels, hand the run
 * to `use`, and dispose the detector whatever `use` does. `started` (default: now) is when the preset began, data
 * loading included, for the total time.
 */
export async function fitAndScorePreset(
  context: PresetContext,
  data: PresetData,
  recipeEpochs: number,
  options: (epochs: number) => Omit<DetectorOptions, 'seed' | 'featureNames' | 'onEpochEnd'>,
  use: (run: PresetRun) => Promise<void>,
  started: number = performance.now(),
): Promise<void> {
  const epochs = context.epochs ?? recipeEpochs
  const fitStart = performance.now()
  const detector = await fitDetector(data.train, { ...options(epochs), seed: context.seed, featureNames: data.featureNames, onEpochEnd: context.onEpochEnd })
  const fitMs = performance.now() - fitStart
  context.onTrained?.()
  try {
    const scoreStart = performance.now()
    const scores = await detector.score(data.test)
    const scoreMs = performance.now() - scoreStart
    const report = evaluateDetection(data.testLabels, scores, detector.threshold)
    await use({ detector, epochs, report, started, fitMs, scoreMs, budget: budgetNote(context, recipeEpochs) })
  } finally {
    detector.dispose()
  }
}

/** The JSON fields every detector preset reports, after its own: backend, threshold, ROC-AUC, timings, seed, budget. */
export function presetFigures(context: PresetContext, run: PresetRun): Record<string, unknown> {
  const { report, detector } = run
  return {
    backend: context.backend,
    threshold: detector.threshold,
    rocAuc: report.rocAuc,
    averagePrecision: report.averagePrecision,
    confusionMatrix: report.confusionMatrix,
    metrics: { anomalyPositive: report.anomalyPositive },
    timingsMs: { fit: run.fitMs, score: run.scoreMs, total: performance.now() - run.started },
    seed: context.seed,
    ...(run.budget === undefined ? {} : { budget: run.budget }),
  }
}

/** The test split line's counts: `{ rows, normal, anomalous }`. */
export function testCounts(report: EvaluationReport): { rows: number; normal: number; anomalous: number } {
  return { rows: report.n, normal: report.normals, anomalous: report.anomalies }
}
