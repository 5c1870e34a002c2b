import { AedetectError, assertFinite, assertSamplesShape, toSamples64 } from '@aedetect/core'
import type { FloatArray, Samples } from '@aedetect/core'
import type { SamplesInput, ValueMetric } from './reconstruction-input'

/** Inputs and their reconstruction, checked: same shape, finite values. */
export interface CheckedPair {
  x: FloatArray
  r: FloatArray
  n: number
  /** Values per sample. */
  size: number
  shape: number[]
}

function toChecked(input: SamplesInput, where: string, name: string): Samples<FloatArray> {
  if (Array.isArray(input)) return toSamples64(input, `${where} ${name}`)
  assertSamplesShape(input, `${where} ${name}`)
  assertFinite(input, `${where} ${name}`)
  return input
}

/** Checks both inputs once at the public edge; `E_SHAPE` names both shapes. */
export function checkPair(x: SamplesInput, reconstruction: SamplesInput, where: string): CheckedPair {
  const a = toChecked(x, where, 'x')
  const b = toChecked(reconstruction, where, 'reconstruction')
  const same = a.shape.length === b.shape.length && a.shape.every((d, i) => d === b.shape[i])
  if (!same) {
    throw new AedetectError('E_SHAPE', `${where}: x has shape [${a.shape.join(', ')}] but reconstruction has shape [${b.shape.join(', ')}]; they must match. Pass the model's output for the same samples, reshaped like the input.`)
  }
  const n = a.shape[0]
  return { x: a.data, r: b.data, n, size: n === 0 ? 0 : a.data.length / n, shape: a.shape.slice() }
}

/** Validates a per-value metric option. */
export function valueMetric(metric: ValueMetric | undefined, where: string): ValueMetric {
  const m = metric ?? 'squared'
  if (m !== 'squared' && m !== 'absolute') {
    throw new AedetectError('E_OPTION', `${where}: metric must be one of 'squared' | 'absolute', got '${String(m)}'.`)
  }
  return m
}

/** Checks that `row` indexes a sample; `E_OPTION` otherwise. */
export function expectRow(row: number, n: number, where: string, name = 'row'): void {
  if (!Number.isInteger(row) || row < 0 || row >= n) {
    throw new AedetectError('E_OPTION', `${where}: ${name} is ${String(row)}; expected an integer sample index in [0, ${n - 1}].`)
  }
}
