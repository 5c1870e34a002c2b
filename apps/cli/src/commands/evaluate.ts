import { AedetectError } from '@aedetect/core'
import { Command } from '@commander-js/extra-typings'
import pc from 'picocolors'
import { startBackend } from '../backend'
import { withCommonOptions, withDataOptions } from '../common-options'
import { loadData } from '../data-source'
import { evaluateTable } from '../jobs/evaluate-table'
import { baselineJson, baselineLine } from '../jobs/baseline-line'
import { explicitOption } from '../jobs/explicit-option'
import { recordedSplit } from '../jobs/recorded-split'
import { evaluateSeries, isWindowModel } from '../jobs/series-job'
import { isSeries } from '../jobs/series-kind'
import { formatThresholdTable } from '../jobs/threshold-table'
import { openDetector } from '../model-folder'
import { printJson, say } from '../output'
import { checkDataOptions } from '../data-options'
import { parseInteger } from '../parse-options'
import { splitRowsFor } from '../split-file'

export function evaluateCommand() {
  const command = new Command('evaluate')
    .description('Evaluate a saved detector on labelled data: the report of `train` on the test split, every threshold strategy side by side and, for a time series, the TSB-AD metrics.')
    .requiredOption('--model <dir>', 'detector folder written by `aedetect train`')
    .option('--seed <n>', "seed of the split (default: the detector's own seed, so the test split is the one it was trained beside)", parseInteger)
  return withCommonOptions(withDataOptions(command))
    .addHelpText('after', `
Examples:
  $ aedetect evaluate --model aedetect-model                      # ECG5000, the test split of 'aedetect train'
  $ aedetect evaluate --model cardio-model --data odds:cardio --data-dir ../shared/datasets --split-file odds-novelty-splits.json --split-key tables.cardio.0 --json
  $ aedetect evaluate --model smd-model --data smd:machine-1-2 --data-dir ../shared/datasets`)
    .action(async (opts, command) => {
      checkDataOptions(opts)
      const backend = await startBackend(opts.backend, Boolean(opts.json), Boolean(opts.verbose))
      if (await isWindowModel(opts.model)) {
        const output = await evaluateSeries(opts.model, { ...opts, backend: backend.name })
        if (opts.json) return printJson(output)
        return
      }
      const detector = await openDetector(opts.model)
      try {
        const data = await loadData({ ...opts, seed: opts.seed ?? detector.state.seed, sampleShape: detector.state.sampleShape })
        if (isSeries(data)) {
          throw new AedetectError('E_OPTION', `--data ${opts.data}: a time series, but the detector in ${opts.model} scores single samples; train a time-series detector on it first (aedetect train --data ${opts.data}).`)
        }
        const rows = await splitRowsFor(data, opts)
        const { split, config } = await recordedSplit(opts.model, detector, data, { testFraction: explicitOption(command, 'testFraction', opts.testFraction), seed: opts.seed, rows, rowsFrom: opts.split === 'ucr' ? '--split ucr' : `--split-file ${opts.splitFile}` })
        const evaluation = await evaluateTable(detector, data, split, { config })
        const { report } = evaluation
        const baseline = baselineJson(evaluation.evaluation.baseline)
        const output = {
          data: data.name,
          model: opts.model,
          backend: backend.name,
          split: { source: split.source === 'file' ? opts.splitFile ?? 'split file' : split.source, seed: split.seed, testFraction: split.testFraction, test: { rows: report.n, normal: report.normals, anomalous: report.anomalies }, calibrationAnomalies: evaluation.calibrationAnomalies, testRows: split.testRows },
          threshold: detector.threshold,
          metrics: { anomalyPositive: report.anomalyPositive, normalPositive: report.normalPositive },
          confusionMatrix: report.confusionMatrix,
          rocAuc: Number.isNaN(report.rocAuc) ? null : report.rocAuc,
          averagePrecision: Number.isNaN(report.averagePrecision) ? null : report.averagePrecision,
          baseline,
          thresholds: evaluation.thresholds,
          warnings: report.warnings,
        }
        if (opts.json) return printJson(output)
        say('')
        say(pc.bold(`${data.name}: detector ${opts.model} on ${report.n} test samples (${report.normals} normal, ${report.anomalies} anomalous; ${split.source} split, seed ${split.seed})`))
        say(`  ROC-AUC ${report.rocAuc.toFixed(4)}   average precision ${report.averagePrecision.toFixed(4)}`)
        const cm = report.confusionMatrix
        say(`  at its threshold ${report.threshold.value.toPrecision(4)} (${report.threshold.strategy}): tp ${cm.tp} fp ${cm.fp} tn ${cm.tn} fn ${cm.fn}, F1 ${report.anomalyPositive.f1.toFixed(4)}`)
        say(baselineLine(baseline))
        say('')
        say(formatThresholdTable(evaluation.thresholds, report.threshold.strategy))
      } finally {
        detector.dispose()
      }
    })
}
