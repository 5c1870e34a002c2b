import { AedetectError, toSamples, type Samples } from '@aedetect/core'
import { openDetectorWorkers, type DetectorWorkersOptions } from './detector-workers'

/** Options of {@link scoreInWorkers}: those of `openDetectorWorkers` (without `parser`) and the chunk size. */
export interface ScoreInWorkersOptions extends Omit<DetectorWorkersOptions, 'parser'> {
  /**
   * Rows per chunk sent to a worker (and per `detector.score` call there). Default 10,000, the CLI's
   * `--batch-size` default: with the same chunks, the scores equal `detector.score` on those chunks bit for bit.
   */
  chunkRows?: number
}

/**
 * Scores `x` (`Samples` `[n, ...sampleShape]` or `number[][]`) with the detector saved in folder `dir`, on
 * `workers` threads at once (default: every core): contiguous chunks of `chunkRows` rows go to the workers,
 * at most two per worker in memory at a time, and the scores come back in input order. Same backend as the
 * calling thread unless `backend` says otherwise. Returns one score per row, higher = more anomalous; a row is
 * anomalous when `score >= detector.threshold.value`. Node only.
 * Throws `E_EMPTY` (no rows), `E_OPTION` (workers or chunkRows not a positive integer), `E_FEATURE_COUNT`, and
 * what `loadDetector` throws for the folder.
 */
export async function scoreInWorkers(dir: string, x: Samples | number[][], options: ScoreInWorkersOptions = {}): Promise<Float32Array> {
  const samples = toSamples(x, 'scoreInWorkers()')
  const chunkRows = options.chunkRows ?? 10_000
  if (!Number.isInteger(chunkRows) || chunkRows < 1) {
    throw new AedetectError('E_OPTION', `scoreInWorkers(): chunkRows is ${String(chunkRows)}; expected a positive integer number of rows.`)
  }
  const n = samples.shape[0]
  if (n === 0) throw new AedetectError('E_EMPTY', `scoreInWorkers(): x holds no rows. Pass at least one sample.`)
  const width = samples.data.length / n
  const pool = await openDetectorWorkers(dir, options)
  const scores = new Float32Array(n)
  try {
    // Two chunks per worker in flight: one scoring, one waiting, so no worker idles while the parent copies.
    const inFlight: Array<{ start: number; done: Promise<{ scores: Float32Array; rows: number }> }> = []
    const take = async (): Promise<void> => {
      const { start, done } = inFlight.shift() as (typeof inFlight)[number]
      const result = await done
      scores.set(result.scores, start)
    }
    for (let start = 0; start < n; start += chunkRows) {
      const rows = Math.min(chunkRows, n - start)
      // A copy, transferred to the worker: the caller's array is never detached or changed.
      const chunk = samples.data.slice(start * width, (start + rows) * width)
      const done = pool.score(chunk, rows)
      // Handled here, awaited in order by take(): a later chunk's rejection after an earlier failure is not unhandled.
      done.catch(() => undefined)
      inFlight.push({ start, done })
      if (inFlight.length >= 2 * pool.workers) await take()
    }
    while (inFlight.length > 0) await take()
  } finally {
    await pool.close()
  }
  return scores
}
