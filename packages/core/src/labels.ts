import { AedetectError } from './aedetect-error'
import type { Labels } from './types'

/**
 * Validates labels: a `Uint8Array` (or number array) of 0/1, of length `expectedLength` when given.
 * Returns a `Uint8Array` (a copy for arrays, the same object otherwise).
 * Throws `E_LABELS` naming the first bad index, `E_LENGTH_MISMATCH` for a wrong length.
 */
export function toLabels(input: ArrayLike<number>, where: string, expectedLength?: number): Labels {
  if (expectedLength !== undefined && input.length !== expectedLength) {
    throw new AedetectError('E_LENGTH_MISMATCH', `${where}: got ${input.length} labels for ${expectedLength} samples. Pass one label per sample.`)
  }
  for (let i = 0; i < input.length; i++) {
    const v = input[i]
    if (v !== 0 && v !== 1) {
      throw new AedetectError('E_LABELS', `${where}: label ${i} is ${String(v)}; labels must be 0 (normal) or 1 (anomaly). Map your classes to 0/1 first.`)
    }
  }
  return input instanceof Uint8Array ? input : Uint8Array.from(input)
}
