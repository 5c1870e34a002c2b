import { toCheckedLabels } from '../_validate'
import { rangeBounds } from './_ranges'

/** An anomaly range (event): the first and the last index of a run of 1s, both inclusive. */
export type PointRange = [start: number, end: number]

/**
 * The ranges (events) of a 0/1 series: every maximal run of consecutive 1s as `[start, end]`, both ends
 * inclusive, in order. `[0, 1, 1, 0, 1]` gives `[[1, 2], [4, 4]]`. Works on labels (1 = anomaly) and on
 * predictions alike; an all-0 series gives `[]`.
 * @throws `E_LABELS` for a value other than 0/1 (naming its index).
 */
export function pointsToRanges(labels: ArrayLike<number>): PointRange[] {
  const y = toCheckedLabels(labels, 'pointsToRanges()', labels?.length ?? 0)
  const { starts, ends, count } = rangeBounds(y)
  const out: PointRange[] = new Array(count)
  for (let r = 0; r < count; r++) out[r] = [starts[r], ends[r]]
  return out
}
