import { AedetectError } from '@aedetect/core'
import { toScores64 } from './_validate'
import { nonparametricThreshold, type NonparametricOptions } from './nonparametric-threshold'

/** Options of {@link createNonparametricThreshold}: the ε search's options and the two window lengths. */
export interface NonparametricStreamOptions extends NonparametricOptions {
  /** Points flagged with one ε before it is searched again (Telemanom's batch_size). Default 70. */
  batch?: number
  /** Trailing points the ε search reads (Telemanom's window_size × batch_size = 30 × 70). Default 2100. */
  history?: number
}

/** A streaming non-parametric threshold: its state (the trailing scores) is real, so this is an object. */
export interface NonparametricStream {
  /** The ε in force for the next pushed score. */
  readonly threshold: number
  /** Compares a score with the ε in force (alarm when `score >= threshold`), then stores it; a full batch re-searches ε. */
  push(score: number): { alarm: boolean; threshold: number }
}

/**
 * Hundman et al.'s dynamic thresholding on a stream (KDD 2018, Telemanom's use of its rule): every `batch`
 * points, ε is searched again (findThreshold's 'nonparametric' rule) on the trailing `history` scores — the
 * calibration scores first, then the pushed ones, alarms included (as Telemanom does: the rule itself
 * discounts the few highest). Memory: one ring buffer of `history` scores. Scores: higher = more anomalous.
 * Defaults: batch 70, history 2100, errorBuffer 10 (a point score already averages its windows; Telemanom's
 * 100 was measured worse here), no smoothing, z from 2.5 to 12 by 0.5.
 * @throws `E_EMPTY`, `E_NOT_FINITE` for bad calibration scores, `E_OPTION` for a bad window or search option.
 */
export function createNonparametricThreshold(calibration: ArrayLike<number>, options: NonparametricStreamOptions = {}): NonparametricStream {
  const where = 'createNonparametricThreshold()'
  const raw = toScores64(calibration, where, 'calibration')
  const batch = options.batch ?? 70
  const history = options.history ?? 2100
  for (const [name, v] of [['batch', batch], ['history', history]] as const) {
    if (!Number.isInteger(v) || v < 2) throw new AedetectError('E_OPTION', `${where}: ${name} must be an integer >= 2 (points), got ${String(v)}.`)
  }
  const search = { zMin: options.zMin ?? 2.5, zMax: options.zMax ?? 12, zStep: options.zStep ?? 0.5, errorBuffer: options.errorBuffer ?? 10, smoothingSpan: options.smoothingSpan ?? 0 }
  if (!(search.zStep > 0) || !(search.zMax > search.zMin) || !Number.isInteger(search.errorBuffer) || search.errorBuffer < 1) {
    throw new AedetectError('E_OPTION', `${where}: needs zStep > 0, zMax > zMin and an integer errorBuffer >= 1; got zMin ${search.zMin}, zMax ${search.zMax}, zStep ${search.zStep}, errorBuffer ${search.errorBuffer}.`)
  }
  const ring = new Float64Array(history)
  let filled = Math.min(history, raw.length)
  ring.set(raw.subarray(raw.length - filled))
  let head = filled % history
  const trailing = new Float64Array(history)
  const epsilonNow = (): number => {
    // Oldest first: the EWMA (when asked) runs forward in time.
    const start = filled < history ? 0 : head
    for (let i = 0; i < filled; i++) trailing[i] = ring[(start + i) % history]
    return nonparametricThreshold(trailing.subarray(0, filled), search).value
  }
  let epsilon = epsilonNow()
  let sinceSearch = 0
  return {
    get threshold(): number {
      return epsilon
    },
    push(score: number) {
      const threshold = epsilon
      const alarm = !(score < threshold)
      ring[head] = Number.isFinite(score) ? score : threshold
      head = (head + 1) % history
      if (filled < history) filled++
      if (++sinceSearch === batch) {
        sinceSearch = 0
        epsilon = epsilonNow()
      }
      return { alarm, threshold }
    },
  }
}
