import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { AedetectError } from '@aedetect/core'
import type { WindowDetector } from '@aedetect/detector'
import { loadWindowDetector, saveWindowDetector } from '@aedetect/detector/node'
import { EXPERIMENT_FORMAT, EXPERIMENT_FORMAT_VERSION, evaluateSeriesDetector, experimentToJson, runSeriesExperiment, type SeriesDefaults, type SeriesEvaluation, type SeriesOverrides } from '@aedetect/evaluation'
import type { EpochProgress } from '@aedetect/models'
import pc from 'picocolors'
import { loadData, type DataOptions, type LoadedSeries } from '../data-source'
import { asModelError } from '../exit-codes'
import { EXPERIMENT_FILE, readExperiment } from '../model-folder'
import { say } from '../output'
import type { ReportContent } from '../report/report-content'
import { baselineJson, baselineLine } from './baseline-line'
import { isSeries, testFollowsTrain } from './series-kind'
import { formatThresholdTable } from './threshold-table'

/** Options of a time-series training run (the `train` flags). */
export interface SeriesTrainingOptions {
  overrides: SeriesOverrides
  seed: number
  topK: number
  out: string
  backend: string
  /** `--data`, to tell a NAB stream (test follows train) from other series. */
  data?: string
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

/**
 * `runSeriesExperiment` of @aedetect/evaluation on a series — with no flags exactly the configuration the `nab` and
 * `smd` benches measure (`seriesDefaultsFor(channels)`, seed 42) —, saving the detector with window.json and
 * experiment.json before the test part is evaluated; returns the `--json` record.
 */
export async function runSeriesTraining(data: LoadedSeries, options: SeriesTrainingOptions) {
  const follows = testFollowsTrain(options.data)
  const experiment = await runSeriesExperiment(data, {
    overrides: options.overrides,
    seed: options.seed,
    topK: options.topK,
    testFollowsTrain: follows,
    onEpochEnd: options.onEpochEnd,
    onFitted: (detector, config) => saveWindowDetector(detector, options.out, { extraFiles: { [EXPERIMENT_FILE]: experimentToJson({ format: EXPERIMENT_FORMAT, formatVersion: EXPERIMENT_FORMAT_VERSION, data: data.name, kind: 'series', config, split: null, series: { trainPoints: data.train.shape[0], testPoints: data.test.shape[0], testFollowsTrain: follows } }) } }),
  })
  try {
    const history = experiment.history
    return {
      ...seriesRecord(experiment.detector, data, experiment, options.backend),
      config: experiment.config,
      training: { epochsRun: history?.epochsRun, bestEpoch: history?.bestEpoch, samplesPerSecond: history?.samplesPerSecond },
      timingsMs: experiment.timingsMs,
      seed: options.seed,
      modelDir: options.out,
    }
  } finally {
    experiment.detector.dispose()
  }
}

/** The JSON record shared by `train` and `evaluate` on a series. */
function seriesRecord(detector: WindowDetector, data: LoadedSeries, a: SeriesEvaluation, backend: string) {
  const { report } = a
  return {
    data: data.name,
    dataKind: 'series' as const,
    architecture: detector.detector.state.architecture,
    window: { size: detector.windowSize, stride: detector.stride, rule: detector.state.windowSizeRule, reduce: detector.state.reduce },
    split: { train: { points: data.train.shape[0] }, test: { points: report.n, normal: report.normals, anomalous: report.anomalies }, channels: data.train.shape[1] },
    backend,
    threshold: detector.state.threshold,
    alarm: { ...(detector.state.alarm ?? { strategy: 'fixed', minLength: 1, coolDown: 0 }), description: alarmDescription(detector) },
    metrics: { anomalyPositive: report.anomalyPositive, normalPositive: report.normalPositive },
    confusionMatrix: report.confusionMatrix,
    rocAuc: Number.isNaN(report.rocAuc) ? null : report.rocAuc,
    averagePrecision: Number.isNaN(report.averagePrecision) ? null : report.averagePrecision,
    baseline: baselineJson(a.baseline),
    timeSeries: a.timeSeries,
    timeSeriesAtThreshold: a.timeSeriesAtThreshold,
    slidingWindow: a.slidingWindow,
    thresholds: a.thresholds,
    events: a.events.length,
    explanations: a.events,
    interpretation: a.interpretation,
    warnings: report.warnings,
  }
}

/** Prints the human summary of a series run on stderr. */
export function printSeriesSummary(output: Awaited<ReturnType<typeof runSeriesTraining>> | ReturnType<typeof seriesRecord>): void {
  const ts = output.timeSeries
  const cm = output.confusionMatrix
  say('')
  say(pc.bold(`aedetect on ${output.data} (${output.split.channels} channels, windows of ${output.window.size} points)`))
  say(`  train ${output.split.train.points} points; test ${output.split.test.points} points, ${output.split.test.anomalous} anomalous`)
  say(`  alarms: ${output.alarm.description}`)
  say(`  at the alarm rule: tp ${cm.tp} fp ${cm.fp} tn ${cm.tn} fn ${cm.fn}, ${output.events} events`)
  say(`  AUC-ROC ${ts.aucRoc.toFixed(4)}  AUC-PR ${ts.aucPr.toFixed(4)}  VUS-ROC ${ts.vusRoc.toFixed(4)}  VUS-PR ${ts.vusPr.toFixed(4)}  (slidingWindow ${output.slidingWindow})`)
  say(`  best-threshold F1: standard ${ts.standardF1.toFixed(4)}  point-adjusted ${ts.pointAdjustedF1.toFixed(4)}  event ${ts.eventF1.toFixed(4)}  range ${ts.rangeF1.toFixed(4)}  affiliation ${ts.affiliationF?.toFixed(4) ?? '—'}`)
  const at = output.timeSeriesAtThreshold
  say(`  at the alarms F1:     standard ${at.standardF1.toFixed(4)}  point-adjusted ${at.pointAdjustedF1.toFixed(4)}  event ${at.eventF1.toFixed(4)}  range ${at.rangeF1.toFixed(4)}  affiliation ${at.affiliationF?.toFixed(4) ?? '—'}`)
  say(baselineLine(output.baseline))
  if (output.interpretation) say(`  interpretation labels: HitRate@100% ${output.interpretation.hitRate100.toFixed(4)}, HitRate@150% ${output.interpretation.hitRate150.toFixed(4)} over ${output.interpretation.segments} segments`)
  for (const line of eventLines(output.explanations, 5)) say(line)
  if ('modelDir' in output) say(`  detector saved to ${output.modelDir}`)
}

/** The first `limit` events as text lines: test points, peak score, top variables with their shares. */
function eventLines(events: SeriesEvaluation['events'], limit: number): string[] {
  if (events.length === 0) return []
  const lines = events.slice(0, limit).map((e) => `    points ${e.start}-${e.end}  peak ${e.peak.toPrecision(4)} at ${e.peakIndex}  ${e.variables.map((v) => `${v.feature} ${(100 * v.share).toFixed(1)}%`).join(', ')}`)
  const more = events.length > limit ? ` (first ${limit} of ${events.length}; --json lists all)` : ''
  return [`  events${more}:`, ...lines]
}

/** Which rule produced the alarms, with its parameters, in words. */
function alarmDescription(detector: WindowDetector): string {
  const { threshold, alarm } = detector.state
  const held = alarm?.hold ? `; each alarm held ${alarm.hold} points after its last exceedance` : ''
  const events = held + (alarm && (alarm.minLength > 1 || alarm.coolDown > 0) ? `; events of at least ${alarm.minLength} points, runs closer than ${alarm.coolDown} points merged` : '')
  if (alarm?.strategy === 'rollingMeanStd') {
    return `rolling mean + ${alarm.k} std of the trailing ${alarm.history} point scores, computed again every ${alarm.batch} points (first threshold ${threshold.value.toPrecision(4)} from the training points' scores)${events}`
  }
  if (alarm?.strategy === 'rollingNonparametric') {
    return `rolling non-parametric threshold (Telemanom: ε searched again every ${alarm.batch} points on the trailing ${alarm.history} scores, error buffer ${alarm.errorBuffer}; first ε ${threshold.value.toPrecision(4)} from the training points' scores)${events}`
  }
  const params = Object.entries(threshold.params).filter(([k]) => ['k', 'q', 'level', 'contamination', 'errorBuffer'].includes(k)).map(([k, v]) => `${k} ${v}`).join(', ')
  return `threshold ${threshold.value.toPrecision(4)} (${threshold.strategy}${params ? ` ${params}` : ''} of the training points' scores)${events}`
}

/** `evaluate` on a window detector: the series report plus every threshold strategy. */
export async function evaluateSeries(dir: string, options: DataOptions & { json?: boolean; backend: string; topK?: number }) {
  const { detector, data, follows } = await openSeries(dir, options)
  try {
    const assessment = await evaluateSeriesDetector(detector, data, { topK: options.topK ?? 3, testFollowsTrain: follows.testFollowsTrain, config: follows.config })
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
  const { detector, data, follows } = await openSeries(dir, options)
  try {
    const a = await evaluateSeriesDetector(detector, data, { topK: options.topK, testFollowsTrain: follows.testFollowsTrain, baseline: false })
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
  const { detector, data, follows } = await openSeries(dir, options)
  try {
    const a = await evaluateSeriesDetector(detector, data, { topK: 3, testFollowsTrain: follows.testFollowsTrain, config: follows.config })
    return {
      data: data.name,
      modelDir: dir,
      backend: options.backend,
      architecture: `${detector.detector.state.architecture.kind} (windows of ${detector.windowSize} points)`,
      report: a.report,
      thresholds: a.thresholds,
      history: detector.detector.state.history,
      examples: a.examples,
      image: null,
      featureErrors: a.featureErrors,
      timeSeries: a.timeSeries,
      alarms: { rule: alarmDescription(detector), events: a.events },
      baseline: baselineJson(a.baseline),
    }
  } finally {
    detector.dispose()
  }
}

// The recorded experiment decides whether the test part follows the training part (NAB) and the baseline's
// configuration; a detector saved without one falls back to the data source.
async function openSeries(dir: string, options: DataOptions): Promise<{ detector: WindowDetector; data: LoadedSeries; follows: { testFollowsTrain: boolean; config?: SeriesDefaults } }> {
  const record = await readExperiment(dir)
  const detector = await openWindowDetector(dir)
  try {
    // The seed of generated data (synthetic:series) is the one it was trained on unless --seed says otherwise.
    const data = await loadData({ ...options, seed: options.seed ?? detector.detector.state.seed })
    if (!isSeries(data)) {
      throw new AedetectError('E_OPTION', `${options.csv ?? `--data ${options.data ?? 'ecg5000'}`}: not a time series, but ${dir} holds a time-series detector. Pass the series it was trained on (--data nab:… | smd:… | synthetic:series).`)
    }
    const series = record?.series
    return { detector, data, follows: { testFollowsTrain: series ? series.testFollowsTrain : testFollowsTrain(options.data), config: record?.kind === 'series' ? (record.config as SeriesDefaults) : undefined } }
  } catch (error) {
    detector.dispose()
    throw error
  }
}
