import { AedetectError } from '@aedetect/core'
import { fitGpd, type GpdFit } from './_gpd-fit'

/** The state of peaks over threshold: the initial threshold t, its excesses, the points seen and the GPD fit. */
export interface PotState {
  /** Initial threshold t: the `level` empirical quantile of the calibration scores. */
  initial: number
  peaks: number[]
  /** Points seen (calibration and, when streaming, the non-alarm points pushed). */
  n: number
  fit: GpdFit
}

/**
 * SPOT's initial step (Siffer et al., KDD 2017, Alg. 1): t is the sorted calibration score at index
 * floor(level · n) (the reference's `S[int(level * n_init)]`, no interpolation), the peaks are the excesses
 * s − t of the scores strictly above t, fitted by a GPD. When ties put t on the largest score, t is the next smaller
 * distinct score instead (else nothing would be left to fit). Throws `E_OPTION` when the scores are all equal.
 */
export function initialisePot(scores: Float64Array, level: number, where: string, option: string): PotState {
  const sorted = scores.slice().sort()
  const n = sorted.length
  let initial = sorted[Math.min(Math.floor(level * n), n - 1)]
  // Ties at the top (point scores that are the max over overlapping windows come in plateaus) can put the level's
  // quantile on the largest score, leaving no excess: t moves down to the next smaller distinct score.
  if (initial === sorted[n - 1]) {
    let i = Math.min(Math.floor(level * n), n - 1)
    while (i > 0 && sorted[i] === initial) i--
    if (sorted[i] < initial) initial = sorted[i]
  }
  const peaks: number[] = []
  for (let i = 0; i < n; i++) if (scores[i] > initial) peaks.push(scores[i] - initial)
  if (peaks.length === 0) {
    throw new AedetectError('E_OPTION', `${where}: no calibration score is above the initial threshold ${initial} (the ${level} quantile of ${n} scores), so there is no tail to fit. Pass scores that are not all equal, or choose a ${option} that leaves some scores above it (e.g. 0.98 with at least 100 scores).`)
  }
  return { initial, peaks, n, fit: fitGpd(Float64Array.from(peaks)) }
}

/** z_q = t + σ/γ ((q n / N_t)^(−γ) − 1), or t − σ log(q n / N_t) when γ = 0: the score exceeded with probability q. */
export function potQuantile(state: PotState, q: number): number {
  const r = (q * state.n) / state.peaks.length
  const { gamma, sigma } = state.fit
  return gamma === 0 ? state.initial - sigma * Math.log(r) : state.initial + (sigma / gamma) * (Math.pow(r, -gamma) - 1)
}

/** Checks SPOT's two fractions: q (risk) in (0, 1) and level in [0, 1). */
export function checkPotOptions(q: number, level: number, where: string, strategy: string): void {
  if (typeof q !== 'number' || !(q > 0 && q < 1)) {
    throw new AedetectError('E_OPTION', `${where}: strategy '${strategy}' needs q in (0, 1) (the risk: the probability a normal score exceeds the threshold, e.g. 1e-3), got ${String(q)}.`)
  }
  if (typeof level !== 'number' || !(level >= 0 && level < 1)) {
    throw new AedetectError('E_OPTION', `${where}: strategy '${strategy}' needs level in [0, 1) (the quantile of the initial threshold, e.g. 0.98 — not a percent), got ${String(level)}.`)
  }
}
