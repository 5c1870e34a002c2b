import { meanStd } from './_order-statistics'
import { ewmaMean } from './_ewma'

/** Options of the 'nonparametric' strategy (Hundman et al., KDD 2018); every field has Telemanom's default. */
export interface NonparametricOptions {
  /** Smallest z tried in ε = μ + z σ. Default 2.5. */
  zMin?: number
  /** z is tried from zMin up to, not including, zMax in steps of zStep; zMax is also the fallback. Default 12. */
  zMax?: number
  /** Default 0.5. */
  zStep?: number
  /** Points on each side of a flagged point counted with it (Telemanom's error_buffer). Default 100. */
  errorBuffer?: number
  /** EWMA span smoothing the scores before the search (pandas ewm(span).mean()); 0 or 1 = none. Default 0: window scores are already averages. */
  smoothingSpan?: number
}

/**
 * Hundman et al.'s ε search on (smoothed) normal scores e: for each z, ε = μ(e) + z σ(e); the points at or
 * above ε, each widened by `errorBuffer − 1` neighbours on both sides (as Telemanom's search does), are the
 * anomalous set e_a, its runs of two or more points the sequences E_seq; the score is
 * (Δμ/μ + Δσ/σ) / (|E_seq|² + |e_a|) where Δ is the fall of the mean and std when the points above ε are
 * removed. The highest score wins (the last on ties, as `>=` in Telemanom) among z with at most 5 sequences
 * and |e_a| < n / 2; none passing gives z = zMax.
 */
export function nonparametricThreshold(scores: Float64Array, options: Required<NonparametricOptions>): { value: number; params: Record<string, number> } {
  const { zMin, zMax, zStep, errorBuffer, smoothingSpan } = options
  const e = ewmaMean(scores, smoothingSpan)
  const n = e.length
  const { mean, std } = meanStd(e)
  let bestZ = zMax
  let bestScore = -Infinity
  const flagged = new Uint8Array(n)
  for (let k = 0; zMin + k * zStep < zMax; k++) {
    const z = zMin + k * zStep
    const epsilon = mean + z * std
    flagged.fill(0)
    let below = 0
    let sum = 0
    let any = false
    for (let i = 0; i < n; i++) {
      if (e[i] >= epsilon) {
        any = true
        const lo = Math.max(0, i - (errorBuffer - 1))
        const hi = Math.min(n - 1, i + (errorBuffer - 1))
        for (let j = lo; j <= hi; j++) flagged[j] = 1
      } else {
        below++
        sum += e[i]
      }
    }
    if (!any || below === 0) continue
    const prunedMean = sum / below
    let ss = 0
    for (let i = 0; i < n; i++) if (e[i] < epsilon) ss += (e[i] - prunedMean) ** 2
    const prunedStd = Math.sqrt(ss / below)
    let count = 0
    let sequences = 0
    let run = 0
    for (let i = 0; i <= n; i++) {
      if (i < n && flagged[i] === 1) {
        count++
        run++
      } else {
        if (run > 1) sequences++
        run = 0
      }
    }
    const score = ((mean - prunedMean) / mean + (std - prunedStd) / std) / (sequences * sequences + count)
    if (score >= bestScore && sequences <= 5 && count < n * 0.5) {
      bestScore = score
      bestZ = z
    }
  }
  return { value: mean + bestZ * std, params: { zMin, zMax, zStep, errorBuffer, smoothingSpan, z: bestZ, mean, std } }
}
