import { rename, writeFile } from 'node:fs/promises'
import { AedetectError } from '@aedetect/core'
import { readCsv } from '@aedetect/datasets/node'
import { loadDetector } from '@aedetect/detector/node'
import { Command, Option } from '@commander-js/extra-typings'
import { BACKEND_CHOICES, startBackend } from '../backend'
import { asModelError } from '../exit-codes'
import { info, printJson } from '../output'

export function scoreCommand(): Command {
  return new Command('score')
    .description('Score the rows of a CSV file with a saved detector: one anomaly score and label per row.')
    .requiredOption('--model <dir>', 'detector folder written by `aedetect train`')
    .requiredOption('--input <file>', 'CSV file, one sample per row, the same feature columns as at training')
    .option('--label <column>', 'a label column to leave out of the features (name or 0-based index)')
    .option('--output <file>', 'write the CSV of scores here instead of stdout')
    .addOption(new Option('--backend <name>', 'tfjs backend (default: $AEDETECT_BACKEND or auto)').choices(BACKEND_CHOICES))
    .option('--json', 'print one JSON object on stdout')
    .option('--config <file>', 'JSON file of options: keys are long option names; flags on the command line win')
    .option('--verbose', 'print stack traces of errors')
    .addHelpText('after', `
Examples:
  $ aedetect score --model aedetect-model --input beats.csv > scores.csv
  $ aedetect score --model aedetect-model --input beats.csv --json`)
    .action(async (opts) => {
      await startBackend(opts.backend, Boolean(opts.json))
      const detector = await loadDetector(opts.model).catch((error: unknown) => {
        throw asModelError(error)
      })
      try {
        const label = opts.label === undefined ? undefined : /^\d+$/.test(opts.label) ? Number(opts.label) : opts.label
        const table = await readCsv(opts.input, { label })
        const expected = detector.state.sampleShape.reduce((a, b) => a * b, 1)
        const got = table.x.shape.slice(1).reduce((a, b) => a * b, 1)
        if (got !== expected) {
          throw new AedetectError('E_FEATURE_COUNT', `${opts.input}: rows have ${got} feature columns; the detector in ${opts.model} was trained on ${expected}. Pass the same feature columns as at training (use --label to leave a label column out).`)
        }
        const x = { data: table.x.data, shape: [table.x.shape[0], ...detector.state.sampleShape] }
        const scores = await detector.score(x)
        const threshold = detector.threshold.value
        const anomalies = scores.reduce((n, s) => n + (s >= threshold ? 1 : 0), 0)
        if (opts.json) {
          printJson({ model: opts.model, input: opts.input, rows: scores.length, threshold: detector.threshold, anomalies, scores: Array.from(scores), labels: Array.from(scores, (s) => (s >= threshold ? 1 : 0)) })
          return
        }
        const lines = ['row,score,anomaly']
        for (let i = 0; i < scores.length; i++) lines.push(`${i},${scores[i]},${scores[i] >= threshold ? 1 : 0}`)
        const text = `${lines.join('\n')}\n`
        if (opts.output) {
          // Write beside the target and rename, so a failure never leaves a half-written file.
          const temporary = `${opts.output}.${process.pid}.tmp`
          await writeFile(temporary, text)
          await rename(temporary, opts.output)
          info(`${scores.length} rows scored, ${anomalies} anomalous (threshold ${threshold}); written to ${opts.output}`)
        } else {
          process.stdout.write(text)
          info(`${scores.length} rows scored, ${anomalies} anomalous (threshold ${threshold})`)
        }
      } finally {
        detector.dispose()
      }
    })
}
