import { AedetectError } from '@aedetect/core'
import { toCheckedLabels } from './_validate'

/** Counts of a binary prediction, anomaly = positive. */
export interface ConfusionMatrix {
  /** Anomalies flagged as anomalies. */
  tp: number
  /** Normal samples flagged as anomalies. */
  fp: number
  /** Normal samples left normal. */
  tn: number
  /** Anomalies left normal (missed). */
  fn: number
}

/**
 * Confusion matrix of predicted labels against true labels, both 0 (normal) / 1 (anomaly), with
 * anomaly as the positive class.
 * @throws `E_EMPTY` (no labels), `E_LABELS` (a value other than 0/1), `E_LENGTH_MISMATCH`.
 */
export function confusionMatrix(labels: ArrayLike<number>, predicted: ArrayLike<number>): ConfusionMatrix {
  return confusionMatrixAt(labels, predicted, 'confusionMatrix()')
}

/** {@link confusionMatrix} with the caller's name in error messages. */
export function confusionMatrixAt(labels: ArrayLike<number>, predicted: ArrayLike<number>, where: string): ConfusionMatrix {
  if (labels === null || labels === undefined || typeof labels.length !== 'number' || labels.length === 0) {
    throw new AedetectError('E_EMPTY', `${where}: labels is empty. Pass one 0/1 label per sample.`)
  }
  const y = toCheckedLabels(labels, where, labels.length)
  const p = toCheckedLabels(predicted, `${where} predicted`, y.length)
  let tp = 0
  let fp = 0
  let tn = 0
  let fn = 0
  for (let i = 0; i < y.length; i++) {
    if (y[i] === 1) {
      if (p[i] === 1) tp++
      else fn++
    } else if (p[i] === 1) fp++
    else tn++
  }
  return { tp, fp, tn, fn }
}
