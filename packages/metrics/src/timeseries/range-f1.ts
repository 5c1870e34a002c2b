import type { Labels } from '@aedetect/core'
import { checkLabels, checkPredicted } from './_series'
import { rangeBounds } from './_ranges'
import type { RangeBounds } from './_ranges'
import type { F1Score } from './f1-score'

// TSB-AD's parametrisation of Tatbul et al. (NeurIPS 2018): existence weight 0.2 for recall and 0 for
// precision, flat positional bias, cardinality factor 1 / (number of overlapping ranges).
const RECALL_EXISTENCE_WEIGHT = 0.2

/**
 * TSB-AD's R-based-F1 (range-based F1 of Tatbul et al. 2018) of a given 0/1 prediction. Range recall
 * averages, over the anomaly ranges, 0.2 · (range hit at all) + 0.8 · (share of its points predicted) /
 * (number of predicted ranges overlapping it); range precision averages, over the predicted ranges, (share
 * of its points that are anomalous) / (number of anomaly ranges overlapping it); F = 2PR / (P + R), 0 when
 * both are 0. As in TSB-AD, a prediction that is 1 everywhere has no range boundary and scores 0.
 * Labels and predictions: 1 = anomaly.
 * @throws `E_EMPTY`, `E_LABELS`, `E_LENGTH_MISMATCH`, `E_NO_ANOMALY`, `E_SINGLE_CLASS`.
 */
export function rangeF1(labels: Labels, predicted: ArrayLike<number>): F1Score {
  const where = 'rangeF1()'
  const y = checkLabels(labels, where)
  const p = checkPredicted(predicted, y.length, where)
  return computeRangeF1(y, rangeBounds(y), p)
}

/** R-based-F1 on checked input, with the label ranges computed once by the caller. */
export function computeRangeF1(labels: Labels, real: RangeBounds, predicted: Uint8Array): F1Score {
  const predictedRanges = rangeBounds(predicted)
  const hits = new Int32Array(real.count)
  for (let r = 0; r < real.count; r++) {
    let h = 0
    for (let i = real.starts[r]; i <= real.ends[r]; i++) h += predicted[i]
    hits[r] = h
  }
  const anomalous = new Int32Array(predictedRanges.count)
  for (let q = 0; q < predictedRanges.count; q++) {
    let a = 0
    for (let i = predictedRanges.starts[q]; i <= predictedRanges.ends[q]; i++) a += labels[i]
    anomalous[q] = a
  }
  return rangeF1FromOverlaps(labels.length, real, predictedRanges, hits, anomalous)
}

/**
 * R-based-F1 from the real and predicted ranges, the predicted points inside each real range (`hits`) and
 * the anomalous points inside each predicted range (`anomalous`).
 */
export function rangeF1FromOverlaps(n: number, real: RangeBounds, predictedRanges: RangeBounds, hits: Int32Array, anomalous: Int32Array): F1Score {
  // TSB-AD finds ranges from diff(pred) == ±1: a prediction of 1 everywhere has neither, so no range.
  const everywhere = predictedRanges.count === 1 && predictedRanges.starts[0] === 0 && predictedRanges.ends[0] === n - 1
  const noRanges: RangeBounds = { starts: new Int32Array(0), ends: new Int32Array(0), count: 0 }
  const others = everywhere ? noRanges : predictedRanges
  const recall = rangeRecall(real, others, hits, RECALL_EXISTENCE_WEIGHT)
  const precision = everywhere ? 0 : rangeRecall(predictedRanges, real, anomalous, 0)
  const f1 = precision + recall === 0 ? 0 : (2 * recall * precision) / (precision + recall)
  return { f1, precision, recall }
}

/**
 * TSB-AD's range_recall_new(targets, others, alpha): over the target ranges, alpha · existence +
 * (1 − alpha) · overlap share / cardinality, divided by the number of target ranges (0 when there is none).
 * `targetHits[r]` counts the points of target range r that are 1 in the other series.
 */
function rangeRecall(targets: RangeBounds, others: RangeBounds, targetHits: Int32Array, alpha: number): number {
  if (targets.count === 0) return 0
  let existence = 0
  let overlap = 0
  // Both lists are sorted and disjoint, so the first other range ending at or after s and the first one
  // starting after e only move forward: two pointers, O(targets + others).
  let first = 0
  let after = 0
  for (let r = 0; r < targets.count; r++) {
    const s = targets.starts[r]
    const e = targets.ends[r]
    const hits = targetHits[r]
    if (hits > 0) existence++
    while (first < others.count && others.ends[first] < s) first++
    while (after < others.count && others.starts[after] <= e) after++
    const overlapping = Math.max(0, after - first)
    const cardinality = overlapping === 0 ? 0 : 1 / overlapping
    overlap += (hits / (e - s + 1)) * cardinality
  }
  return (alpha * existence + (1 - alpha) * overlap) / targets.count
}
