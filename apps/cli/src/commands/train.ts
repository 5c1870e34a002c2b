import { AedetectError } from '@aedetect/core'
import { Command, Option } from '@commander-js/extra-typings'
import { ARCHITECTURE_CHOICES } from '../architecture'
import { startBackend } from '../backend'
import { withCommonOptions, withDataOptions } from '../common-options'
import { loadData } from '../data-source'
import { sampleOverridesFrom, seriesOverridesFrom } from '../jobs/flag-overrides'
import { runSeriesTraining, printSeriesSummary } from '../jobs/series-job'
import { isSeries } from '../jobs/series-kind'
import { printTabularSummary, runTabularJob } from '../jobs/tabular-job'
import { PRESET_CHOICES, runPreset } from '../presets/run-preset'
import { checkDetectorOut } from '../output-paths'
import { checkDataOptions } from '../data-options'
import { printJson } from '../output'
import { createEpochProgress } from '../progress'
import { parseInteger, parseFraction, parsePositiveInteger } from '../parse-options'
import { readSplitFile } from '../split-file'


export function trainCommand() {
  const command = new Command('train')
    .description('Train a detector on normal data, choose a threshold without the test split, report on the test split, save the detector.')
    .addOption(new Option('--preset <name>', 'a known recipe instead of the default').choices(PRESET_CHOICES))
    .addOption(new Option('--architecture <kind>', 'autoencoder (default per data kind: dense for rows and images, conv1d for series)').choices(ARCHITECTURE_CHOICES))
    .option('--seed <n>', 'seed of every random choice', parseInteger, 42)
    .option('--epochs <n>', 'maximum training epochs (early stopping may end sooner)', parsePositiveInteger, 200)
    .option('--batch-size <n>', 'training batch size', parsePositiveInteger, 64)
    .option('--validation-fraction <f>', 'share of the normal training rows held out for validation', parseFraction, 0.15)
    .option('--window <n>', 'time series: window length in points (default: from the data\'s period, findSlidingWindow)', parsePositiveInteger)
    .option('--out <dir>', 'folder the detector is saved to: new, empty, or a detector folder aedetect wrote (anything else is refused)', 'aedetect-model')
    .option('--top-k <n>', 'contributing features listed per flagged sample', parseInteger, 3)
  return withCommonOptions(withDataOptions(command))
    .addHelpText('after', `
Examples:
  $ aedetect train                       # ECG5000 (bundled): dense autoencoder, report, ./aedetect-model
  $ aedetect train --seed 1 --json > run.json
  $ aedetect train --preset tf-tutorial  # the TensorFlow "Intro to autoencoders" recipe and its figures
  $ aedetect train --data odds:cardio --data-dir ../shared/datasets --split-file odds-novelty-splits.json --split-key tables.cardio.0
  $ aedetect train --data smd:machine-1-2 --data-dir ../shared/datasets --epochs 20
  $ aedetect train --csv sensors.csv --label status --normal ok --features temp,pressure --out sensors-model
  $ aedetect train --config run.json     # { "data": "mnist:0", "epochs": 5 }`)
    .action(async (opts, command) => {
      checkDataOptions(opts)
      // Before any work: a bad --out must not cost a training run, and must never delete data.
      if (opts.preset === undefined) checkDetectorOut(opts.out, [{ option: '--csv', path: opts.csv }, { option: '--split-file', path: opts.splitFile }, { option: '--config', path: opts.config }, { option: '--data-dir', path: opts.dataDir }])
      const backend = await startBackend(opts.backend, Boolean(opts.json), Boolean(opts.verbose))
      const progress = createEpochProgress(process.stderr, 'train')
      if (opts.preset !== undefined) {
        return runPreset(opts.preset, { seed: opts.seed, dataDir: opts.dataDir, json: opts.json, backend: backend.name, onEpochEnd: progress.onEpochEnd, onTrained: () => progress.done() })
      }
      const data = await loadData({ ...opts, seed: opts.seed })
      if (!isSeries(data) && opts.window !== undefined) {
        throw new AedetectError('E_OPTION', `--window ${opts.window}: ${data.name} is ${data.kind === 'image' ? 'a set of images' : 'a table'}, not a time series; --window applies only to series (nab:, smd:, synthetic:series). Leave --window out.`)
      }
      if (isSeries(data)) {
        const output = await runSeriesTraining(data, { overrides: seriesOverridesFrom(command, opts), seed: opts.seed, topK: opts.topK, out: opts.out, data: opts.data, backend: backend.name, onEpochEnd: progress.onEpochEnd })
        progress.done()
        if (opts.json) return printJson(output)
        return printSeriesSummary(output)
      }
      const rows = opts.splitFile === undefined ? undefined : await readSplitFile(opts.splitFile, data.x.shape[0], opts.splitKey)
      const { experiment, output } = await runTabularJob(data, {
        seed: opts.seed,
        testFraction: opts.testFraction,
        overrides: sampleOverridesFrom(command, opts, data.kind),
        outDir: opts.out,
        topK: opts.topK,
        rows,
        rowsSource: opts.splitFile,
        backend: backend.name,
        onEpochEnd: progress.onEpochEnd,
      })
      progress.done()
      experiment.detector.dispose()
      if (opts.json) return printJson(output)
      printTabularSummary(experiment, output)
    })
}
