// The buffered soft labels of VUS, summed per threshold for every buffer width without visiting the points
// again for each width.
//
// TSB-AD gives a normal point, for buffer width w (h = floor(w / 2)), the sum of √(1 − d/w) over the ranges
// within distance d ≤ h, capped at 1. Since d ≤ w/2, each term is at least √0.5, so two or more terms
// always reach the cap: the soft label is 0 while h < d1 (the distance to the nearest range), √(1 − d1/w)
// while d1 ≤ h < d2 (the second nearest), and 1 from h = d2 on. Each point is therefore described once by
// (d1, d2, the first threshold k that predicts it), and a width's sums per threshold come from counts:
// capped[k] + Σ_{d ≤ h} √(1 − d/w) · single[d][k] — O(h · thresholds) per width, whatever n is.

/** Counts of normal points near a range, by distance and first predicting threshold. */
export interface SoftLabelCounts {
  /** Thresholds (columns). */
  count: number
  /** single[d · count + k]: points with d1 = d whose second range is still beyond h, first predicted at k. */
  single: Float64Array
  /** capped[k]: points with two ranges within h (soft label 1), first predicted at k. */
  capped: Float64Array
  /** Points ordered by d2 (offsets by d2, then their d1 and k), to move from `single` to `capped` as h grows. */
  moveOffset: Int32Array
  moveD1: Int32Array
  moveK: Int32Array
}

/**
 * Describes every normal point within `maxH` of a range (ranges given by inclusive `starts`/`ends`) by its
 * nearest and second-nearest range distances. O(n).
 */
export function countSoftLabels(labels: Uint8Array, firstK: Int32Array, starts: Int32Array, ends: Int32Array, maxH: number, count: number): SoftLabelCounts {
  const n = labels.length
  const ranges = starts.length
  const single = new Float64Array((maxH + 1) * count)
  const capped = new Float64Array(count)
  const d1Of = new Int32Array(n)
  const d2Of = new Int32Array(n)
  const perD2 = new Int32Array(maxH + 2)
  const far = maxH + 1
  // Gap g holds the normal points between range g − 1 and range g.
  for (let g = 0; g <= ranges; g++) {
    const gapStart = g === 0 ? 0 : ends[g - 1] + 1
    const gapEnd = g === ranges ? n - 1 : starts[g] - 1
    for (let x = gapStart; x <= gapEnd; x++) {
      // The four candidate distances: the two nearest ranges on each side.
      const a = g > 0 ? x - ends[g - 1] : far
      const b = g > 1 ? x - ends[g - 2] : far
      const c = g < ranges ? starts[g] - x : far
      const d = g + 1 < ranges ? starts[g + 1] - x : far
      const d1 = Math.min(a, c)
      // Second smallest of {a, b, c, d}, knowing a < b and c < d.
      const d2 = Math.min(Math.max(a, c), a < c ? b : d)
      d1Of[x] = Math.min(d1, far)
      d2Of[x] = Math.min(d2, far)
      if (d1 <= maxH) {
        single[d1 * count + firstK[x]]++
        if (d2 <= maxH) perD2[d2]++
      }
    }
  }
  const moveOffset = new Int32Array(maxH + 2)
  for (let d = 1; d <= maxH + 1; d++) moveOffset[d] = moveOffset[d - 1] + perD2[d - 1]
  const moveD1 = new Int32Array(moveOffset[maxH + 1])
  const moveK = new Int32Array(moveOffset[maxH + 1])
  const fill = moveOffset.slice()
  for (let x = 0; x < n; x++) {
    if (labels[x] === 1 || d1Of[x] > maxH || d2Of[x] > maxH) continue
    const slot = fill[d2Of[x]]++
    moveD1[slot] = d1Of[x]
    moveK[slot] = firstK[x]
  }
  return { count, single, capped, moveOffset, moveD1, moveK }
}

/** Moves the points whose second range comes within reach at half-width `h` to `capped`. */
export function reachSecondRange(counts: SoftLabelCounts, h: number): void {
  const { count, single, capped, moveOffset, moveD1, moveK } = counts
  if (h + 1 >= moveOffset.length) return
  for (let i = moveOffset[h]; i < moveOffset[h + 1]; i++) {
    single[moveD1[i] * count + moveK[i]]--
    capped[moveK[i]]++
  }
}

/** out[k] = the summed soft labels of the normal points first predicted at threshold k, at half-width h. */
export function sumSoftLabels(counts: SoftLabelCounts, h: number, weights: Float64Array, out: Float64Array): void {
  const { count, single, capped } = counts
  out.set(capped)
  for (let d = 1; d <= h; d++) {
    const weight = weights[d]
    const row = d * count
    for (let k = 0; k < count; k++) if (single[row + k] !== 0) out[k] += weight * single[row + k]
  }
}
