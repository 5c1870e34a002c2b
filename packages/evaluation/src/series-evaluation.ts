import { explainEvents, fitWindowDetector, type WindowDetector } from '@aedetect/detector'
import { compareThresholds, findSlidingWindow, timeSeriesMetrics, type EvaluationReport, type ThresholdComparisonRow, type TimeSeriesMetrics } from '@aedetect/metrics'
import type { Samples } from '@aedetect/core'
import { finiteOrNull, type BaselineResult } from './baseline'
import { seriesDefaultsFor, type SeriesDefaults } from './defaults'
import { detectionReport } from './detection-report'
import { interpretationAgreement, type InterpretationAgreement } from './_interpretation'
import type { LabelledSeries } from './labelled-data'
import { largestGaps, type FeatureError, type ReconstructionExample } from './reconstruction-example'
import { scoreTestPoints } from './_series-scoring'
import { windowExample } from './_window-example'

export type { InterpretationAgreement } from './_interpretation'

/**
 * A detected event: flagged test points merged by the detector's alarm rule (runs closer than its cool-down joined,
 * events shorter than its minimum length dropped; ends inclusive, 0-based test points), its peak score and its top
 * variables by name (largest summed point contribution first).
 */
export interface SeriesEvent {
  start: number
  end: number
  /** The highest point score in the event. */
  peak: number
  /** Where the peak is (test point index). */
  peakIndex: number
  variables: Array<{ feature: string; share: number }>
}

/** Options of {@link evaluateSeriesDetector}. */
export interface SeriesEvaluationOptions {
  /** Variables named per detected event. Default 3. */
  topK?: number
  /**
   * VUS's largest buffer width, points. Default: `findSlidingWindow` (TSB-AD's find_length_rank) of the first
   * channel of the test part, or of the whole series with `testFollowsTrain` — TSB-AD's own choice on SMD and NAB.
   */
  slidingWindow?: number
  /**
   * The test part continues the training part (NAB: one stream cut after its probationary period): score the
   * whole series and keep the test points, so the first test points have their full window context. Default false.
   */
  testFollowsTrain?: boolean
  /** Fit the PCA baseline on the same training windows and score it beside. Default true. */
  baseline?: boolean
  /** The configuration the PCA baseline shares (window length from the detector). Default `seriesDefaultsFor(channels)`. */
  config?: SeriesDefaults
}

/** A window detector's evaluation on the test part of a labelled series. */
export interface SeriesEvaluation {
  /** Point figures at the detector's threshold (ROC-AUC NaN when the test part holds one class; `absentReason` says why). */
  report: EvaluationReport
  absentReason?: string
  /** TSB-AD's nine metrics; the F scores at their best threshold (an oracle upper bound). */
  timeSeries: TimeSeriesMetrics
  /** The same F scores at the detector's own threshold. */
  timeSeriesAtThreshold: TimeSeriesMetrics
  /** TSB-AD's `slidingWindow` used for VUS. */
  slidingWindow: number
  /** Every label-free threshold strategy chosen on the training part's point scores, evaluated on the test points. */
  thresholds: ThresholdComparisonRow[]
  events: SeriesEvent[]
  /** Agreement with SMD's interpretation labels; null without them. */
  interpretation: InterpretationAgreement | null
  /** One score per test point, higher = more anomalous; a point is anomalous when `score >= threshold.value`. */
  testScores: Float64Array
  /** Per-variable point contributions `[t, channels]` of the test part. */
  pointFeatures: Samples<Float64Array>
  /** A normal and an anomalous window with their reconstructions (chart data). */
  examples: { normal: ReconstructionExample; anomalous: ReconstructionExample }
  /** Mean per-variable point contribution of normal and anomalous test points, largest gap first (15 at most). */
  featureErrors: FeatureError[]
  /** The PCA baseline on the same windows; null when `baseline: false`. */
  baseline: BaselineResult | null
  /** Scoring and evaluation time, milliseconds (the baseline's fit excluded). */
  scoreMs: number
}

/**
 * Scores the test part of `data` point by point with a window detector and gathers the record: point figures at
 * its threshold (`evaluateDetection`, both positive-class conventions), TSB-AD's metrics (oracle and at the
 * threshold), every label-free threshold strategy chosen on the training part's point scores
 * (`compareThresholds`), the detected events with their top variables, SMD's interpretation hit rates, chart
 * data, and the PCA baseline on the same windows. Scores: higher = more anomalous.
 * Throws the detector's and the metrics' errors (`E_FEATURE_COUNT` for other channels, `E_SHAPE`, …).
 */
