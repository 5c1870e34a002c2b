import { AedetectError } from '@aedetect/core'
import { readCsv } from '@aedetect/datasets/node'
import { createStreamScorer, type StreamResult, type WindowDetectorState } from '@aedetect/detector'
import { loadWindowDetector } from '@aedetect/detector/node'
import type { Threshold } from '@aedetect/metrics'
import { asModelError } from '../exit-codes'

/** The point scores of a CSV series under a window detector. */
export interface SeriesScores {
  /** One score per CSV row (time point), higher = more anomalous. */
  scores: Float64Array
  /** The window detector's point threshold: a point is anomalous when `score >= threshold.value`. */
  threshold: Threshold
  /**
   * One flag per point by the detector's alarm rule (`WindowDetector.flagPoints`: the fixed threshold, or the
   * rolling one started from the training scores; then its events' minimum length and cool-down).
   */
  flags: Uint8Array
  /** The alarm rule that produced `flags` (absent: a fixed threshold, from a detector saved before alarm rules). */
  alarm: WindowDetectorState['alarm']
  window: { size: number; stride: number }
}

/**
 * Scores a CSV of a time series (one row per time point, one column per channel; `label` leaves a column
 * out) with the window detector in `modelDir`: sliding windows, one score per point, and the point threshold
 * that `train` reported — never the rows as separate window samples with the windows' own threshold.
 * Throws `E_FEATURE_COUNT` (other channel count), `E_SHAPE` (fewer rows than one window), the CSV reader's
 * errors, and the loader's (marked as model errors).
 */
export async function scoreSeriesCsv(modelDir: string, input: string, label: string | number | undefined): Promise<SeriesScores> {
  const detector = await loadWindowDetector(modelDir).catch((error: unknown) => {
    throw asModelError(error)
  })
  try {
    const table = await readCsv(input, { label })
    const [t, channels] = table.x.shape
    if (channels !== detector.state.channels) {
      throw new AedetectError('E_FEATURE_COUNT', `${input}: rows have ${channels} columns; the time-series detector in ${modelDir} was trained on ${detector.state.channels} channel${detector.state.channels === 1 ? '' : 's'} (one row per time point, one column per channel). Pass the same channels as at training (use --label to leave a label column out).`)
    }
    const scores = await detector.scorePoints({ data: table.x.data, shape: [t, channels] })
    return { scores, threshold: detector.state.threshold, flags: detector.flagPoints(scores).flags, alarm: detector.state.alarm, window: { size: detector.windowSize, stride: detector.stride } }
  } finally {
    detector.dispose()
  }
}

/** Options of {@link followSeries}. */
export interface FollowOptions {
  /** A column of each line to leave out of the point (name from the header line, or 0-based index). */
  label?: string | number
  /** What a malformed line does: `'stop'` ends the run (after the points before it are written), `'skip'` drops it. */
  onBadLine: 'skip' | 'stop'
  /** Where the point lines go (the lines of the points made final by one read, in one write, at once). */
  write: (text: string) => void
  /** Where the error line of a skipped line goes. */
  warn: (text: string) => void
  /** Ends the reading early (SIGINT): the points so far are flushed and the run ends cleanly. */
  signal?: AbortSignal
}

/** What a followed stream came to. */
export interface FollowSummary {
  points: number
  anomalies: number
  events: number
  skippedLines: number
  interrupted: boolean
}

// float32's largest finite value: beyond it a value would turn into Infinity inside the model.
const FLOAT32_MAX = 3.4028234663852886e38

/**
 * Scores a stream of CSV lines, given as the batches of lines each read brought (`lineBatches`), (one time point per line, the training channels in order; an optional header
 * line first) with the window detector in `modelDir`, writing `row,score,anomaly,event` for each point as soon
 * as its score is final (`createStreamScorer`: windowSize − 1 points later; the last ones when the input ends
 * or `signal` aborts). `event` is the 0-based id of the run of flagged points the point belongs to, empty when
 * the point is normal. Scores equal `scoreSeriesCsv` on the same lines to float32 rounding. A malformed line
 * (wrong column count, a value that is not a finite number) throws `E_PARSE` / `E_FEATURE_COUNT` /
 * `E_NOT_FINITE` naming the line and column with `onBadLine: 'stop'`, or is reported through `warn` and dropped.
 * Throws `E_SHAPE` when fewer points than one window arrive.
 */
