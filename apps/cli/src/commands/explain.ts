import { AedetectError, selectSamples, type Samples } from '@aedetect/core'
import { explainFlagged } from '@aedetect/detector'
import { readCsv } from '@aedetect/datasets/node'
import { Command } from '@commander-js/extra-typings'
import pc from 'picocolors'
import { startBackend } from '../backend'
import { withCommonOptions, withDataOptions } from '../common-options'
import { loadData } from '../data-source'
import { explicitOption } from '../jobs/explicit-option'
import { recordedSplit } from '../jobs/recorded-split'
import { explainSeries, isWindowModel } from '../jobs/series-job'
import { isSeries } from '../jobs/series-kind'
import { openDetector } from '../model-folder'
import { printJson, say } from '../output'
import { checkDataOptions } from '../data-options'
import { parseInteger } from '../parse-options'
import { splitRowsFor } from '../split-file'

export function explainCommand() {
  const command = new Command('explain')
    .description('Name the features that contribute most to the reconstruction error of each flagged sample (for SMD: agreement with its interpretation labels).')
    .requiredOption('--model <dir>', 'detector folder written by `aedetect train`')
    .option('--input <file>', 'CSV of samples to explain (the feature columns of training; --label leaves a label column out)')
    .option('--top-k <n>', 'features listed per flagged sample', parseInteger, 3)
    .option('--limit <n>', 'flagged samples printed (all of them go into --json)', parseInteger, 20)
    .option('--seed <n>', "seed of the split with --data (default: the detector's own)", parseInteger)
  return withCommonOptions(withDataOptions(command))
    .addHelpText('after', `
Examples:
  $ aedetect explain --model aedetect-model --input beats.csv
  $ aedetect explain --model cardio-model --data odds:cardio --data-dir ../shared/datasets --top-k 5 --json
  $ aedetect explain --model smd-model --data smd:machine-1-2 --data-dir ../shared/datasets   # hit rate of the true dimensions`)
    .action(async (opts, command) => {
      checkDataOptions(opts)
      const backend = await startBackend(opts.backend, Boolean(opts.json), Boolean(opts.verbose))
      if (await isWindowModel(opts.model)) {
        const output = await explainSeries(opts.model, { ...opts, backend: backend.name })
        if (opts.json) return printJson(output)
        return
      }
      const detector = await openDetector(opts.model)
      try {
        let x: Samples
        let rowOf: (i: number) => number
        let source: string
        if (opts.input !== undefined) {
          const label = opts.label === undefined ? undefined : /^\d+$/.test(opts.label) ? Number(opts.label) : opts.label
          const table = await readCsv(opts.input, { label, normal: opts.normal })
          const expected = detector.state.sampleShape.reduce((a, b) => a * b, 1)
          if (table.x.shape[1] !== expected) {
            throw new AedetectError('E_FEATURE_COUNT', `${opts.input}: rows have ${table.x.shape[1]} feature columns; the detector in ${opts.model} was trained on ${expected}. Pass the same feature columns as at training (use --label to leave a label column out).`)
          }
          x = { data: table.x.data, shape: [table.x.shape[0], ...detector.state.sampleShape] }
          rowOf = (i) => i
          source = table.source
        } else {
          const data = await loadData({ ...opts, seed: opts.seed ?? detector.state.seed, sampleShape: detector.state.sampleShape })
          if (isSeries(data)) {
            throw new AedetectError('E_OPTION', `--data ${opts.data}: a time series, but the detector in ${opts.model} scores single samples; train a time-series detector on it first.`)
          }
          const rows = await splitRowsFor(data, opts)
          const { split } = await recordedSplit(opts.model, detector, data, { testFraction: explicitOption(command, 'testFraction', opts.testFraction), seed: opts.seed, rows, rowsFrom: opts.split === 'ucr' ? '--split ucr' : `--split-file ${opts.splitFile}` })
          const testRows = Uint32Array.from(split.testRows)
          x = selectSamples(data.x, testRows)
          rowOf = (i) => testRows[i]
          source = `${data.name}, test split`
        }
        const scores = await detector.score(x)
        const { flagged, frequentFeatures: topFeatures } = await explainFlagged(detector, x, scores, { k: opts.topK })
        const samples = flagged.map((sample) => ({
          row: rowOf(sample.index),
          score: sample.score,
          top: sample.top.map((c) => ({ feature: c.name, share: c.share, input: c.input, reconstruction: c.reconstruction })),
        }))
        if (opts.json) return printJson({ model: opts.model, data: source, backend: backend.name, rows: scores.length, threshold: detector.threshold, flagged: samples.length, topK: opts.topK, topFeatures, samples })
        say(pc.bold(`${source}: ${samples.length} of ${scores.length} samples flagged (threshold ${detector.threshold.value.toPrecision(4)})`))
        for (const s of samples.slice(0, opts.limit)) {
          say(`  row ${s.row}  score ${s.score.toPrecision(4)}  ${s.top.map((c) => `${c.feature} ${(100 * c.share).toFixed(1)}% (${c.input.toPrecision(3)} → ${c.reconstruction.toPrecision(3)})`).join(', ')}`)
        }
        if (samples.length > opts.limit) say(`  … ${samples.length - opts.limit} more (--limit, or --json for all)`)
        if (topFeatures.length > 0) say(`  most frequent: ${topFeatures.map((f) => `${f.feature} (${f.flaggedSamples})`).join(', ')}`)
      } finally {
        detector.dispose()
      }
    })
}
