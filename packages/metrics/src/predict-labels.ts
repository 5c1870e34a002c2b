import { AedetectError } from '@aedetect/core'
import type { Labels } from '@aedetect/core'
import { toScores64 } from './_validate'

/**
 * Labels from anomaly scores: 1 (anomaly) where `score >= threshold`, else 0 (normal). Scores are
 * compared as float64. A threshold of `+Infinity` flags nothing.
 * @throws `E_EMPTY`, `E_NOT_FINITE` (a NaN or ±Infinity score, by index), `E_OPTION` (threshold NaN or not a number).
 */
export function predictLabels(scores: ArrayLike<number>, threshold: number): Labels {
  const where = 'predictLabels()'
  if (typeof threshold !== 'number' || Number.isNaN(threshold)) {
    throw new AedetectError('E_OPTION', `${where}: threshold is ${String(threshold)}; expected a number (a sample is anomalous when score >= threshold). Get one from findThreshold().`)
  }
  const s = toScores64(scores, where)
  const out = new Uint8Array(s.length)
  for (let i = 0; i < s.length; i++) out[i] = s[i] >= threshold ? 1 : 0
  return out
}
