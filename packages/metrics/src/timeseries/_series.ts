import { AedetectError } from '@aedetect/core'
import type { Labels } from '@aedetect/core'
import { toCheckedLabels, toScores64 } from '../_validate'

/** A checked series: labels, scores as float64, and the number of anomalous points. */
export interface CheckedSeries {
  labels: Labels
  scores: Float64Array
  anomalies: number
}

/**
 * Checks labels and scores once at the public edge of every time-series metric: scores finite and
 * non-empty, one 0/1 label per score, at least one anomaly and at least one normal point (TSB-AD's
 * metrics divide by both counts).
 */
export function checkSeries(labels: Labels, scores: ArrayLike<number>, where: string): CheckedSeries {
  const s = toScores64(scores, where)
  const y = toCheckedLabels(labels, where, s.length)
  const anomalies = expectAnomaliesAndNormals(y, where)
  return { labels: y, scores: s, anomalies }
}

/** Checks labels alone (for the metrics of a given prediction): non-empty, 0/1, both classes present. */
export function checkLabels(labels: Labels, where: string): Labels {
  if (labels !== null && labels !== undefined && labels.length === 0) {
    throw new AedetectError('E_EMPTY', `${where}: labels is empty. Pass one label per point of the series.`)
  }
  const y = toCheckedLabels(labels, where, labels?.length ?? 0)
  expectAnomaliesAndNormals(y, where)
  return y
}

/** Throws `E_NO_ANOMALY` / `E_SINGLE_CLASS` unless the labels hold both classes; returns the anomaly count. */
export function expectAnomaliesAndNormals(labels: Labels, where: string): number {
  let anomalies = 0
  for (let i = 0; i < labels.length; i++) anomalies += labels[i]
  if (anomalies === 0) {
    throw new AedetectError('E_NO_ANOMALY', `${where}: the ${labels.length} labels hold no anomaly (label 1); TSB-AD's time-series metrics are undefined without one. Evaluate on a series with at least one labelled anomaly.`)
  }
  if (anomalies === labels.length) {
    throw new AedetectError('E_SINGLE_CLASS', `${where}: all ${labels.length} labels are anomalies (label 1); TSB-AD's time-series metrics need at least one normal point. Evaluate on a series with normal points too.`)
  }
  return anomalies
}

/** Checks a given 0/1 prediction against the labels' length; returns it as a Uint8Array (no copy when it is one). */
export function checkPredicted(predicted: ArrayLike<number>, n: number, where: string): Uint8Array {
  if (predicted === null || predicted === undefined || typeof predicted.length !== 'number') {
    throw new AedetectError('E_LABELS', `${where}: predicted must be a Uint8Array or number[] of 0 (normal) and 1 (anomaly), got ${String(predicted)}.`)
  }
  if (predicted.length !== n) {
    throw new AedetectError('E_LENGTH_MISMATCH', `${where}: predicted has ${predicted.length} values for ${n} labels. Pass one prediction per point of the series.`)
  }
  for (let i = 0; i < n; i++) {
    const v = predicted[i]
    if (v !== 0 && v !== 1) {
      throw new AedetectError('E_LABELS', `${where}: predicted[${i}] is ${String(v)}; predictions must be 0 (normal) or 1 (anomaly). Turn scores into predictions first (1 where score >= threshold).`)
    }
  }
  return predicted instanceof Uint8Array ? predicted : Uint8Array.from(predicted)
}
