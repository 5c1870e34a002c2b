import type { Labels } from '@aedetect/core'
import { checkLabels, checkPredicted } from './_series'
import { rangeBounds } from './_ranges'
import type { RangeBounds } from './_ranges'

/** Affiliation precision, recall and F (Huet et al., KDD 2022). */
export interface AffiliationF {
  /** 2PR / (P + R + 1e-15); `null` when nothing is predicted (TSB-AD gives NaN there). */
  f1: number | null
  /** Mean affiliation precision over the anomaly events whose zone holds a prediction; `null` when none does. */
  precision: number | null
  /** Mean affiliation recall over all anomaly events, in [0, 1]. */
  recall: number
}

/**
 * TSB-AD's Affiliation-F of a given 0/1 prediction (Huet, Navarro & Rossi, KDD 2022), with its integrals in
 * closed form. Time is continuous on [0, n), point i is the interval [i, i + 1). Each anomaly event owns the
 * zone up to the midpoints towards its neighbours; inside a zone, a predicted instant is worth the share of
 * the zone farther from the event than it is (precision), and an anomalous instant the share of the zone
 * farther from it than the nearest prediction (recall). Labels and predictions: 1 = anomaly.
 * @throws `E_EMPTY`, `E_LABELS`, `E_LENGTH_MISMATCH`, `E_NO_ANOMALY`, `E_SINGLE_CLASS`.
 */
export function affiliationF(labels: Labels, predicted: ArrayLike<number>): AffiliationF {
  const where = 'affiliationF()'
  const y = checkLabels(labels, where)
  const p = checkPredicted(predicted, y.length, where)
  return computeAffiliationF(y.length, rangeBounds(y), rangeBounds(p))
}

/**
 * Affiliation-F from the label ranges and the predicted ranges (both inclusive, sorted). `scratch` holds
 * the predicted pieces of one zone; a caller scoring many predictions passes buffers of length >=
 * `predicted.count` once instead of allocating them on every call.
 */
export function computeAffiliationF(n: number, real: RangeBounds, predicted: RangeBounds, scratch?: { start: Float64Array; end: Float64Array }): AffiliationF {
  const events = real.count
  let precisionSum = 0
  let precisionCount = 0
  let recallSum = 0
  const pieceStart = scratch?.start ?? new Float64Array(predicted.count)
  const pieceEnd = scratch?.end ?? new Float64Array(predicted.count)
  let firstEvent = 0
  for (let k = 0; k < events; k++) {
    const a = real.starts[k]
    const b = real.ends[k] + 1
    const zoneStart = k === 0 ? 0 : (real.ends[k - 1] + 1 + a) / 2
    const zoneEnd = k === events - 1 ? n : (b + real.starts[k + 1]) / 2
    while (firstEvent < predicted.count && predicted.ends[firstEvent] + 1 <= zoneStart) firstEvent++
    let pieces = 0
    for (let j = firstEvent; j < predicted.count && predicted.starts[j] < zoneEnd; j++) {
      const u = Math.max(predicted.starts[j], zoneStart)
      const v = Math.min(predicted.ends[j] + 1, zoneEnd)
      if (u < v) {
        pieceStart[pieces] = u
        pieceEnd[pieces] = v
        pieces++
      }
    }
    if (pieces === 0) continue
    precisionSum += zonePrecision(pieceStart, pieceEnd, pieces, a, b, zoneStart, zoneEnd)
    precisionCount++
    recallSum += zoneRecall(pieceStart, pieceEnd, pieces, a, b, zoneStart, zoneEnd)
  }
  const recall = recallSum / events
  if (precisionCount === 0) return { f1: null, precision: null, recall }
  const precision = precisionSum / precisionCount
  return { f1: (2 * precision * recall) / (precision + recall + 1e-15), precision, recall }
}

/** ∫ from x1 to x2 of max(0, alpha + beta · x) dx, exactly. */
function rampIntegral(alpha: number, beta: number, x1: number, x2: number): number {
  let lo = x1
  let hi = x2
  if (beta === 0) return alpha > 0 && hi > lo ? alpha * (hi - lo) : 0
  const root = -alpha / beta
  if (beta > 0) lo = Math.max(lo, root)
  else hi = Math.min(hi, root)
  return hi > lo ? (hi - lo) * (alpha + (beta * (lo + hi)) / 2) : 0
}

/**
 * Precision of one event J = [a, b) in its zone [z, Z): the mean over the predicted pieces of the share of
 * the zone at least as far from J as the predicted instant, i.e. (max(0, (a − z) − d) + max(0, (Z − b) − d)) / |E|
 * at distance d, and 1 inside J.
 */
function zonePrecision(starts: Float64Array, ends: Float64Array, pieces: number, a: number, b: number, z: number, Z: number): number {
  let integral = 0
  let length = 0
  for (let j = 0; j < pieces; j++) {
    const u = starts[j]
    const v = ends[j]
    length += v - u
    // Inside J.
    const inside = Math.min(v, b) - Math.max(u, a)
    let outside = 0
    if (inside > 0) integral += inside
    // Left of J, d = a − x: (x − z) + max(0, x − (a + b − Z)).
    if (u < a) {
      const hi = Math.min(v, a)
      outside += rampIntegral(-z, 1, u, hi) + rampIntegral(Z - a - b, 1, u, hi)
    }
    // Right of J, d = x − b: max(0, (a + b − z) − x) + (Z − x).
    if (v > b) {
      const lo = Math.max(u, b)
      outside += rampIntegral(a + b - z, -1, lo, v) + rampIntegral(Z, -1, lo, v)
    }
    integral += outside / (Z - z)
  }
  return integral / length
}

/**
 * Recall of one event J = [a, b) in its zone [z, Z): the zone is split among the predicted pieces at the
 * midpoints between them; an instant y of J in the part of piece I scores the share of the zone at least
 * dist(y, I) from y — (max(0, (y − z) − D) + max(0, (Z − y) − D)) / |E| — and 1 inside I.
 */
function zoneRecall(starts: Float64Array, ends: Float64Array, pieces: number, a: number, b: number, z: number, Z: number): number {
  let integral = 0
  for (let j = 0; j < pieces; j++) {
    const c = starts[j]
    const d = ends[j]
    const partStart = j === 0 ? z : (ends[j - 1] + c) / 2
    const partEnd = j === pieces - 1 ? Z : (d + starts[j + 1]) / 2
    const y1 = Math.max(a, partStart)
    const y2 = Math.min(b, partEnd)
    if (y2 <= y1) continue
    const inside = Math.min(y2, d) - Math.max(y1, c)
    if (inside > 0) integral += inside
    let outside = 0
    // Before the piece, D = c − y: max(0, 2y − (z + c)) + (Z − c).
    if (y1 < c) {
      const hi = Math.min(y2, c)
      outside += rampIntegral(-(z + c), 2, y1, hi) + rampIntegral(Z - c, 0, y1, hi)
    }
    // After the piece, D = y − d: (d − z) + max(0, (Z + d) − 2y).
    if (y2 > d) {
      const lo = Math.max(y1, d)
      outside += rampIntegral(d - z, 0, lo, y2) + rampIntegral(Z + d, -2, lo, y2)
    }
    integral += outside / (Z - z)
  }
  return integral / (b - a)
}
