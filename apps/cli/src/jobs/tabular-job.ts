import { classificationReport, formatClassificationReport, predictLabels, type Threshold } from '@aedetect/metrics'
import { saveDetector } from '@aedetect/detector/node'
import { EXPERIMENT_FORMAT, EXPERIMENT_FORMAT_VERSION, experimentToJson, runSampleExperiment, type DetectorOverrides, type SampleExperiment } from '@aedetect/evaluation'
import pc from 'picocolors'
import type { LoadedTable } from '../data-source'
import { EXPERIMENT_FILE } from '../model-folder'
import { say } from '../output'
import type { SplitRows } from '../split-file'
import { baselineJson, baselineLine } from './baseline-line'
import { sampleKindOf } from './series-kind'

export interface TabularJobOptions {
  seed: number
  /** Share of all rows in the seeded test split; undefined = the kind's default (0.2). */
  testFraction?: number
  overrides: DetectorOverrides
  /** `--threshold`, when given: the strategy asked for (else the default rule). */
  thresholdAsked?: string
  /** Where the detector (and experiment.json) is saved. */
  outDir: string
  /** Rows given explicitly (`--split-file`, `--split ucr`) instead of a seeded split; 0-based data rows. */
  rows?: SplitRows
  /** What `split.source` says for given rows: the split file's path, or 'ucr' (ECG5000's UCR train/test files). */
  rowsSource?: string
  /** Number of top contributing features listed per flagged sample. */
  topK: number
  backend: string
  onEpochEnd?: Parameters<typeof runSampleExperiment>[1]['onEpochEnd']
}

/**
 * The main job on a labelled table or images: `runSampleExperiment` of @aedetect/evaluation (the recorded split,
 * fit, threshold without the test split, evaluation, the PCA baseline on the same split), saving the detector and
 * its experiment.json before the test split is evaluated. Returns the experiment (dispose its detector) and the
 * `--json` record.
 */
export async function runTabularJob(table: LoadedTable, options: TabularJobOptions): Promise<{ experiment: SampleExperiment; output: ReturnType<typeof trainRecord> }> {
  const experiment = await runSampleExperiment(table, {
    kind: sampleKindOf(table.kind),
    overrides: options.overrides,
    seed: options.seed,
    testFraction: options.testFraction,
    given: options.rows ? { source: options.rowsSource === 'ucr' ? 'ucr' : 'file', ...options.rows } : undefined,
    topK: options.topK,
    onEpochEnd: options.onEpochEnd,
    // Saved before the test split is evaluated: a test split that cannot give every figure (normal-only data has
    // no ROC-AUC) must not cost the trained detector.
    onFitted: (detector, split, config) => saveDetector(detector, options.outDir, { extraFiles: { [EXPERIMENT_FILE]: experimentToJson({ format: EXPERIMENT_FORMAT, formatVersion: EXPERIMENT_FORMAT_VERSION, data: table.name, kind: sampleKindOf(table.kind), config, split, series: null }) } }),
  })
  return { experiment, output: trainRecord(table, experiment, options) }
}

function trainRecord(table: LoadedTable, e: SampleExperiment, options: TabularJobOptions) {
  const { report } = e
  return {
    data: table.name,
    dataKind: table.kind,
    architecture: e.detector.state.architecture,
    overrides: options.overrides,
    split: { train: e.counts.train, validation: e.counts.validation, calibrationAnomalies: e.counts.calibration.rows, test: e.counts.test, source: options.rows ? options.rowsSource : 'seeded stratified', seed: e.split.seed, testFraction: e.split.testFraction, validationFraction: e.split.validationFraction },
    backend: options.backend,
    threshold: e.detector.threshold,
    metrics: { anomalyPositive: report.anomalyPositive, normalPositive: report.normalPositive },
    confusionMatrix: report.confusionMatrix,
    rocAuc: Number.isNaN(report.rocAuc) ? null : report.rocAuc,
    averagePrecision: Number.isNaN(report.averagePrecision) ? null : report.averagePrecision,
    ...(e.absentReason === undefined ? {} : { rocAucAbsent: e.absentReason }),
    baseline: baselineJson(e.baseline),
    thresholdRule: thresholdRule(e.detector.threshold, e.counts.calibration.rows, options.thresholdAsked),
    thresholds: e.thresholds,
    topFeatures: e.topFeatures,
    explanations: e.explanations.slice(0, 20),
    training: { epochsRun: e.history?.epochsRun, bestEpoch: e.history?.bestEpoch, samplesPerSecond: e.history?.samplesPerSecond },
    timingsMs: e.timingsMs,
    seed: options.seed,
    modelDir: options.outDir,
  }
}