export async function followSeries(modelDir: string, lines: AsyncIterable<string[]>, options: FollowOptions): Promise<FollowSummary> {
  const detector = await loadWindowDetector(modelDir).catch((error: unknown) => {
    throw asModelError(error)
  })
  // The detector's alarm rule, when it has a rolling threshold or a hold, runs online, hold included (its event step,
  // minLength and coolDown, looks ahead and does not).
  const online = detector.onlineThreshold()
  const scorer = createStreamScorer(detector, online ? { threshold: online } : {})
  const { channels } = detector.state
  const summary: FollowSummary = { points: 0, anomalies: 0, events: 0, skippedLines: 0, interrupted: false }
  const emit = (results: StreamResult[]): void => {
    // The lines of one push leave in one write (each as soon as it is known: none waits for a later push).
    let text = ''
    for (const r of results) {
      summary.anomalies += r.anomaly
      if (r.event !== null) summary.events = r.event + 1
      text += `${r.index},${r.score},${r.anomaly},${r.event ?? ''}\n`
    }
    if (text !== '') options.write(text)
  }
  try {
    options.write('row,score,anomaly,event\n')
    let lineNumber = 0
    let labelIndex = typeof options.label === 'number' ? options.label : -1
    let failure: unknown
    // The lines of one read from the input go to the model together (one push): a file piped in is scored in
    // large batches, a live source line by line as its lines arrive; no line waits for a later one.
    read: for await (const batch of lines) {
      if (options.signal?.aborted) break
      const points = new Float32Array(batch.length * channels)
      let k = 0
      for (const line of batch) {
        lineNumber++
        const text = line.trim()
        if (text === '') continue
        const fields = text.split(',').map((f) => f.trim())
        if (lineNumber === 1 && fields.some((f) => f !== '' && !Number.isFinite(Number(f)))) {
          // A header line: it only names the label column.
          if (typeof options.label === 'string') {
            labelIndex = fields.indexOf(options.label)
            if (labelIndex < 0) throw new AedetectError('E_OPTION', `stdin line 1: the header has no column '${options.label}' (columns: ${fields.join(', ')}). Pass --label with one of these names or a 0-based index.`)
          }
          continue
        }
        if (typeof options.label === 'string' && labelIndex < 0) {
          throw new AedetectError('E_OPTION', `stdin line ${lineNumber}: --label '${options.label}' names a column, but the input has no header line. Pass --label as a 0-based column index, or send a header line first.`)
        }
        try {
          points.set(parsePoint(fields, channels, labelIndex, lineNumber), k * channels)
          k++
        } catch (error) {
          if (options.onBadLine === 'stop') {
            failure = error
            break
          }
          summary.skippedLines++
          options.warn(`aedetect: ${(error as Error).message}`)
        }
      }
      if (k > 0) {
        emit(await scorer.push({ data: points.subarray(0, k * channels), shape: [k, channels] }))
        summary.points += k
      }
      if (failure) break read
    }
    summary.interrupted = options.signal?.aborted ?? false
    if (summary.points < detector.windowSize) {
      throw failure ?? new AedetectError('E_SHAPE', `stdin: the input ended after ${summary.points} points; the time-series detector in ${modelDir} has windows of ${detector.windowSize}. Send at least ${detector.windowSize} points (one per line).`)
    }
    emit(await scorer.flush())
    if (failure) throw failure
    return summary
  } finally {
    scorer.dispose()
    detector.dispose()
  }
}

function parsePoint(fields: string[], channels: number, labelIndex: number, lineNumber: number): Float32Array {
  const expected = channels + (labelIndex >= 0 ? 1 : 0)
  if (fields.length !== expected) {
    throw new AedetectError('E_FEATURE_COUNT', `stdin line ${lineNumber}: ${fields.length} columns; the detector expects ${channels} channel${channels === 1 ? '' : 's'}${labelIndex >= 0 ? ' plus the --label column' : ''}, ${expected} columns. Send one point per line, the channels in the training order.`)
  }
  const point = new Float32Array(channels)
  let c = 0
  for (let f = 0; f < fields.length; f++) {
    if (f === labelIndex) continue
    const value = Number(fields[f])
    if (fields[f] === '' || !Number.isFinite(value) || Math.abs(value) > FLOAT32_MAX) {
      throw new AedetectError(fields[f] === '' || Number.isNaN(value) ? 'E_PARSE' : 'E_NOT_FINITE', `stdin line ${lineNumber}, column ${f + 1}: '${fields[f]}' is not a finite number. Impute missing values before sending them, or pass --on-bad-line skip to drop such lines.`)
    }
    point[c++] = value
  }
  return point
}

/**
 * The complete lines of `input`, one array per read (a trailing partial line waits for the rest; the last one
 * is kept at the end). Listens from the call on, so no line is lost while the caller is still loading; pauses
 * the input while more than 64 reads wait, so memory stays bounded when the input is faster than the scoring.
 * Ends at the end of the input, or when `signal` aborts.
 */
export function lineBatches(input: NodeJS.ReadableStream, signal?: AbortSignal): AsyncIterable<string[]> {
  const queue: string[][] = []
  let partial = ''
  let ended = false
  let failed: unknown
  let wake: (() => void) | undefined
  const notify = (): void => {
    wake?.()
    wake = undefined
  }
  input.setEncoding('utf8')
  input.on('data', (chunk: string) => {
    const lines = (partial + chunk).split(/\r?\n/)
    partial = lines.pop() ?? ''
    if (lines.length > 0) queue.push(lines)
    if (queue.length > 64) input.pause()
    notify()
  })
  input.on('end', () => {
    if (partial !== '') queue.push([partial])
    ended = true
    notify()
  })
  input.on('error', (error) => {
    failed = error
    notify()
  })
  signal?.addEventListener('abort', () => notify())
  return {
    async *[Symbol.asyncIterator]() {
      for (;;) {
        if (failed) throw new AedetectError('E_IO', `stdin: reading failed (${(failed as Error).message}).`, { cause: failed })
        if (signal?.aborted) return
        const next = queue.shift()
        if (next) {
          if (queue.length <= 16) input.resume()
          yield next
        } else if (ended) return
        else await new Promise<void>((done) => (wake = done))
      }
    },
  }
}
