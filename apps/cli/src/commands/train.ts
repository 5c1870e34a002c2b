import { AedetectError } from '@aedetect/core'
import { Command, Option } from '@commander-js/extra-typings'
import { formatClassificationReport, classificationReport, predictLabels } from '@aedetect/metrics'
import pc from 'picocolors'
import { architectureFitsHelp, architectureFor, errorSmoothingFor, scalerFor } from '../architecture'
import { startBackend } from '../backend'
import { withCommonOptions, withDataOptions } from '../common-options'
import { loadData } from '../data-source'
import { runSeriesTraining, printSeriesSummary } from '../jobs/series-job'
import { runTabularJob } from '../jobs/tabular-job'
import { PRESET_CHOICES, runPreset } from '../presets/run-preset'
import { checkDetectorOut } from '../output-paths'
import { checkDataOptions } from '../data-options'
import { printJson, say } from '../output'
import { createEpochProgress } from '../progress'
import { checkLabelledThreshold, modelOverrides, seriesOverrides, withModelOptions } from '../model-options'
import { parseInteger } from '../parse-options'
import { calibrationAnomalyCount, splitRowsFor } from '../split-file'


export function trainCommand() {
  const command = new Command('train')
    .description('Train a detector on normal data, choose a threshold without the test split, report on the test split, save the detector.')
    .addOption(new Option('--preset <name>', 'a known recipe instead of the default').choices(PRESET_CHOICES))
    .option('--seed <n>', 'seed of every random choice', parseInteger, 42)
    .option('--out <dir>', 'folder the detector is saved to: new, empty, or a detector folder aedetect wrote (anything else is refused)', 'aedetect-model')
    .option('--top-k <n>', 'contributing features listed per flagged sample', parseInteger, 3)
  return withCommonOptions(withModelOptions(withDataOptions(command)))
    .addHelpText('after', `
Examples:
  $ aedetect train                       # ECG5000 (bundled): dense autoencoder, report, ./aedetect-model
  $ aedetect train --seed 1 --json > run.json
  $ aedetect train --preset tf-tutorial  # the TensorFlow "Intro to autoencoders" recipe and its figures
  $ aedetect train --data odds:cardio --data-dir ../shared/datasets --split-file odds-novelty-splits.json --split-key tables.cardio.0
  $ aedetect train --data smd:machine-1-2 --data-dir ../shared/datasets --epochs 20
  $ aedetect train --csv sensors.csv --label status --normal ok --features temp,pressure --out sensors-model
  $ aedetect train --data ecg5000 --split ucr --architecture conv1d   # beats as sequences [140, 1], UCR train/test files
  $ aedetect train --architecture pca --code-size 8 --threshold percentile --q 0.99
  $ aedetect train --csv beats.csv --label label --shape 140x1 --architecture lstm --missing drop
  $ aedetect train --data mnist:0 --architecture conv2d --noise 0.2 --smoothing 1
  $ aedetect train --config run.json     # { "data": "mnist:0", "epochs": 5, "threshold": "meanStd", "k": 3 }

Which architecture fits which data:
${architectureFitsHelp()}
Flags without a default here take the data kind's default; every flag is also a --config key (apps/cli/README.md, "Glossary").`)
    .action(async (opts) => {
      checkDataOptions(opts)
      // Before any work: a bad --out must not cost a training run, and must never delete data.
      if (opts.preset === undefined) checkDetectorOut(opts.out, [{ option: '--csv', path: opts.csv }, { option: '--split-file', path: opts.splitFile }, { option: '--config', path: opts.config }, { option: '--data-dir', path: opts.dataDir }])
      const backend = await startBackend(opts.backend, Boolean(opts.json), Boolean(opts.verbose))
      const progress = createEpochProgress(process.stderr, 'train')
      if (opts.preset !== undefined) {
        return runPreset(opts.preset, { seed: opts.seed, dataDir: opts.dataDir, json: opts.json, backend: backend.name, onEpochEnd: progress.onEpochEnd, onTrained: () => progress.done() })
      }
      const data = await loadData({ ...opts, seed: opts.seed })
      if (data.kind === 'series') {
        const overrides = seriesOverrides(opts, data.train.shape[1])
        // Until the window detector takes them (fitWindowDetector has no scoreMetric or errorSmoothing option).
        const unsupported = opts.smoothing !== undefined ? `--smoothing ${opts.smoothing}` : opts.scoreMetric !== undefined ? `--score-metric ${opts.scoreMetric}` : undefined
        if (unsupported !== undefined) throw new AedetectError('E_OPTION', `${unsupported}: the time-series (window) detector scores windows by their MSE, unsmoothed, for now; leave ${unsupported.split(' ')[0]} out for ${data.name}.`)
        const output = await runSeriesTraining(data, { ...opts, epochs: opts.epochs ?? 200, batchSize: opts.batchSize ?? 64, overrides, backend: backend.name, onEpochEnd: progress.onEpochEnd })
        progress.done()
        if (opts.json) return printJson(output)
        return printSeriesSummary(output)
      }
      if (opts.window !== undefined) {
        throw new AedetectError('E_OPTION', `--window ${opts.window}: ${data.name} is ${data.kind === 'image' ? 'a set of images' : data.kind === 'sequence' ? 'a set of sequences' : 'a table'}, not a time series; --window applies only to series (nab:, smd:, synthetic:series). Leave --window out.`)
      }
      const overrides = modelOverrides(opts, data.kind, data.x.shape.slice(1))
      const rows = await splitRowsFor(data, opts)
      const validationFraction = overrides.validationFraction ?? 0.15
      checkLabelledThreshold(opts, calibrationAnomalyCount(data.labels, { rows, testFraction: opts.testFraction, validationFraction, seed: opts.seed }))
      const result = await runTabularJob(
        { name: data.name, x: data.x, labels: data.labels, featureNames: data.featureNames },
        {
          seed: opts.seed,
          testFraction: opts.testFraction,
          validationFraction,
          outDir: opts.out,
          topK: opts.topK,
          rows,
          detector: {
            architecture: overrides.architecture ?? architectureFor(data.kind, undefined),
            scaler: overrides.scaler ?? scalerFor(data.kind),
            errorSmoothing: overrides.errorSmoothing ?? errorSmoothingFor(data.kind),
            scoreMetric: overrides.scoreMetric,
            threshold: overrides.threshold,
            training: { epochs: 200, batchSize: 64, ...overrides.training },
            onEpochEnd: progress.onEpochEnd,
          },
        },
      )
      progress.done()
      const { report } = result
      const rule = thresholdRule(result.detector.threshold, result.split.calibrationAnomalies, opts.threshold)
      const output = {
        data: data.name,
        dataKind: data.kind,
        architecture: result.detector.state.architecture,
        split: { ...result.split, source: opts.split === 'ucr' ? 'ECG5000 UCR train/test files' : rows ? opts.splitFile : 'seeded stratified' },
        overrides,
        backend: backend.name,
        threshold: result.detector.threshold,
        metrics: { anomalyPositive: report.anomalyPositive, normalPositive: report.normalPositive },
        confusionMatrix: report.confusionMatrix,
        rocAuc: Number.isNaN(report.rocAuc) ? null : report.rocAuc,
        averagePrecision: Number.isNaN(report.averagePrecision) ? null : report.averagePrecision,
        ...(result.rocAbsentReason === undefined ? {} : { rocAucAbsent: result.rocAbsentReason }),
        thresholdRule: rule,
        topFeatures: result.topFeatures,
        explanations: result.explanations.slice(0, 20),
        training: { epochsRun: result.detector.state.history?.epochsRun, bestEpoch: result.detector.state.history?.bestEpoch, samplesPerSecond: result.detector.state.history?.samplesPerSecond },
        timingsMs: result.timingsMs,
        seed: opts.seed,
        modelDir: opts.out,
      }
      const predicted = predictLabels(result.testScores, result.detector.threshold.value)
      result.detector.dispose()
      if (opts.json) return printJson(output)
      say('')
      say(pc.bold(`aedetect on ${data.name}`))
      say(`  split: train ${result.split.train.normal} normal, validation ${result.split.validation.normal} normal + ${result.split.calibrationAnomalies} training anomalies (threshold only), test ${result.split.test.normal} normal / ${result.split.test.anomalous} anomalous`)
      say(`  threshold ${fmt(result.detector.threshold.value)} (${rule.ran}, chosen without the test split)${rule.reason === null ? '' : `; asked for ${rule.asked}, which ${rule.reason}`}`)
      const cm = report.confusionMatrix
      say(`  confusion matrix (anomaly = positive): tp ${cm.tp}  fp ${cm.fp}  tn ${cm.tn}  fn ${cm.fn}`)
      say(result.rocAbsentReason === undefined ? `  ROC-AUC ${fmt(report.rocAuc)}   average precision ${fmt(report.averagePrecision)}` : `  ROC-AUC and average precision: not reported — ${result.rocAbsentReason}`)
      say('')
      say(formatClassificationReport(classificationReport(result.testLabels, predicted)))
      say(`  anomaly positive: accuracy ${fmt(report.anomalyPositive.accuracy)} precision ${fmt(report.anomalyPositive.precision)} recall ${fmt(report.anomalyPositive.recall)} f1 ${fmt(report.anomalyPositive.f1)}`)
      say(`  normal positive:  accuracy ${fmt(report.normalPositive.accuracy)} precision ${fmt(report.normalPositive.precision)} recall ${fmt(report.normalPositive.recall)} f1 ${fmt(report.normalPositive.f1)}`)
      say(`  features driving the flagged samples: ${result.topFeatures.length === 0 ? '(no test sample is flagged)' : result.topFeatures.slice(0, 6).map((f) => `${f.feature} (${f.flaggedSamples})`).join(', ')}`)
      say(`  timings: fit ${(result.timingsMs.fit / 1000).toFixed(1)} s, score ${result.timingsMs.score.toFixed(0)} ms, total ${(result.timingsMs.total / 1000).toFixed(1)} s`)
      say(`  detector saved to ${opts.out} — score a CSV with: aedetect score --model ${opts.out} --input FILE.csv`)
    })
}

/** Which threshold rule was asked for, which ran, and why they differ (null when they do not). */
export interface ThresholdRule { asked: string; ran: string; reason: string | null }

function thresholdRule(threshold: { strategy: string; params: Record<string, number> }, calibrationAnomalies: number, chosen: string | undefined): ThresholdRule {
  const ran = threshold.strategy === 'percentile' ? `percentile q=${threshold.params.q} of the validation errors` : threshold.strategy
  if (chosen !== undefined) return { asked: chosen, ran, reason: null }
  // The CLI asks for the detector's default: youden (labelled) when the training part holds anomalies to
  // calibrate on, else fitDetector falls back to the 99th percentile of the held-out normal errors.
  if (calibrationAnomalies > 0 || threshold.strategy !== 'percentile') return { asked: 'youden', ran, reason: null }
  return { asked: 'youden', ran, reason: 'needs anomalies in the calibration data, and the training part holds none' }
}

function fmt(v: number): string {
  return v.toFixed(4)
}