/** Which threshold rule was asked for, which ran, and why they differ (null when they do not). */
export interface ThresholdRule { asked: string; ran: string; reason: string | null }

function thresholdRule(threshold: Threshold, calibrationAnomalies: number, asked: string | undefined): ThresholdRule {
  const ran = threshold.strategy === 'percentile' ? `percentile q=${threshold.params.q} of the validation errors` : threshold.strategy
  if (asked !== undefined) return { asked, ran, reason: null }
  // The default rule: youden (labelled) when the training part holds anomalies to calibrate on, else the
  // detector falls back to the 99th percentile of the held-out normal errors.
  if (calibrationAnomalies > 0 || threshold.strategy !== 'percentile') return { asked: 'youden', ran, reason: null }
  return { asked: 'youden', ran, reason: 'needs anomalies in the calibration data, and the training part holds none' }
}

/** Prints the human summary of `train` on a table or images. */
export function printTabularSummary(e: SampleExperiment, output: ReturnType<typeof trainRecord>): void {
  const { report } = e
  const fmt = (v: number): string => v.toFixed(4)
  const rule = output.thresholdRule
  say('')
  say(pc.bold(`aedetect on ${output.data}`))
  say(`  split: train ${e.counts.train.normal} normal, validation ${e.counts.validation.normal} normal + ${e.counts.calibration.rows} training anomalies (threshold only), test ${e.counts.test.normal} normal / ${e.counts.test.anomalous} anomalous`)
  say(`  threshold ${fmt(e.detector.threshold.value)} (${rule.ran}, chosen without the test split)${rule.reason === null ? '' : `; asked for ${rule.asked}, which ${rule.reason}`}`)
  const cm = report.confusionMatrix
  say(`  confusion matrix (anomaly = positive): tp ${cm.tp}  fp ${cm.fp}  tn ${cm.tn}  fn ${cm.fn}`)
  say(e.absentReason === undefined ? `  ROC-AUC ${fmt(report.rocAuc)}   average precision ${fmt(report.averagePrecision)}` : `  ROC-AUC and average precision: not reported — ${e.absentReason}`)
  say(baselineLine(output.baseline))
  say('')
  say(formatClassificationReport(classificationReport(e.testLabels, predictLabels(e.testScores, e.detector.threshold.value))))
  say(`  anomaly positive: accuracy ${fmt(report.anomalyPositive.accuracy)} precision ${fmt(report.anomalyPositive.precision)} recall ${fmt(report.anomalyPositive.recall)} f1 ${fmt(report.anomalyPositive.f1)}`)
  say(`  normal positive:  accuracy ${fmt(report.normalPositive.accuracy)} precision ${fmt(report.normalPositive.precision)} recall ${fmt(report.normalPositive.recall)} f1 ${fmt(report.normalPositive.f1)}`)
  say(`  features driving the flagged samples: ${e.topFeatures.length === 0 ? '(no test sample is flagged)' : e.topFeatures.slice(0, 6).map((f) => `${f.feature} (${f.flaggedSamples})`).join(', ')}`)
  say(`  timings: fit ${(e.timingsMs.fit / 1000).toFixed(1)} s, score ${e.timingsMs.score.toFixed(0)} ms, total ${(e.timingsMs.total / 1000).toFixed(1)} s`)
  say(`  detector saved to ${output.modelDir} — score a CSV with: aedetect score --model ${output.modelDir} --input FILE.csv`)
}
