import type { Labels } from '@aedetect/core'
import { checkLabels, checkPredicted } from './_series'
import { rangeBounds } from './_ranges'
import type { RangeBounds } from './_ranges'
import type { F1Score } from './f1-score'

/**
 * TSB-AD's Event-based-F1 of a given 0/1 prediction: recall counts anomaly events (ranges) with at least
 * one predicted point, precision is the point-wise precision, and F = 2·R·P / (R + P + 1e-15).
 * TSB-AD's event finder is kept as is: when the series ends inside an anomaly, that last event ends one
 * point early (at n − 2), so a hit on the very last point does not count (and a one-point anomaly at n − 1
 * can never be detected, yet counts as an event). Labels and predictions: 1 = anomaly.
 * @throws `E_EMPTY`, `E_LABELS`, `E_LENGTH_MISMATCH`, `E_NO_ANOMALY`, `E_SINGLE_CLASS`.
 */
export function eventF1(labels: Labels, predicted: ArrayLike<number>): F1Score {
  const where = 'eventF1()'
  const y = checkLabels(labels, where)
  const p = checkPredicted(predicted, y.length, where)
  return computeEventF1(y, rangeBounds(y), p)
}

/** Event-based-F1 on checked input, with the label ranges computed once by the caller. */
export function computeEventF1(labels: Labels, ranges: RangeBounds, predicted: Uint8Array): F1Score {
  const n = labels.length
  let detected = 0
  for (let r = 0; r < ranges.count; r++) {
    const end = eventEnd(ranges.ends[r], n)
    for (let i = ranges.starts[r]; i <= end; i++) {
      if (predicted[i] === 1) {
        detected++
        break
      }
    }
  }
  let tp = 0
  let fp = 0
  for (let i = 0; i < n; i++) {
    if (predicted[i] === 1) {
      if (labels[i] === 1) tp++
      else fp++
    }
  }
  return eventF1FromCounts(ranges.count, detected, tp, fp)
}

/** TSB-AD's _get_events closes an event still open at the end of the series at n − 2. */
export function eventEnd(end: number, n: number): number {
  return end === n - 1 ? n - 2 : end
}

/** Event-based-F1 from the event count, the detected events, and the point-wise TP and FP. */
export function eventF1FromCounts(events: number, detected: number, tp: number, fp: number): F1Score {
  const recall = detected / events
  const precision = tp + fp === 0 ? 0 : tp / (tp + fp)
  return { f1: (2 * recall * precision) / (recall + precision + 1e-15), precision, recall }
}
