import { createRequire } from 'node:module'
import { AedetectError } from '@aedetect/core'
import { streamCsv } from '@aedetect/datasets/node'
import { openDetectorWorkers, type WorkerScores } from '@aedetect/detector/node'
import type { BackendName } from '@aedetect/models'
import { csvLineChunks, firstRecord } from './csv-line-chunks'
import { featureCountMessage } from './feature-count-message'

/** Options of {@link scoreCsvInWorkers}. */
export interface ScoreCsvInWorkersOptions {
  model: string
  input: string
  label?: string | number
  /** Feature columns by name, as `featureColumns` gives them; undefined = by position. */
  features?: string[]
  /** The detector's values per row. */
  width: number
  /** Rows per chunk, and per `detector.score` call in a worker: `--batch-size`, as the one-thread path. */
  batchSize: number
  workers: number
  backend: BackendName
  /** Called with each chunk's scores, in file order, before the next chunk's. */
  onScores: (scores: Float32Array, rowOffset: number) => Promise<void>
  onWarning: (message: string) => void
}

/**
 * Scores a CSV file on `workers` threads: the parent cuts the file into runs of `batchSize` rows at line ends
 * and writes nothing itself; each worker parses its run with `parseCsv`, scores it and returns the scores, which
 * reach `onScores` in file order (at most two runs per worker in memory). Each run is parsed with the file's
 * first record (the header, or the first data row of a file without one) placed at its own line and blank lines up
 * to the run's first line, so columns, ragged rows and bad cells are judged, and errors name file and line,
 * exactly as the one-thread `streamCsv` path does. Resolves with the rows scored.
 */
export async function scoreCsvInWorkers(options: ScoreCsvInWorkersOptions): Promise<{ rows: number }> {
  const { input, label, features, width } = options
  // The one-thread reader decides header and columns and checks the first rows: the same errors, first.
  let firstDataLine = 1
  for await (const batch of streamCsv(input, { label, features, batchSize: Math.min(options.batchSize, 10_000) })) {
    if (batch.x.shape[1] !== width) throw new AedetectError('E_FEATURE_COUNT', featureCountMessage(input, batch.x.shape[1], options.model, width))
    firstDataLine = batch.firstLine
    break
  }
  const first = await firstRecord(input)
  if (first === undefined) return { rows: 0 }
  const header = first.line < firstDataLine
  const pool = await openDetectorWorkers(options.model, {
    workers: options.workers,
    backend: options.backend,
    onWarning: options.onWarning,
    parser: {
      module: createRequire(import.meta.url).resolve('@aedetect/datasets'),
      name: 'parseCsv',
      options: { label, features, header, source: input },
      widthMessage: featureCountMessage(input, '{got}', options.model, width),
    },
  })
  const reference = `${'\n'.repeat(first.line - 1)}${first.text}\n`
  const inFlight: Array<Promise<WorkerScores>> = []
  let rows = 0
  const take = async (): Promise<void> => {
    const result = await (inFlight.shift() as Promise<WorkerScores>).catch((error: unknown) => {
      throw asOneThreadError(error)
    })
    await options.onScores(result.scores, rows)
    rows += result.rows
  }
  try {
    for await (const chunk of csvLineChunks(input, { rowsPerChunk: options.batchSize, skipLines: header ? first.line : 0 })) {
      // A headerless file's first chunk holds the first record itself; every other chunk gets it in front.
      const own = !header && chunk.firstLine <= first.line
      const prefix = own ? '\n'.repeat(chunk.firstLine - 1) : `${reference}${'\n'.repeat(chunk.firstLine - first.line - 1)}`
      const head = Buffer.from(prefix)
      // Its own ArrayBuffer, transferred to the worker (a small Buffer's is Node's shared pool).
      const text = new Uint8Array(head.length + chunk.bytes.length)
      text.set(head, 0)
      text.set(chunk.bytes, head.length)
      const done = pool.scoreText(text, own || header ? 0 : 1)
      // Awaited in order by take(); handled now so that a later chunk failing after an earlier one is not unhandled.
      done.catch(() => undefined)
      inFlight.push(done)
      if (inFlight.length >= 2 * pool.workers) await take()
    }
    while (inFlight.length > 0) await take()
  } finally {
    await pool.close()
  }
  return { rows }
}

// The workers parse with parseCsv; the one-thread path reads with streamCsv: the same message under its name.
function asOneThreadError(error: unknown): unknown {
  if (!(error instanceof AedetectError) || !error.message.startsWith('parseCsv(): ')) return error
  return new AedetectError(error.code, `streamCsv(): ${error.message.slice('parseCsv(): '.length)}`, { cause: error })
}