export async function evaluateSeriesDetector(detector: WindowDetector, data: LabelledSeries, options: SeriesEvaluationOptions = {}): Promise<SeriesEvaluation> {
  const started = performance.now()
  const testFollowsTrain = options.testFollowsTrain ?? false
  const { scores: testScores, features: pointFeatures, alarms } = await scoreTestPoints(detector, data, testFollowsTrain)
  const trainScores = await detector.scorePoints(data.train)
  const threshold = detector.state.threshold
  const predicted = alarms.flags
  const slidingWindow = options.slidingWindow ?? findSlidingWindow(testFollowsTrain ? concat(firstChannel(data.train), firstChannel(data.test)) : firstChannel(data.test))
  const channels = data.test.shape[1]
  const topK = Math.min(options.topK ?? 3, channels)
  const named = (list: Array<{ channel: number; share: number }>): Array<{ feature: string; share: number }> => list.map((v) => ({ feature: data.featureNames[v.channel] ?? `c${v.channel}`, share: v.share }))
  const explained = alarms.events.length > 0 ? explainEvents(pointFeatures, alarms.events, { k: topK }) : []
  const { report, absentReason } = detectionReport(data.testLabels, testScores, threshold, predicted)
  const bothClasses = absentReason === undefined
  const timeSeries = timeSeriesMetrics(data.testLabels, testScores, { slidingWindow })
  const result: SeriesEvaluation = {
    report,
    ...(bothClasses ? {} : { absentReason }),
    timeSeries,
    timeSeriesAtThreshold: timeSeriesMetrics(data.testLabels, testScores, { slidingWindow, predicted }),
    slidingWindow,
    thresholds: compareThresholds({ calibration: { scores: trainScores }, evaluation: { scores: testScores, labels: data.testLabels } }),
    events: explained.map((e, i) => ({ start: e.start, end: e.end, peak: alarms.events[i].peak, peakIndex: alarms.events[i].peakIndex, variables: named(e.variables) })),
    interpretation: data.interpretation ? interpretationAgreement(pointFeatures, data.interpretation) : null,
    testScores,
    pointFeatures,
    examples: { normal: await windowExample(detector, data, testScores, 0), anomalous: await windowExample(detector, data, testScores, 1) },
    featureErrors: pointFeatureErrors(pointFeatures, data),
    baseline: null,
    scoreMs: 0,
  }
  result.scoreMs = performance.now() - started
  if (options.baseline ?? true) result.baseline = await seriesBaseline(detector, data, options.config ?? seriesDefaultsFor(channels), { slidingWindow, testFollowsTrain })
  return result
}

/** The PCA baseline on the same windows (the detector's window length) and the same threshold rule. */
async function seriesBaseline(detector: WindowDetector, data: LabelledSeries, config: SeriesDefaults, context: { slidingWindow: number; testFollowsTrain: boolean }): Promise<BaselineResult> {
  const started = performance.now()
  const pca = await fitWindowDetector(data.train, { windowSize: detector.windowSize, architecture: { kind: 'pca' }, scaler: config.scaler, threshold: config.threshold, seed: config.seed })
  try {
    const fitMs = performance.now() - started
    const { scores } = await scoreTestPoints(pca, data, context.testFollowsTrain)
    const { report } = detectionReport(data.testLabels, scores, pca.state.threshold)
    return {
      architecture: 'pca',
      rocAuc: finiteOrNull(report.rocAuc),
      averagePrecision: finiteOrNull(report.averagePrecision),
      f1: report.anomalyPositive.f1,
      threshold: pca.state.threshold,
      fitMs,
      timeSeries: timeSeriesMetrics(data.testLabels, scores, { slidingWindow: context.slidingWindow }),
    }
  } finally {
    pca.dispose()
  }
}

function pointFeatureErrors(pointFeatures: Samples<Float64Array>, data: LabelledSeries): FeatureError[] {
  const [t, channels] = pointFeatures.shape
  const sums = [new Float64Array(channels), new Float64Array(channels)]
  const counts = [0, 0]
  for (let i = 0; i < t; i++) {
    const y = data.testLabels[i] === 1 ? 1 : 0
    counts[y]++
    for (let c = 0; c < channels; c++) sums[y][c] += pointFeatures.data[i * channels + c]
  }
  return largestGaps(Array.from({ length: channels }, (_, c) => ({ feature: data.featureNames[c] ?? `c${c}`, normal: sums[0][c] / counts[0], anomalous: sums[1][c] / counts[1] })))
}

function concat(a: Float64Array, b: Float64Array): Float64Array {
  const out = new Float64Array(a.length + b.length)
  out.set(a)
  out.set(b, a.length)
  return out
}

function firstChannel(series: Samples): Float64Array {
  const [t, channels] = series.shape
  const first = new Float64Array(t)
  for (let i = 0; i < t; i++) first[i] = series.data[i * channels]
  return first
}
