import type { Labels } from '@aedetect/core'

/**
 * The counts behind every curve: one entry per distinct score, in descending order, with the number of
 * anomalies (`tps`) and normals (`fps`) scoring at least that much. This is scikit-learn's
 * `_binary_clf_curve` (tied scores move together). Instead of sorting indices, the scores of each class
 * are sorted on their own with the native typed-array sort and merged from the top: two sorts of n values
 * in total, no comparator calls.
 */
export interface Sweep {
  thresholds: Float64Array
  tps: Float64Array
  fps: Float64Array
  anomalies: number
  normals: number
}

/** Splits scores by label into two ascending Float64Arrays. */
export function sortByClass(labels: Labels, scores: Float64Array): { anomalous: Float64Array; normal: Float64Array } {
  let anomalies = 0
  for (let i = 0; i < labels.length; i++) anomalies += labels[i]
  const anomalous = new Float64Array(anomalies)
  const normal = new Float64Array(labels.length - anomalies)
  let a = 0
  let b = 0
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] === 1) anomalous[a++] = scores[i]
    else normal[b++] = scores[i]
  }
  anomalous.sort()
  normal.sort()
  return { anomalous, normal }
}

/** Distinct thresholds (descending) with cumulative true and false positives at each. */
export function sweepDescending(labels: Labels, scores: Float64Array): Sweep {
  const { anomalous, normal } = sortByClass(labels, scores)
  const n = scores.length
  const thresholds = new Float64Array(n)
  const tps = new Float64Array(n)
  const fps = new Float64Array(n)
  let i = anomalous.length - 1
  let j = normal.length - 1
  let tp = 0
  let fp = 0
  let k = 0
  while (i >= 0 || j >= 0) {
    const a = i >= 0 ? anomalous[i] : -Infinity
    const b = j >= 0 ? normal[j] : -Infinity
    const v = a >= b ? a : b
    while (i >= 0 && anomalous[i] === v) {
      tp++
      i--
    }
    while (j >= 0 && normal[j] === v) {
      fp++
      j--
    }
    thresholds[k] = v
    tps[k] = tp
    fps[k] = fp
    k++
  }
  return {
    thresholds: thresholds.slice(0, k),
    tps: tps.slice(0, k),
    fps: fps.slice(0, k),
    anomalies: anomalous.length,
    normals: normal.length,
  }
}
