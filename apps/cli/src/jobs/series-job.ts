import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { AedetectError, type Samples } from '@aedetect/core'
import { DEFAULT_ARCHITECTURES, explainEvents, fitWindowDetector, type WindowDetector } from '@aedetect/detector'
import { loadWindowDetector, saveWindowDetector } from '@aedetect/detector/node'
import { compareThresholds, evaluateDetection, findSlidingWindow, timeSeriesMetrics, type EvaluationReport, type ThresholdComparisonRow, type TimeSeriesMetrics } from '@aedetect/metrics'
import type { SeriesOverrides } from '@aedetect/evaluation'
import type { AutoencoderConfig, EpochProgress } from '@aedetect/models'
import pc from 'picocolors'
import { loadData, type DataOptions, type LoadedSeries } from '../data-source'
import { asModelError } from '../exit-codes'
import { say } from '../output'
import type { ReconstructionExample } from '../report/charts'
import type { ReportContent } from '../report/report-content'
import { formatThresholdTable } from './threshold-table'

/** A detected event (a run of flagged points, ends inclusive) with its top variables by name. */
export interface SeriesEventRecord {
  start: number
  end: number
  variables: Array<{ feature: string; share: number }>
}

/** SMD's interpretation labels against the detector's per-variable contributions over each true segment. */
export interface InterpretationAgreement {
  segments: number
  /** Mean over segments of |top-k ∩ true| / |true| with k = |true| (OmniAnomaly's HitRate@100%). */
  hitRate100: number
  /** The same with k = ⌈1.5 · |true|⌉ (HitRate@150%). */
  hitRate150: number
}

/** Everything a time-series run reports on the test part. */
export interface SeriesAssessment {
  report: EvaluationReport
  /** TSB-AD's nine metrics; the F scores at their best threshold (an oracle upper bound). */
  timeSeries: TimeSeriesMetrics
  /** The same F scores at the detector's own threshold. */
  timeSeriesAtThreshold: TimeSeriesMetrics
  /** TSB-AD's `slidingWindow` used for VUS (`findSlidingWindow` of the test part's first channel). */
  slidingWindow: number
  thresholds: ThresholdComparisonRow[]
  events: SeriesEventRecord[]
  interpretation: InterpretationAgreement | null
  testScores: Float64Array
  pointFeatures: Samples<Float64Array>
}

/** Options of a time-series training run (the `train` flags). */
export interface SeriesTrainingOptions {
  architecture?: string
  seed: number
  epochs: number
  batchSize: number
  window?: number
  topK: number
  out: string
  backend: string
  /** What the model flags change (`seriesOverrides`); over the fields above. */
  overrides?: SeriesOverrides
  onEpochEnd?: (p: EpochProgress) => void
}

/** True when `dir` holds a time-series (window) detector: it has a window.json. */
export async function isWindowModel(dir: string): Promise<boolean> {
  return existsSync(join(dir, 'window.json'))
}

async function openWindowDetector(dir: string): Promise<WindowDetector> {
  return loadWindowDetector(dir).catch((error: unknown) => {
    throw asModelError(error)
  })
}

function windowArchitecture(choice: string | undefined): AutoencoderConfig | undefined {
  if (choice === undefined || choice === 'dense') return undefined
  if (choice === 'conv1d') return DEFAULT_ARCHITECTURES.sequence
  if (choice === 'lstm') return { kind: 'lstm', outputActivation: 'sigmoid' }
  throw new AedetectError('E_OPTION', `--architecture ${choice} does not fit time-series windows; use one of dense | conv1d | lstm.`)
}

/**
 * Fits a window detector on the training part of a series (normal history: SMD's train half, NAB's
 * probationary prefix), scores every test point, reports the point metrics and TSB-AD's metrics,
 * explains the detected events and saves the detector (with window.json) to `out`.
 */
