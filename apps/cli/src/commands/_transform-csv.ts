import { AedetectError, type Samples } from '@aedetect/core'
import { streamCsv } from '@aedetect/datasets/node'
import type { Detector } from '@aedetect/detector'
import { Command, Option } from '@commander-js/extra-typings'
import { BACKEND_CHOICES, startBackend } from '../backend'
import { featureColumns } from '../feature-columns'
import { isWindowModel } from '../jobs/series-job'
import { openDetector } from '../model-folder'
import { info, printJson } from '../output'
import { checkOutputFiles, fileError } from '../output-paths'
import { parsePositiveInteger } from '../parse-options'
import { createRowProgress } from '../progress'
import { openAtomicOutput } from '../write-atomic'

/** What `encode` or `reconstruct` computes per batch of rows (in original units), and how its columns are named. */
export interface RowTransform {
  name: 'encode' | 'reconstruct'
  description: string
  /** What one output row holds, for `--help`. */
  outputHelp: string
  example: string
  run(detector: Detector, x: Samples): Promise<Samples>
  /** The output header, given the first batch's output width. */
  header(detector: Detector, width: number): string[]
}

/**
 * A command that streams a CSV through a saved detector and writes one output row per input row: the CSV
 * is read as `score` reads it (header names matched to the detector's features, `--label` left out, file,
 * line and column named on a bad value), and the output goes through `openAtomicOutput` (an older file at
 * `--output` stays as it was until the run succeeds).
 */
export function transformCsvCommand(transform: RowTransform): Command {
  return new Command(transform.name)
    .description(transform.description)
    .requiredOption('--model <dir>', 'detector folder written by `aedetect train`')
    .requiredOption('--input <file>', 'CSV file, one sample per row, the same feature columns as at training')
    .option('--label <column>', 'a label column to leave out of the features (name or 0-based index)')
    .option('--output <file>', `write the CSV (${transform.outputHelp}) here instead of stdout (never the input, never inside --model)`)
    .option('--by-position', 'match the CSV\'s columns to the detector\'s features by position, not by header name')
    .option('--batch-size <n>', 'rows read and processed at a time', parsePositiveInteger, 10_000)
    .addOption(new Option('--backend <name>', 'tfjs backend (default: $AEDETECT_BACKEND or auto)').choices(BACKEND_CHOICES))
    .option('--json', 'print one JSON object { rows, columns, values } on stdout instead of CSV')
    .option('--config <file>', 'JSON file of options: keys are long option names; flags on the command line win')
    .option('--verbose', 'print stack traces of errors')
    .addHelpText('after', `\nExamples:\n${transform.example}`)
    .action(async (opts) => {
      checkOutputFiles([{ option: '--output', path: opts.output }], [{ option: '--input', path: opts.input }, { option: '--config', path: opts.config }], [{ option: '--model', path: opts.model }])
      await startBackend(opts.backend, Boolean(opts.json), Boolean(opts.verbose))
      if (await isWindowModel(opts.model)) {
        throw new AedetectError('E_UNSUPPORTED', `--model ${opts.model}: this is a time-series (window) detector; aedetect ${transform.name} works on detectors of whole samples (tables, beats, images). Train one with aedetect train --data ecg5000 or --csv FILE.`)
      }
      const detector = await openDetector(opts.model)
      try {
        await transformRows(detector, transform, opts)
      } finally {
        detector.dispose()
      }
    }) as unknown as Command
}

interface TransformOptions { model: string; input: string; label?: string; output?: string; byPosition?: true; batchSize: number; json?: true }

async function transformRows(detector: Detector, transform: RowTransform, opts: TransformOptions): Promise<void> {
  const label = opts.label === undefined ? undefined : /^\d+$/.test(opts.label) ? Number(opts.label) : opts.label
  const sampleShape = detector.state.sampleShape
  const expected = sampleShape.reduce((a, b) => a * b, 1)
  const features = await featureColumns(opts.input, { label, byPosition: Boolean(opts.byPosition), model: opts.model, featureNames: detector.state.featureNames })
  const progress = createRowProgress(process.stderr, transform.name)
  const file = opts.output ? await openAtomicOutput(opts.output).catch((error: unknown) => {
    throw fileError(error, '--output', opts.output as string, 'write')
  }) : undefined
  const json: number[][] = []
  let columns: string[] = []
  let rows = 0
  try {
    for await (const batch of streamCsv(opts.input, { label, features, batchSize: opts.batchSize })) {
      const got = batch.x.shape[1]
      if (got !== expected) {
        throw new AedetectError('E_FEATURE_COUNT', `${opts.input}: rows have ${got} feature columns; the detector in ${opts.model} was trained on ${expected}. Pass the same feature columns as at training (use --label to leave a label column out).`)
      }
      const n = batch.x.shape[0]
      const out = await transform.run(detector, { data: batch.x.data, shape: [n, ...sampleShape] })
      const width = out.data.length / n
      const lines: string[] = []
      // The header goes out with the first checked batch: a bad file prints nothing on stdout.
      if (rows === 0) {
        columns = transform.header(detector, width)
        lines.push(columns.join(','))
      }
      for (let i = 0; i < n; i++) {
        const row = out.data.subarray(i * width, (i + 1) * width)
        if (opts.json) json.push(Array.from(row))
        else lines.push(Array.from(row, String).join(','))
      }
      rows += n
      const text = `${lines.join('\n')}\n`
      if (file) await file.write(text)
      else if (!opts.json) process.stdout.write(text)
      progress.update(rows)
    }
    progress.done()
    if (rows === 0) throw new AedetectError('E_EMPTY', `${opts.input}: the file holds no data rows. Pass a CSV with one sample per row.`)
    if (file && opts.output) {
      await file.commit().catch((error: unknown) => {
        throw fileError(error, '--output', opts.output as string, 'write')
      })
    }
  } catch (error) {
    progress.done()
    await file?.abort()
    throw error
  }
  if (opts.json) return printJson({ model: opts.model, input: opts.input, rows, columns, values: json })
  info(`${rows} rows ${transform.name === 'encode' ? 'encoded' : 'reconstructed'} (${columns.length} columns)${opts.output ? `; written to ${opts.output}` : ''}`)
}
