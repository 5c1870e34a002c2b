import { AedetectError } from '@aedetect/core'
import { Command, Option } from '@commander-js/extra-typings'
import { architectureFitsHelp } from '../architecture'
import { startBackend } from '../backend'
import { withCommonOptions, withDataOptions } from '../common-options'
import { loadData } from '../data-source'
import { explicitOption } from '../jobs/explicit-option'
import { defaultsFor } from '@aedetect/evaluation'
import { runSeriesTraining, printSeriesSummary } from '../jobs/series-job'
import { isSeries } from '../jobs/series-kind'
import { printTabularSummary, runTabularJob } from '../jobs/tabular-job'
import { checkPresetFlags, presetFlagsOf, withPresetOptions } from '../presets/preset-flags'
import { PRESET_CHOICES, runPreset } from '../presets/run-preset'
import { checkDetectorOut } from '../output-paths'
import { checkDataOptions } from '../data-options'
import { printJson } from '../output'
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
  return withCommonOptions(withPresetOptions(withModelOptions(withDataOptions(command))))
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
    .action(async (opts, command) => {
      checkDataOptions(opts)
      const presetFlags = presetFlagsOf(command)
      checkPresetFlags(presetFlags, opts.preset)
      // Before any work: a bad --out must not cost a training run, and must never delete data.
      if (opts.preset === undefined) checkDetectorOut(opts.out, [{ option: '--csv', path: opts.csv }, { option: '--split-file', path: opts.splitFile }, { option: '--config', path: opts.config }, { option: '--data-dir', path: opts.dataDir }])
      const backend = await startBackend(opts.backend, Boolean(opts.json), Boolean(opts.verbose))
      const progress = createEpochProgress(process.stderr, 'train')
      if (opts.preset !== undefined) {
        return runPreset(opts.preset, { ...presetFlags, seed: opts.seed, dataDir: opts.dataDir, json: opts.json, backend: backend.name, onEpochEnd: progress.onEpochEnd, onTrained: () => progress.done() })
      }
      const data = await loadData({ ...opts, seed: opts.seed })
      if (isSeries(data)) {
        const overrides = seriesOverrides(opts, data.train.shape[1])
        // Until the window detector takes them (fitWindowDetector has no scoreMetric or errorSmoothing option).
        const unsupported = opts.smoothing !== undefined ? `--smoothing ${opts.smoothing}` : opts.scoreMetric !== undefined ? `--score-metric ${opts.scoreMetric}` : undefined
        if (unsupported !== undefined) throw new AedetectError('E_OPTION', `${unsupported}: the time-series (window) detector scores windows by their MSE, unsmoothed, for now; leave ${unsupported.split(' ')[0]} out for ${data.name}.`)
        const output = await runSeriesTraining(data, { overrides, seed: opts.seed, topK: opts.topK, out: opts.out, data: opts.data, backend: backend.name, onEpochEnd: progress.onEpochEnd })
        progress.done()
        if (opts.json) return printJson(output)
        return printSeriesSummary(output)
      }
      if (opts.window !== undefined) {
        throw new AedetectError('E_OPTION', `--window ${opts.window}: ${data.name} is ${data.kind === 'image' ? 'a set of images' : data.kind === 'sequence' ? 'a set of sequences' : 'a table'}, not a time series; --window applies only to series (nab:, smd:, synthetic:series). Leave --window out.`)
      }
      const overrides = modelOverrides(opts, data.kind, data.x.shape.slice(1))
      const rows = await splitRowsFor(data, opts)
      const validationFraction = overrides.validationFraction ?? defaultsFor(data.kind).validationFraction
      const testFraction = explicitOption(command, 'testFraction', opts.testFraction)
      checkLabelledThreshold(opts, calibrationAnomalyCount(data.labels, { rows, testFraction: testFraction ?? defaultsFor(data.kind).testFraction, validationFraction, seed: opts.seed }))
      const { experiment, output } = await runTabularJob(data, {
        seed: opts.seed,
        testFraction,
        overrides,
        thresholdAsked: opts.threshold,
        outDir: opts.out,
        topK: opts.topK,
        rows,
        rowsSource: opts.split === 'ucr' ? 'ucr' : opts.splitFile,
        backend: backend.name,
        onEpochEnd: progress.onEpochEnd,
      })
      progress.done()
      experiment.detector.dispose()
      if (opts.json) return printJson(output)
      printTabularSummary(experiment, output)
    })
}