export async function runSeriesTraining(data: LoadedSeries, options: SeriesTrainingOptions) {
  const start = performance.now()
  const detector = await fitWindowDetector(data.train, {
    windowSize: options.overrides?.windowSize ?? options.window ?? 'auto',
    architecture: options.overrides?.architecture ?? windowArchitecture(options.architecture),
    scaler: options.overrides?.scaler,
    threshold: options.overrides?.threshold,
    training: { epochs: options.epochs, batchSize: options.batchSize, ...options.overrides?.training },
    seed: options.seed,
    onEpochEnd: options.onEpochEnd,
  })
  try {
    const fitMs = performance.now() - start
    const scoreStart = performance.now()
    const assessment = await assessSeries(detector, data, options.topK)
    const scoreMs = performance.now() - scoreStart
    await saveWindowDetector(detector, options.out)
    const history = detector.detector.state.history
    return {
      ...seriesRecord(detector, data, assessment, options.backend),
      training: { epochsRun: history?.epochsRun, bestEpoch: history?.bestEpoch, samplesPerSecond: history?.samplesPerSecond },
      timingsMs: { fit: fitMs, score: scoreMs, total: performance.now() - start },
      seed: options.seed,
      modelDir: options.out,
    }
  } finally {
    detector.dispose()
  }
}

/** The JSON record shared by `train` and `evaluate` on a series. */
function seriesRecord(detector: WindowDetector, data: LoadedSeries, a: SeriesAssessment, backend: string) {
  const { report } = a
  return {
    data: data.name,
    dataKind: 'series' as const,
    architecture: detector.detector.state.architecture,
    window: { size: detector.windowSize, stride: detector.stride, rule: detector.state.windowSizeRule, reduce: detector.state.reduce },
    split: { train: { points: data.train.shape[0] }, test: { points: report.n, normal: report.normals, anomalous: report.anomalies }, channels: data.train.shape[1] },
    backend,
    threshold: detector.state.threshold,
    metrics: { anomalyPositive: report.anomalyPositive, normalPositive: report.normalPositive },
    confusionMatrix: report.confusionMatrix,
    rocAuc: report.rocAuc,
    averagePrecision: report.averagePrecision,
    timeSeries: a.timeSeries,
    timeSeriesAtThreshold: a.timeSeriesAtThreshold,
    slidingWindow: a.slidingWindow,
    thresholds: a.thresholds,
    events: a.events.length,
    explanations: a.events.slice(0, 20),
    interpretation: a.interpretation,
    warnings: report.warnings,
  }
}

/**
 * Scores the test part point by point and gathers the report: point metrics at the detector's threshold
 * (`evaluateDetection`), TSB-AD's metrics (`timeSeriesMetrics`, oracle and at the threshold), every
 * label-free threshold strategy chosen on the training part's point scores (`compareThresholds`), the
 * detected events with their top variables and, for SMD, agreement with the interpretation labels.
 */
export async function assessSeries(detector: WindowDetector, data: LoadedSeries, topK: number): Promise<SeriesAssessment> {
  const testScores = await detector.scorePoints(data.test)
  const trainScores = await detector.scorePoints(data.train)
  const threshold = detector.state.threshold
  const predicted = new Uint8Array(testScores.length)
  for (let i = 0; i < testScores.length; i++) predicted[i] = testScores[i] >= threshold.value ? 1 : 0
  const [t, channels] = data.test.shape
  const first = new Float64Array(t)
  for (let i = 0; i < t; i++) first[i] = data.test.data[i * channels]
  const slidingWindow = findSlidingWindow(first)
  const pointFeatures = await detector.scorePointFeatures(data.test)
  const named = (list: Array<{ channel: number; share: number }>) => list.map((v) => ({ feature: data.featureNames[v.channel] ?? `c${v.channel}`, share: v.share }))
  const events = detector.events(predicted)
  const explained = events.length > 0 ? explainEvents(pointFeatures, events, { k: Math.min(topK, channels) }) : []
  return {
    report: evaluateDetection(data.testLabels, testScores, threshold),
    timeSeries: timeSeriesMetrics(data.testLabels, testScores, { slidingWindow }),
    timeSeriesAtThreshold: timeSeriesMetrics(data.testLabels, testScores, { slidingWindow, predicted }),
    slidingWindow,
    thresholds: compareThresholds({ calibration: { scores: trainScores }, evaluation: { scores: testScores, labels: data.testLabels } }),
    events: explained.map((e) => ({ start: e.start, end: e.end, variables: named(e.variables) })),
    interpretation: data.interpretation && data.interpretation.length > 0 ? interpretationAgreement(pointFeatures, data) : null,
    testScores,
    pointFeatures,
  }
}

