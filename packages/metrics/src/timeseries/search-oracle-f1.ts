import type { Labels } from '@aedetect/core'
import { checkSeries } from './_series'
import { oracleThresholds } from './_linspace'
import { rangeBounds } from './_ranges'
import { computeAffiliationF } from './affiliation-f'
import { eventEnd, eventF1FromCounts } from './event-f1'
import { pointAdjustedFromDetection } from './point-adjusted-f1'
import { rangeF1FromOverlaps } from './range-f1'

/** One metric over the oracle thresholds, and its best value. */
export interface OracleF1Curve {
  /** The metric at each threshold of {@link OracleF1Search.thresholds}; NaN where it is undefined (affiliation, nothing predicted). */
  byThreshold: Float64Array
  /** The largest value of `byThreshold` (undefined values ignored). */
  best: number
  /** The first index reaching `best`. */
  bestIndex: number
  /** The threshold at `bestIndex` (predicted = `score > threshold`, strict). */
  bestThreshold: number
}

/** TSB-AD's threshold search for the four event-aware F scores. */
export interface OracleF1Search {
  /** The 100 thresholds, ascending: numpy's `linspace(min(score), max(score), 100)`. */
  thresholds: Float64Array
  pointAdjustedF1: OracleF1Curve
  eventF1: OracleF1Curve
  rangeF1: OracleF1Curve
  affiliationF: OracleF1Curve
}

/**
 * The oracle ("best threshold") versions of PA-F1, Event-based-F1, R-based-F1 and Affiliation-F, as in
 * TSB-AD's `get_metrics`: each metric is computed at the 100 thresholds `linspace(min(score), max(score),
 * 100)` with predicted = `score > threshold` (strict, so the last threshold predicts nothing), and each
 * takes its own maximum. This is an upper bound a deployed detector does not reach: it picks the threshold
 * with the labels. O(n log n + 100 · n) at worst; each threshold filters the points the previous one predicted.
 * Labels: 1 = anomaly; higher scores = more anomalous.
 * @throws `E_EMPTY`, `E_NOT_FINITE`, `E_LENGTH_MISMATCH`, `E_LABELS`, `E_NO_ANOMALY`, `E_SINGLE_CLASS`.
 */
export function searchOracleF1(labels: Labels, scores: ArrayLike<number>): OracleF1Search {
  const series = checkSeries(labels, scores, 'searchOracleF1()')
  return computeOracleF1(series.labels, series.scores)
}

/**
 * The oracle search on checked input. Sorting once makes most of each threshold O(log n): point counts come
 * from the scores of each class sorted, range hits from each range's scores sorted, range detection from
 * each range's maximum. Only the predicted ranges need one pass over the scores per threshold.
 */
