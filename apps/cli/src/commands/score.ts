import { AedetectError } from '@aedetect/core'
import { streamCsv } from '@aedetect/datasets/node'
import { loadDetector } from '@aedetect/detector/node'
import { Command, Option } from '@commander-js/extra-typings'
import { BACKEND_CHOICES, startBackend } from '../backend'
import { asModelError } from '../exit-codes'
import { info, printJson } from '../output'
import { checkOutputFiles, fileError } from '../output-paths'
import { featureColumns } from '../feature-columns'
import { isWindowModel } from '../jobs/series-job'
import { pointEvents } from '@aedetect/detector'
import { followSeries, lineBatches, scoreSeriesCsv } from '../jobs/score-series'
import { openAtomicOutput, writeFilesAtomic } from '../write-atomic'
import { parsePositiveInteger } from '../parse-options'
import { createRowProgress } from '../progress'
import { featureCountMessage } from '../score/feature-count-message'
import { scoreCsvInWorkers } from '../score/score-csv-in-workers'
import { existsSync } from 'node:fs'
import { join } from 'node:path'

export function scoreCommand(): Command {
  return new Command('score')
    .description('Score the rows of a CSV file with a saved detector: one anomaly score and label per row.')
    .requiredOption('--model <dir>', 'detector folder written by `aedetect train`')
    .option('--input <file>', 'CSV file, one sample per row, the same feature columns as at training (for a time-series detector: one time point per row, one column per channel)')
    .option('--follow', 'time-series detector: read points from standard input (CSV lines, one point per line, the training channels; an optional header line) and write each point\'s line as soon as its score is final; ends on end of input or Ctrl-C')
    .addOption(new Option('--on-bad-line <action>', 'with --follow: what a malformed line does (one error line on stderr either way)').choices(['skip', 'stop'] as const).default('stop' as const))
    .option('--label <column>', 'a label column to leave out of the features (name or 0-based index)')
    .option('--output <file>', 'write the CSV of scores here instead of stdout (never the input, never inside --model)')
    .option('--by-position', 'match the CSV\'s columns to the detector\'s features by position, not by header name')
    .option('--batch-size <n>', 'rows read and scored at a time', parsePositiveInteger, 10_000)
    .option('--workers <n>', 'worker threads that parse and score chunks of --batch-size rows at once (same scores, same order); more than the cores is allowed but warned; detectors of single samples only', parsePositiveInteger, 1)
    .addOption(new Option('--backend <name>', 'tfjs backend (default: $AEDETECT_BACKEND or auto)').choices(BACKEND_CHOICES))
    .option('--json', 'print one JSON object on stdout')
    .option('--config <file>', 'JSON file of options: keys are long option names; flags on the command line win')
    .option('--verbose', 'print stack traces of errors')
    .addHelpText('after', `
Examples:
  $ aedetect score --model aedetect-model --input beats.csv > scores.csv
  $ aedetect score --model aedetect-model --input beats.csv --json
  $ aedetect score --model aedetect-model --input big.csv --workers 2 --output scores.csv
  $ tail -f metrics.csv | aedetect score --model series-model --follow

For a time-series detector each row gets row,score,anomaly,event: event is the 0-based id of the run of
flagged points the row belongs to (empty when normal). With --follow a row is written windowSize − 1 rows
after it arrives (its last window is then complete); the last rows when the input ends.`)
    .action(async (opts) => {
      if (opts.follow) return follow(opts)
      if (opts.input === undefined) throw new AedetectError('E_OPTION', `score: pass --input <file> (a CSV file to score), or --follow to read points from standard input.`)
      const input = opts.input
      // Before any work: an output that is the input (or inside the detector folder) would destroy it.
      checkOutputFiles([{ option: '--output', path: opts.output }], [{ option: '--input', path: opts.input }, { option: '--config', path: opts.config }], [{ option: '--model', path: opts.model }])
      const backend = await startBackend(opts.backend, Boolean(opts.json), Boolean(opts.verbose))
      const label = opts.label === undefined ? undefined : /^\d+$/.test(opts.label) ? Number(opts.label) : opts.label
      if (await isWindowModel(opts.model)) {
        if (opts.workers > 1) {
          throw new AedetectError('E_OPTION', `score: --workers ${opts.workers} works on detectors of single samples; ${opts.model} is a time-series detector, whose windows span any cut of the series into chunks. Drop --workers: the series is scored on one thread.`)
        }
        // A time-series detector scores points through sliding windows, with the point threshold train reported.
        const { scores, threshold, flags: labels, alarm, window } = await scoreSeriesCsv(opts.model, input, label)
        const events = pointEvents(labels)
        const eventOf = new Int32Array(scores.length).fill(-1)
        events.forEach((e, id) => eventOf.fill(id, e.start, e.end + 1))
        let anomalies = 0
        const lines = ['row,score,anomaly,event']
        for (let i = 0; i < scores.length; i++) {
          anomalies += labels[i]
          lines.push(`${i},${scores[i]},${labels[i]},${eventOf[i] < 0 ? '' : eventOf[i]}`)
        }
        const text = `${lines.join('\n')}\n`
        if (opts.output) {
          await writeFilesAtomic([{ path: opts.output, text }]).catch((error: unknown) => {
            throw fileError(error, '--output', opts.output as string, 'write')
          })
        } else if (!opts.json) process.stdout.write(text)
        if (opts.json) {
          printJson({ model: opts.model, input, rows: scores.length, threshold, alarm, window, anomalies, scores: Array.from(scores), labels: Array.from(labels), events })
          return
        }
        info(`${scores.length} points scored, ${anomalies} anomalous in ${events.length} event${events.length === 1 ? '' : 's'} (point threshold ${threshold.value}, windows of ${window.size})${opts.output ? `; written to ${opts.output}` : ''}`)
        return
      }
      const detector = await loadDetector(opts.model).catch((error: unknown) => {
        throw asModelError(error)
      })
      try {
        const expected = detector.state.sampleShape.reduce((a, b) => a * b, 1)
        // With a header, columns are matched to the detector's features by name (reordered columns are put
        // back in order; a missing or extra name is an error); without one, or with --by-position, by position.
        const features = await featureColumns(input, { label, byPosition: Boolean(opts.byPosition), model: opts.model, featureNames: detector.state.featureNames })
        const threshold = detector.threshold.value
        // Stream the CSV in batches: memory stays flat, and a terminal shows rows scored and rows/s.
        const progress = createRowProgress(process.stderr, 'score')
        // The output goes through <output>.<pid>.tmp, fsynced and renamed at the end; temporaries that killed
        // runs left beside it are removed first (write-atomic.ts).
        const file = opts.output ? await openAtomicOutput(opts.output).catch((error: unknown) => {
          throw fileError(error, '--output', opts.output as string, 'write')
        }) : undefined
        const emit = async (text: string) => {
          if (file) await file.write(text)
          else if (!opts.json) process.stdout.write(text)
        }
        const all: number[] = []
        let rows = 0
        let anomalies = 0
        // One chunk's lines; the header goes out with the first checked chunk: a bad file prints nothing on stdout.
        const emitScores = async (scores: Float32Array, offset: number): Promise<void> => {
          const lines: string[] = offset === 0 ? ['row,score,anomaly'] : []
          for (let i = 0; i < scores.length; i++) {
            const flagged = scores[i] >= threshold ? 1 : 0
            anomalies += flagged
            lines.push(`${offset + i},${scores[i]},${flagged}`)
            if (opts.json) all.push(scores[i])
          }
          rows = offset + scores.length
          await emit(`${lines.join('\n')}\n`)
          progress.update(rows)
        }
        try {
          if (opts.workers > 1) {
            // Detectors of single samples on N threads: the workers parse and score, this thread writes in order.
            await scoreCsvInWorkers({ model: opts.model, input, label, features, width: expected, batchSize: opts.batchSize, workers: opts.workers, backend: backend.name, onScores: emitScores, onWarning: info })
          } else for await (const batch of streamCsv(input, { label, features, batchSize: opts.batchSize })) {
            const got = batch.x.shape[1]
            if (got !== expected) throw new AedetectError('E_FEATURE_COUNT', featureCountMessage(input, got, opts.model, expected))
            await emitScores(await detector.score({ data: batch.x.data, shape: [batch.x.shape[0], ...detector.state.sampleShape] }), rows)
          }
          progress.done()
          if (rows === 0) throw new AedetectError('E_EMPTY', `${input}: the file holds no data rows. Pass a CSV with one sample per row.`)
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
        if (opts.json) {
          printJson({ model: opts.model, input: input, rows, threshold: detector.threshold, anomalies, scores: all, labels: all.map((s) => (s >= threshold ? 1 : 0)) })
          return
        }
        info(`${rows} rows scored, ${anomalies} anomalous (threshold ${threshold})${opts.workers > 1 ? ` on ${opts.workers} worker threads` : ''}${opts.output ? `; written to ${opts.output}` : ''}`)
      } finally {
        detector.dispose()
      }
    })
}

interface FollowFlags {
  model: string
  input?: string
  output?: string
  json?: true
  label?: string
  backend?: string
  verbose?: true
  onBadLine: 'skip' | 'stop'
  workers: number
}

// `score --follow`: standard input → one line per point on stdout, written as soon as the point's score is final
// (stdout to a pipe or file is synchronous in Node on Linux, so each line leaves at once). Ctrl-C (SIGINT) stops
// the reading; the points still pending are scored and written, and the run exits 0.
async function follow(opts: FollowFlags): Promise<void> {
  for (const [flag, given] of [['--input', opts.input], ['--output', opts.output], ['--json', opts.json], ['--workers', opts.workers > 1 ? opts.workers : undefined]] as const) {
    if (given !== undefined) throw new AedetectError('E_OPTION', `score: ${flag} cannot be combined with --follow, which reads standard input and writes one CSV line per point on stdout. Drop ${flag}, or drop --follow to score a file.`)
  }
  // A folder of another detector is a usage error; a missing or damaged one is left to the loader (exit 4).
  if (!(await isWindowModel(opts.model)) && existsSync(join(opts.model, 'detector.json'))) {
    throw new AedetectError('E_OPTION', `score: --follow needs a time-series detector (a folder with window.json, from \`aedetect train\` on a series); ${opts.model} holds a detector of single samples. Score its rows with --input <file>.`)
  }
  await startBackend(opts.backend, false, Boolean(opts.verbose))
  const label = opts.label === undefined ? undefined : /^\d+$/.test(opts.label) ? Number(opts.label) : opts.label
  const stop = new AbortController()
  // Listening starts now: lines that arrive while the detector loads are kept.
  const input = lineBatches(process.stdin, stop.signal)
  // If the event loop still empties before the run ends, say so instead of exiting 0 without a word.
  let finished = false
  const onBeforeExit = (): void => {
    if (finished) return
    finished = true
    process.stderr.write('aedetect: unexpected error: score --follow stopped before the end of its input (rerun with --verbose and report it)\n')
    process.exitCode = 1
  }
  process.once('beforeExit', onBeforeExit)
  const onInterrupt = (): void => stop.abort()
  process.once('SIGINT', onInterrupt)
  // The reader of stdout went away (`| head`): stop reading like any Unix filter, without a stack trace.
  const onOutputError = (error: NodeJS.ErrnoException): void => {
    if (error.code === 'EPIPE') stop.abort()
    else throw error
  }
  process.stdout.on('error', onOutputError)
  try {
    const summary = await followSeries(opts.model, input, { label, onBadLine: opts.onBadLine, signal: stop.signal, write: (text) => process.stdout.write(text), warn: info })
    info(`${summary.points} points scored, ${summary.anomalies} anomalous in ${summary.events} event${summary.events === 1 ? '' : 's'}${summary.skippedLines > 0 ? `, ${summary.skippedLines} malformed line${summary.skippedLines === 1 ? '' : 's'} skipped` : ''}${summary.interrupted ? ' (interrupted)' : ''}`)
  } finally {
    finished = true
    process.removeListener('beforeExit', onBeforeExit)
    process.removeListener('SIGINT', onInterrupt)
    if (!stop.signal.aborted) process.stdout.removeListener('error', onOutputError)
    // A producer that keeps the pipe open (tail -f) must not keep the process alive after Ctrl-C.
    process.stdin.destroy()
  }
}
