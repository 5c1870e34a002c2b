import { AedetectError } from '@aedetect/core'
import { toScores64 } from './_validate'

/** Options of {@link createRollingMeanStd}. */
export interface RollingMeanStdOptions {
  /** Points flagged with one threshold before it is computed again. Default 70. */
  batch?: number
  /** Trailing points the mean and std are taken over. Default 2100. */
  history?: number
  /** Multiplier of the (population) std. Default 2. */
  k?: number
}

/** A rolling mean + k std threshold on a stream: its state (the trailing scores) is real, so this is an object. */
export interface RollingMeanStd {
  /** The threshold in force for the next pushed score. */
  readonly threshold: number
  /** Compares a score with the threshold in force (alarm when `score >= threshold`), then stores it; a full batch recomputes it. */
  push(score: number): { alarm: boolean; threshold: number }
}

/**
 * mean + k · std (population) of the trailing `history` scores — the calibration scores first, then the pushed ones,
 * alarms included —, computed again every `batch` points: the fixed meanStd rule made to follow a stream whose
 * level drifts. Memory: one ring buffer of `history` scores. Scores: higher = more anomalous.
 * @throws `E_EMPTY`, `E_NOT_FINITE` for bad calibration scores, `E_OPTION` for a bad window length or k.
 */
export function createRollingMeanStd(calibration: ArrayLike<number>, options: RollingMeanStdOptions = {}): RollingMeanStd {
  const where = 'createRollingMeanStd()'
  const raw = toScores64(calibration, where, 'calibration')
  const batch = options.batch ?? 70
  const history = options.history ?? 2100
  const k = options.k ?? 2
  for (const [name, v] of [['batch', batch], ['history', history]] as const) {
    if (!Number.isInteger(v) || v < 2) throw new AedetectError('E_OPTION', `${where}: ${name} must be an integer >= 2 (points), got ${String(v)}.`)
  }
  if (!(Number.isFinite(k) && k >= 0)) throw new AedetectError('E_OPTION', `${where}: k must be a finite number >= 0 (multiplier of the std), got ${String(k)}.`)
  const ring = new Float64Array(history)
  let filled = Math.min(history, raw.length)
  ring.set(raw.subarray(raw.length - filled))
  let head = filled % history
  const compute = (): number => {
    let sum = 0
    for (let i = 0; i < filled; i++) sum += ring[i]
    const mean = sum / filled
    let sq = 0
    for (let i = 0; i < filled; i++) sq += (ring[i] - mean) ** 2
    return mean + k * Math.sqrt(sq / filled)
  }
  let threshold = compute()
  let sinceUpdate = 0
  return {
    get threshold(): number {
      return threshold
    },
    push(score: number) {
      const current = threshold
      const alarm = !(score < current)
      ring[head] = Number.isFinite(score) ? score : current
      head = (head + 1) % history
      if (filled < history) filled++
      if (++sinceUpdate === batch) {
        sinceUpdate = 0
        threshold = compute()
      }
      return { alarm, threshold: current }
    },
  }
}
