import type { Labels } from '@aedetect/core'
import { checkLabels, checkPredicted } from './_series'
import { rangeBounds } from './_ranges'
import type { RangeBounds } from './_ranges'
import { f1FromCounts } from './f1-score'
import type { F1Score } from './f1-score'

/**
 * TSB-AD's point-adjusted F1 (PA-F1) of a given 0/1 prediction: every anomaly range with at least one
 * predicted point counts as fully predicted, then the point-wise F1 is taken (precision and recall of the
 * adjusted prediction). One quirk of TSB-AD is kept so the numbers match: its backward fill stops at index 1,
 * so in a range that starts at index 0 and is first hit later, point 0 stays missed.
 * The input is not modified. Labels and predictions: 1 = anomaly.
 * @throws `E_EMPTY`, `E_LABELS` (a value other than 0/1), `E_LENGTH_MISMATCH`, `E_NO_ANOMALY`, `E_SINGLE_CLASS`.
 */
export function pointAdjustedF1(labels: Labels, predicted: ArrayLike<number>): F1Score {
  const where = 'pointAdjustedF1()'
  const y = checkLabels(labels, where)
  const p = checkPredicted(predicted, y.length, where)
  return computePointAdjustedF1(y, rangeBounds(y), p)
}

/** PA-F1 on checked input, with the label ranges computed once by the caller. */
export function computePointAdjustedF1(labels: Labels, ranges: RangeBounds, predicted: Uint8Array): F1Score {
  const detected = new Uint8Array(ranges.count)
  for (let r = 0; r < ranges.count; r++) {
    for (let i = ranges.starts[r]; i <= ranges.ends[r]; i++) {
      if (predicted[i] === 1) {
        detected[r] = 1
        break
      }
    }
  }
  let fp = 0
  for (let i = 0; i < labels.length; i++) if (predicted[i] === 1 && labels[i] === 0) fp++
  return pointAdjustedFromDetection(ranges, detected, predicted[0] === 1, fp)
}

/**
 * PA-F1 from which ranges hold a predicted point (`detected[r]` = 1), whether point 0 is predicted, and the
 * number of predicted normal points (unchanged by the adjustment).
 */
export function pointAdjustedFromDetection(ranges: RangeBounds, detected: Uint8Array, pointZeroPredicted: boolean, falsePositives: number): F1Score {
  let anomalies = 0
  let tp = 0
  for (let r = 0; r < ranges.count; r++) {
    const length = ranges.ends[r] - ranges.starts[r] + 1
    anomalies += length
    if (detected[r] === 0) continue
    tp += length
    // TSB-AD walks back from the first hit with range(i, 0, -1): index 0 is never filled in.
    if (ranges.starts[r] === 0 && !pointZeroPredicted) tp--
  }
  return f1FromCounts(tp, falsePositives, anomalies - tp)
}
