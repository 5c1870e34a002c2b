import { AedetectError } from '@aedetect/core'
import { toScores64 } from './_validate'
import { checkPotOptions, initialisePot, potQuantile, type PotState } from './_pot'
import { fitGpdNear } from './_gpd-fit'

/** Options of {@link createSpot}. */
export interface SpotOptions {
  /** Risk: the probability that a normal score exceeds the threshold. Default 1e-3 (OmniAnomaly's SMD setting). */
  q?: number
  /** Quantile of the calibration scores taken as the initial threshold t. Default 0.98 (SPOT's). */
  level?: number
  /**
   * DSPOT's depth: when set, the threshold applies to the score minus the mean of the last `depth` normal
   * scores, so a slow drift of the score level moves the threshold with it (Siffer et al., Alg. 3). Default:
   * none (plain SPOT). An integer >= 1, smaller than the calibration length.
   */
  depth?: number
  /**
   * Refit the GPD only when the peaks have grown by this fraction since the last fit (z_q still uses the current
   * peak count at every peak). 0 refits at every peak, as the paper; the default 0.01 keeps a stream whose
   * scores sit above t for long (thousands of peaks) at a bounded cost per point. Default 0.01.
   */
  refitFraction?: number
}

/** One pushed score's verdict: an alarm when `score >= threshold` (the threshold in force before this score). */
export interface SpotStep {
  alarm: boolean
  /** The threshold this score was compared with, in score units (DSPOT: the drift level added back). */
  threshold: number
}

/**
 * A streaming SPOT / DSPOT threshold: the state is real (the peaks grow as normal scores arrive), so this is
 * an object. `threshold` is the current one in score units; `push` compares a score with it, then updates.
 */
export interface Spot {
  readonly threshold: number
  /** The GPD shape γ, scale σ and the initial threshold t of the current fit (DSPOT: in drift-removed units). */
  readonly params: { q: number; level: number; depth: number; initial: number; gamma: number; sigma: number; peaks: number; n: number }
  push(score: number): SpotStep
}

/**
 * SPOT (Siffer et al., KDD 2017): peaks over threshold on a stream. Calibrates on `calibration` (normal
 * scores, e.g. the training part's point scores): initial threshold t at their `level` quantile, GPD fit of
 * the excesses (Grimshaw), threshold z_q. Each pushed score is an alarm when `score >= z_q`; alarms do not
 * update the model, a normal score above t becomes a peak and the GPD is refitted, warm-started from the
 * last fit (about 60 · peaks operations), any
 * other score only counts (z_q is recomputed only when a peak is added, as in the paper's Alg. 1). With `depth`, DSPOT: the same on the score minus a moving mean of the last `depth`
 * normal scores. Scores: higher = more anomalous. Defaults q = 1e-3, level = 0.98.
 * @throws `E_EMPTY`, `E_NOT_FINITE` for bad calibration scores, `E_OPTION` for q, level or depth out of range or
 * no calibration score above t.
 */
export function createSpot(calibration: ArrayLike<number>, options: SpotOptions = {}): Spot {
  const where = 'createSpot()'
  const raw = toScores64(calibration, where, 'calibration')
  const q = options.q ?? 1e-3
  const level = options.level ?? 0.98
  checkPotOptions(q, level, where, options.depth === undefined ? 'spot' : 'dspot')
  const depth = options.depth ?? 0
  const refitFraction = options.refitFraction ?? 0.01
  if (typeof refitFraction !== 'number' || !(refitFraction >= 0 && refitFraction < 1)) {
    throw new AedetectError('E_OPTION', `${where}: refitFraction must be in [0, 1) (a fraction of the peaks, e.g. 0.01; 0 refits at every peak), got ${String(refitFraction)}.`)
  }
  const { values, window } = driftRemoved(raw, depth, where)
  const state: PotState = initialisePot(values, level, where, 'level')
  let z = potQuantile(state, q)
  let fittedPeaks = state.peaks.length
  let sum = 0
  for (const v of window) sum += v
  let head = 0
  const level0 = (): number => (depth === 0 ? 0 : sum / depth)
  const spot: Spot = {
    get threshold(): number {
      return z + level0()
    },
    get params() {
      return { q, level, depth, initial: state.initial, gamma: state.fit.gamma, sigma: state.fit.sigma, peaks: state.peaks.length, n: state.n }
    },
    push(score: number): SpotStep {
      const drift = level0()
      const threshold = z + drift
      const x = score - drift
      if (!Number.isFinite(score)) return { alarm: true, threshold }
      if (x >= z) return { alarm: true, threshold }
      state.n++
      if (x > state.initial) {
        state.peaks.push(x - state.initial)
        if (state.peaks.length - fittedPeaks > refitFraction * fittedPeaks) {
          state.fit = fitGpdNear(Float64Array.from(state.peaks), state.fit)
          fittedPeaks = state.peaks.length
        }
        z = potQuantile(state, q)
      }
      if (depth > 0) {
        sum += score - window[head]
        window[head] = score
        head = (head + 1) % depth
      }
      return { alarm: false, threshold }
    },
  }
  return spot
}

/** DSPOT's calibration: x_i − mean(x_{i−d} … x_{i−1}) for i >= d, and the last d scores as the moving window. */
function driftRemoved(raw: Float64Array, depth: number, where: string): { values: Float64Array; window: Float64Array } {
  if (depth === 0) return { values: raw, window: new Float64Array(0) }
  if (!Number.isInteger(depth) || depth < 1 || depth >= raw.length) {
    throw new AedetectError('E_OPTION', `${where}: depth must be an integer in [1, ${raw.length - 1}] (the moving-mean length, below the ${raw.length} calibration scores), got ${String(depth)}.`)
  }
  const values = new Float64Array(raw.length - depth)
  let sum = 0
  for (let i = 0; i < depth; i++) sum += raw[i]
  for (let i = depth; i < raw.length; i++) {
    values[i - depth] = raw[i] - sum / depth
    sum += raw[i] - raw[i - depth]
  }
  return { values, window: raw.slice(raw.length - depth) }
}