// Rank the variables by their summed contribution over each true segment (threshold-free, as
// OmniAnomaly's HitRate@P%), then count the true dimensions among the top ⌈P · |true|⌉.
function interpretationAgreement(pointFeatures: Samples<Float64Array>, data: LoadedSeries): InterpretationAgreement {
  const segments = (data.interpretation ?? []).filter((s) => s.dimensions.length > 0 && s.end > s.start)
  const channels = pointFeatures.shape[1]
  const ranked = explainEvents(pointFeatures, segments.map((s) => ({ start: s.start, end: Math.min(s.end, pointFeatures.shape[0]) - 1 })), { k: channels })
  let hit100 = 0
  let hit150 = 0
  segments.forEach((s, i) => {
    const order = ranked[i].variables.map((v) => v.channel)
    const truth = new Set(s.dimensions)
    const hits = (k: number) => order.slice(0, k).filter((c) => truth.has(c)).length / truth.size
    hit100 += hits(truth.size)
    hit150 += hits(Math.ceil(1.5 * truth.size))
  })
  return { segments: segments.length, hitRate100: hit100 / segments.length, hitRate150: hit150 / segments.length }
}

/** Prints the human summary of a series run on stderr. */
export function printSeriesSummary(output: Awaited<ReturnType<typeof runSeriesTraining>> | ReturnType<typeof seriesRecord>): void {
  const ts = output.timeSeries
  const cm = output.confusionMatrix
  say('')
  say(pc.bold(`aedetect on ${output.data} (${output.split.channels} channels, windows of ${output.window.size} points)`))
  say(`  train ${output.split.train.points} points; test ${output.split.test.points} points, ${output.split.test.anomalous} anomalous`)
  say(`  threshold ${output.threshold.value.toPrecision(4)} (${output.threshold.strategy} of the training points' scores): tp ${cm.tp} fp ${cm.fp} tn ${cm.tn} fn ${cm.fn}, ${output.events} events`)
  say(`  AUC-ROC ${ts.aucRoc.toFixed(4)}  AUC-PR ${ts.aucPr.toFixed(4)}  VUS-ROC ${ts.vusRoc.toFixed(4)}  VUS-PR ${ts.vusPr.toFixed(4)}  (slidingWindow ${output.slidingWindow})`)
  say(`  best-threshold F1: standard ${ts.standardF1.toFixed(4)}  point-adjusted ${ts.pointAdjustedF1.toFixed(4)}  event ${ts.eventF1.toFixed(4)}  range ${ts.rangeF1.toFixed(4)}  affiliation ${ts.affiliationF?.toFixed(4) ?? '—'}`)
  const at = output.timeSeriesAtThreshold
  say(`  at the threshold F1:  standard ${at.standardF1.toFixed(4)}  point-adjusted ${at.pointAdjustedF1.toFixed(4)}  event ${at.eventF1.toFixed(4)}  range ${at.rangeF1.toFixed(4)}  affiliation ${at.affiliationF?.toFixed(4) ?? '—'}`)
  if (output.interpretation) say(`  interpretation labels: HitRate@100% ${output.interpretation.hitRate100.toFixed(4)}, HitRate@150% ${output.interpretation.hitRate150.toFixed(4)} over ${output.interpretation.segments} segments`)
  if ('modelDir' in output) say(`  detector saved to ${output.modelDir}`)
}

/** `evaluate` on a window detector: the series report plus every threshold strategy. */
export async function evaluateSeries(dir: string, options: DataOptions & { json?: boolean; backend: string; topK?: number }) {
  const { detector, data } = await openSeries(dir, options)
  try {
    const assessment = await assessSeries(detector, data, options.topK ?? 3)
    const output = { ...seriesRecord(detector, data, assessment, options.backend), model: dir }
    if (!options.json) {
      printSeriesSummary(output)
      say('')
      say(formatThresholdTable(assessment.thresholds, output.threshold.strategy))
    }
    return output
  } finally {
    detector.dispose()
  }
}

/** `explain` on a window detector: the detected events with their top variables, and the SMD hit rates. */
export async function explainSeries(dir: string, options: DataOptions & { json?: boolean; backend: string; topK: number; limit: number }) {
  const { detector, data } = await openSeries(dir, options)
  try {
    const a = await assessSeries(detector, data, options.topK)
    const output = { model: dir, data: data.name, backend: options.backend, points: a.report.n, threshold: detector.state.threshold, events: a.events.length, topK: options.topK, interpretation: a.interpretation, explanations: a.events }
    if (!options.json) {
      say(pc.bold(`${data.name}: ${a.events.length} events detected in ${a.report.n} test points`))
      for (const e of a.events.slice(0, options.limit)) say(`  points ${e.start}-${e.end}  ${e.variables.map((v) => `${v.feature} ${(100 * v.share).toFixed(1)}%`).join(', ')}`)
      if (a.events.length > options.limit) say(`  … ${a.events.length - options.limit} more (--limit, or --json for all)`)
      if (a.interpretation) say(`  interpretation labels: HitRate@100% ${a.interpretation.hitRate100.toFixed(4)}, HitRate@150% ${a.interpretation.hitRate150.toFixed(4)} over ${a.interpretation.segments} segments`)
    }
    return output
  } finally {
    detector.dispose()
  }
}