export function computeOracleF1(labels: Labels, scores: Float64Array): OracleF1Search {
  const n = labels.length
  const thresholds = oracleThresholds(scores)
  const real = rangeBounds(labels)
  const labelPrefix = new Int32Array(n + 1)
  for (let i = 0; i < n; i++) labelPrefix[i + 1] = labelPrefix[i] + labels[i]
  const anomalies = labelPrefix[n]
  const normalSorted = new Float64Array(n - anomalies)
  const anomalousSorted = new Float64Array(anomalies)
  for (let i = 0, a = 0, b = 0; i < n; i++) {
    if (labels[i] === 1) anomalousSorted[a++] = scores[i]
    else normalSorted[b++] = scores[i]
  }
  normalSorted.sort()
  anomalousSorted.sort()
  // Each real range's scores, sorted within the range (ranges are laid out in order), and its maxima over
  // the range and over the event TSB-AD's event finder records (one point shorter at the series end).
  const rangeScores = new Float64Array(anomalies)
  const rangeOffset = new Int32Array(real.count + 1)
  const rangeMax = new Float64Array(real.count)
  const eventMax = new Float64Array(real.count)
  for (let r = 0, o = 0; r < real.count; r++) {
    rangeOffset[r] = o
    let max = -Infinity
    let eventMaxValue = -Infinity
    const end = eventEnd(real.ends[r], n)
    for (let i = real.starts[r]; i <= real.ends[r]; i++) {
      rangeScores[o++] = scores[i]
      if (scores[i] > max) max = scores[i]
      if (i <= end && scores[i] > eventMaxValue) eventMaxValue = scores[i]
    }
    rangeMax[r] = max
    eventMax[r] = eventMaxValue
    rangeOffset[r + 1] = o
    rangeScores.subarray(rangeOffset[r], o).sort()
  }

  const count = thresholds.length
  const pa = new Float64Array(count)
  const event = new Float64Array(count)
  const range = new Float64Array(count)
  const affiliation = new Float64Array(count)
  const detected = new Uint8Array(real.count)
  const hits = new Int32Array(real.count)
  const cap = (n + 1) >> 1
  const predictedStarts = new Int32Array(cap)
  const predictedEnds = new Int32Array(cap)
  const anomalous = new Int32Array(cap)
  const pieces = { start: new Float64Array(cap), end: new Float64Array(cap) }
  // The thresholds ascend, so the predicted points of threshold k are among those of threshold k − 1:
  // keep them, in position order, and filter that shrinking list instead of rescanning all n scores.
  let active = new Int32Array(n)
  let kept = new Int32Array(n)
  let activeCount = n
  for (let i = 0; i < n; i++) active[i] = i
  for (let k = 0; k < count; k++) {
    const t = thresholds[k]
    let next = 0
    for (let j = 0; j < activeCount; j++) {
      const i = active[j]
      kept[next] = i
      next += scores[i] > t ? 1 : 0
    }
    const swap = active
    active = kept
    kept = swap
    activeCount = next
    // Predicted ranges: runs of consecutive positions in the list.
    let m = 0
    for (let j = 0; j < activeCount; j++) {
      const start = active[j]
      while (j + 1 < activeCount && active[j + 1] === active[j] + 1) j++
      const end = active[j]
      predictedStarts[m] = start
      predictedEnds[m] = end
      anomalous[m] = labelPrefix[end + 1] - labelPrefix[start]
      m++
    }
    const predicted = { starts: predictedStarts.subarray(0, m), ends: predictedEnds.subarray(0, m), count: m }
    const tp = countAbove(anomalousSorted, 0, anomalousSorted.length, t)
    const fp = countAbove(normalSorted, 0, normalSorted.length, t)
    let detectedEvents = 0
    for (let r = 0; r < real.count; r++) {
      detected[r] = rangeMax[r] > t ? 1 : 0
      if (eventMax[r] > t) detectedEvents++
      hits[r] = countAbove(rangeScores, rangeOffset[r], rangeOffset[r + 1], t)
    }
    pa[k] = pointAdjustedFromDetection(real, detected, scores[0] > t, fp).f1
    event[k] = eventF1FromCounts(real.count, detectedEvents, tp, fp).f1
    range[k] = rangeF1FromOverlaps(n, real, predicted, hits, anomalous.subarray(0, m)).f1
    affiliation[k] = computeAffiliationF(n, real, predicted, pieces).f1 ?? Number.NaN
  }
  return {
    thresholds,
    pointAdjustedF1: sweep(pa, thresholds),
    eventF1: sweep(event, thresholds),
    rangeF1: sweep(range, thresholds),
    affiliationF: sweep(affiliation, thresholds),
  }
}

/** How many values of the ascending `sorted[from..to)` are > t. */
function countAbove(sorted: Float64Array, from: number, to: number, t: number): number {
  let lo = from
  let hi = to
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (sorted[mid] <= t) lo = mid + 1
    else hi = mid
  }
  return to - lo
}

function sweep(values: Float64Array, thresholds: Float64Array): OracleF1Curve {
  let best = -Infinity
  let bestIndex = 0
  for (let k = 0; k < values.length; k++) {
    if (values[k] > best) {
      best = values[k]
      bestIndex = k
    }
  }
  return { byThreshold: values, best, bestIndex, bestThreshold: thresholds[bestIndex] }
}
