import { AedetectError, toLabels } from '@aedetect/core'
import type { Labels } from '@aedetect/core'

/**
 * Copies scores into a Float64Array after checking them once at the public edge: at least one score,
 * every score finite. `name` is how the caller's argument is called in messages (`scores`, `values`).
 */
export function toScores64(scores: ArrayLike<number>, where: string, name = 'scores'): Float64Array {
  if (scores === null || scores === undefined || typeof scores.length !== 'number') {
    throw new AedetectError('E_OPTION', `${where}: ${name} must be an array of numbers (Float32Array, Float64Array or number[]), got ${String(scores)}.`)
  }
  if (scores.length === 0) {
    throw new AedetectError('E_EMPTY', `${where}: ${name} is empty. Pass at least one score.`)
  }
  const out = new Float64Array(scores.length)
  for (let i = 0; i < scores.length; i++) {
    const v = scores[i]
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new AedetectError('E_NOT_FINITE', `${where}: ${name}[${i}] is ${String(v)}; every score must be a finite number. Check the model output for NaN (a diverged training run) before evaluating.`)
    }
    out[i] = v
  }
  return out
}

/** Labels checked with core's `toLabels`: 0/1 values, one per score. */
export function toCheckedLabels(labels: ArrayLike<number>, where: string, n: number): Labels {
  if (labels === null || labels === undefined || typeof labels.length !== 'number') {
    throw new AedetectError('E_LABELS', `${where}: labels must be a Uint8Array or number[] of 0 (normal) and 1 (anomaly), got ${String(labels)}.`)
  }
  return toLabels(labels, where, n)
}

/** Counts of anomalies (1) and normals (0) in checked labels. */
export function countClasses(labels: Labels): { anomalies: number; normals: number } {
  let anomalies = 0
  for (let i = 0; i < labels.length; i++) anomalies += labels[i]
  return { anomalies, normals: labels.length - anomalies }
}

/** Throws `E_SINGLE_CLASS` when the labels hold only one class: ROC needs both. */
export function expectBothClasses(labels: Labels, where: string): { anomalies: number; normals: number } {
  const counts = countClasses(labels)
  if (counts.anomalies === 0 || counts.normals === 0) {
    const only = counts.anomalies === 0 ? 'normal samples (label 0)' : 'anomalies (label 1)'
    throw new AedetectError('E_SINGLE_CLASS', `${where}: the ${labels.length} labels hold only ${only}; a ROC curve needs both classes (scikit-learn raises here too). Evaluate on data with at least one anomaly and one normal sample.`)
  }
  return counts
}
