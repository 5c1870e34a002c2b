/**
 * Adds, for one buffer width w (h = floor(w / 2) >= 1), the soft label of every normal point near an
 * anomaly range into `bufferAt[firstK[x]]` — the threshold that first predicts the point.
 *
 * TSB-AD adds √(1 − d/w) to a normal point for each range within distance d ≤ h, then caps the sum at 1.
 * Since d ≤ w/2, each term is at least √0.5, so two or more terms always reach the cap: the soft label is
 * 1 when two ranges are within h, else the one term. That gives TSB-AD's value exactly (a single term is
 * added to 0) while visiting each normal point once — O(n) per width however densely the ranges lie.
 * `weights[d]` holds √(1 − d/w) for d = 1…h.
 */
export function addSoftLabels(
  bufferAt: Float64Array,
  firstK: Int32Array,
  starts: Int32Array,
  ends: Int32Array,
  n: number,
  h: number,
  weights: Float64Array,
): void {
  const ranges = starts.length
  // Gap g holds the normal points between range g − 1 and range g (g = 0: before the first range,
  // g = ranges: after the last one).
  for (let g = 0; g <= ranges; g++) {
    const gapStart = g === 0 ? 0 : ends[g - 1] + 1
    const gapEnd = g === ranges ? n - 1 : starts[g] - 1
    if (gapStart > gapEnd) continue
    const leftEnd = g > 0 ? ends[g - 1] : -1
    const rightStart = g < ranges ? starts[g] : -1
    const nearLeftUntil = g > 0 ? Math.min(gapEnd, leftEnd + h) : gapStart - 1
    const nearRightFrom = g < ranges ? Math.max(nearLeftUntil + 1, rightStart - h, gapStart) : gapEnd + 1
    for (let x = gapStart; x <= gapEnd; x++) {
      if (x > nearLeftUntil && x < nearRightFrom) x = nearRightFrom
      let terms = 0
      let value = 0
      if (g > 0 && x - leftEnd <= h) {
        terms++
        value = weights[x - leftEnd]
        if (g > 1 && x - ends[g - 2] <= h) terms++
      }
      if (g < ranges && rightStart - x <= h) {
        terms++
        value = weights[rightStart - x]
        if (g + 1 < ranges && starts[g + 1] - x <= h) terms++
      }
      bufferAt[firstK[x]] += terms >= 2 ? 1 : value
    }
  }
}