/** `report` on a window detector: the report content of the series. */
export async function seriesReportContent(dir: string, options: DataOptions & { backend: string }): Promise<ReportContent> {
  const { detector, data } = await openSeries(dir, options)
  try {
    const a = await assessSeries(detector, data, 3)
    const [t, channels] = data.test.shape
    const sums = [new Float64Array(channels), new Float64Array(channels)]
    const counts = [0, 0]
    for (let i = 0; i < t; i++) {
      const y = data.testLabels[i]
      counts[y]++
      for (let c = 0; c < channels; c++) sums[y][c] += a.pointFeatures.data[i * channels + c]
    }
    const featureErrors = Array.from({ length: channels }, (_, c) => ({ feature: data.featureNames[c] ?? `c${c}`, normal: sums[0][c] / counts[0], anomalous: sums[1][c] / counts[1] }))
      .sort((p, q) => q.anomalous - q.normal - (p.anomalous - p.normal))
      .slice(0, 15)
    return {
      data: data.name,
      modelDir: dir,
      backend: options.backend,
      architecture: `${detector.detector.state.architecture.kind} (windows of ${detector.windowSize} points)`,
      report: a.report,
      thresholds: a.thresholds,
      history: detector.detector.state.history,
      examples: { normal: await windowExample(detector, data, a, 0), anomalous: await windowExample(detector, data, a, 1) },
      image: null,
      featureErrors,
      timeSeries: a.timeSeries,
    }
  } finally {
    detector.dispose()
  }
}

// The window ending at the median-scored normal point (or the highest-scored anomalous point), drawn for
// the channel with the largest error in it.
async function windowExample(detector: WindowDetector, data: LoadedSeries, a: SeriesAssessment, label: 0 | 1): Promise<ReconstructionExample> {
  const [t, channels] = data.test.shape
  const w = detector.windowSize
  const points: number[] = []
  for (let i = w - 1; i < t; i++) if (data.testLabels[i] === label) points.push(i)
  if (points.length === 0) for (let i = w - 1; i < t; i++) points.push(i)
  points.sort((p, q) => a.testScores[p] - a.testScores[q])
  const end = label === 1 ? points[points.length - 1] : points[Math.floor(points.length / 2)]
  const start = end - w + 1
  const window: Samples = { data: data.test.data.slice(start * channels, (end + 1) * channels), shape: [1, w, channels] }
  const reconstruction = await detector.detector.reconstruct(window)
  let channel = 0
  let worst = -1
  for (let c = 0; c < channels; c++) {
    let e = 0
    for (let s = 0; s < w; s++) e += (window.data[s * channels + c] - reconstruction.data[s * channels + c]) ** 2
    if (e > worst) {
      worst = e
      channel = c
    }
  }
  const pick = (values: ArrayLike<number>) => Float64Array.from({ length: w }, (_, s) => values[s * channels + channel])
  const name = label === 1 ? 'anomalous' : 'normal'
  const which = label === 1 ? 'the highest-scored anomalous point' : 'the median-scored normal point'
  return { title: `The window of test points ${start}-${end}, ending at ${which} (${name}); variable ${data.featureNames[channel] ?? channel}, the one it reconstructs worst`, input: pick(window.data), reconstruction: pick(reconstruction.data) }
}

async function openSeries(dir: string, options: DataOptions): Promise<{ detector: WindowDetector; data: LoadedSeries }> {
  const detector = await openWindowDetector(dir)
  try {
    const data = await loadData(options)
    if (data.kind !== 'series') {
      throw new AedetectError('E_OPTION', `${options.csv ?? `--data ${options.data ?? 'ecg5000'}`}: not a time series, but ${dir} holds a time-series detector. Pass the series it was trained on (--data nab:… | smd:… | synthetic:series).`)
    }
    return { detector, data }
  } catch (error) {
    detector.dispose()
    throw error
  }
}
