import { AedetectError } from '@aedetect/core'
import { show } from './_checks'
import { SCALER_AXES, parameterCount } from './_scaler-input'
import type { MinMaxScaler } from './min-max-scaler'
import type { RobustScaler } from './robust-scaler'
import type { Scaler, ScalerAxis } from './scaler'
import type { StandardScaler } from './standard-scaler'

/** The `format` tag of a saved scaler. */
export const SCALER_FORMAT = 'aedetect-scaler'
/** The `formatVersion` this version of the package writes and reads. */
export const SCALER_FORMAT_VERSION = 1

interface ScalerJSONBase {
  format: typeof SCALER_FORMAT
  formatVersion: typeof SCALER_FORMAT_VERSION
  per: ScalerAxis
  sampleShape: number[]
  sampleCount: number
  clipTo: number | null
}

/**
 * A scaler as plain JSON (number arrays instead of typed arrays), with `format` and `formatVersion` so a loader
 * can refuse what it cannot read. `JSON.stringify` it as-is.
 */
export type ScalerJSON =
  | (ScalerJSONBase & { kind: 'minmax'; featureRange: [number, number]; dataMin: number[]; dataMax: number[]; dataRange: number[]; scale: number[]; offset: number[] })
  | (ScalerJSONBase & { kind: 'standard'; withMean: boolean; withStd: boolean; mean: number[]; variance: number[]; scale: number[] })
  | (ScalerJSONBase & { kind: 'robust'; quantileRange: [number, number]; withCentering: boolean; withScaling: boolean; center: number[]; scale: number[] })

/** The parameter arrays of each kind, in the order they are checked. */
const ARRAYS = {
  minmax: ['dataMin', 'dataMax', 'dataRange', 'scale', 'offset'],
  standard: ['mean', 'variance', 'scale'],
  robust: ['center', 'scale'],
} as const

/**
 * Converts a scaler to plain JSON (float64 values survive `JSON.stringify` / `JSON.parse` exactly).
 * Read it back with {@link scalerFromJSON}.
 */
export function scalerToJSON(scaler: Scaler): ScalerJSON {
  const base: ScalerJSONBase = {
    format: SCALER_FORMAT,
    formatVersion: SCALER_FORMAT_VERSION,
    per: scaler.per,
    sampleShape: scaler.sampleShape.slice(),
    sampleCount: scaler.sampleCount,
    clipTo: scaler.clipTo,
  }
  const arrays: Record<string, number[]> = {}
  for (const field of ARRAYS[scaler.kind]) arrays[field] = Array.from((scaler as unknown as Record<string, Float64Array>)[field])
  switch (scaler.kind) {
    case 'minmax':
      return { ...base, kind: 'minmax', featureRange: [scaler.featureRange[0], scaler.featureRange[1]], ...arrays } as ScalerJSON
    case 'standard':
      return { ...base, kind: 'standard', withMean: scaler.withMean, withStd: scaler.withStd, ...arrays } as ScalerJSON
    case 'robust':
      return { ...base, kind: 'robust', quantileRange: [scaler.quantileRange[0], scaler.quantileRange[1]], withCentering: scaler.withCentering, withScaling: scaler.withScaling, ...arrays } as ScalerJSON
  }
}

/**
 * Reads a scaler saved by {@link scalerToJSON} (the object, or its JSON text), checking every field before
 * use. Throws `E_FORMAT` naming the first bad field (or unparsable text), `E_FORMAT_VERSION` when the file was
 * written by another format version.
 */
export function scalerFromJSON(json: unknown): Scaler {
  const where = 'scalerFromJSON()'
  let value = json
  if (typeof json === 'string') {
    try {
      value = JSON.parse(json)
    } catch (cause) {
      throw new AedetectError('E_FORMAT', `${where}: the text is not valid JSON (${(cause as Error).message}). Pass the object scalerToJSON() returned, or its JSON.stringify text.`, { cause })
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new AedetectError('E_FORMAT', `${where}: expected an object from scalerToJSON(); got ${show(value)}.`)
  }
  const o = value as Record<string, unknown>
  if (o.format !== SCALER_FORMAT) {
    throw new AedetectError('E_FORMAT', `${where}: field 'format' is ${show(o.format)}; expected '${SCALER_FORMAT}'. Pass the object scalerToJSON() returned.`)
  }
  if (o.formatVersion !== SCALER_FORMAT_VERSION) {
    throw new AedetectError('E_FORMAT_VERSION', `${where}: field 'formatVersion' is ${show(o.formatVersion)}; this version of @aedetect/preprocessing reads formatVersion ${SCALER_FORMAT_VERSION}. Refit the scaler, or load it with the package version that saved it.`)
  }
  const bad = (field: string, expected: string): AedetectError =>
    new AedetectError('E_FORMAT', `${where}: field '${field}' is ${show(o[field])}; expected ${expected}. Pass the object scalerToJSON() returned, unmodified.`)
  const kind = o.kind
  if (kind !== 'minmax' && kind !== 'standard' && kind !== 'robust') throw bad('kind', `one of 'minmax' | 'standard' | 'robust'`)
  if (typeof o.per !== 'string' || !(SCALER_AXES as readonly string[]).includes(o.per)) throw bad('per', `one of 'feature' | 'channel' | 'global'`)
  const per = o.per as ScalerAxis
  const shape = o.sampleShape
  if (!Array.isArray(shape) || shape.length === 0 || !shape.every((d) => Number.isInteger(d) && d > 0)) throw bad('sampleShape', 'a non-empty array of positive integers')
  if (!Number.isInteger(o.sampleCount) || (o.sampleCount as number) < 1) throw bad('sampleCount', 'a positive integer')
  if (o.clipTo !== null && !(typeof o.clipTo === 'number' && o.clipTo > 0 && Number.isFinite(o.clipTo))) throw bad('clipTo', 'null or a positive finite number')
  const count = parameterCount(shape as number[], per)
  const arrays: Record<string, Float64Array> = {}
  for (const field of ARRAYS[kind]) {
    const a = o[field]
    if (!Array.isArray(a) || a.length !== count) {
      const got = Array.isArray(a) ? `an array of ${a.length} values` : show(a)
      throw new AedetectError('E_FORMAT', `${where}: field '${field}' is ${got}; expected ${count} finite numbers (one per parameter for per '${per}' and sampleShape [${(shape as number[]).join(', ')}]). Pass the object scalerToJSON() returned, unmodified.`)
    }
    const i = a.findIndex((v) => typeof v !== 'number' || !Number.isFinite(v))
    if (i >= 0) {
      throw new AedetectError('E_FORMAT', `${where}: field '${field}' holds ${show(a[i])} at index ${i}; expected finite numbers. Pass the object scalerToJSON() returned, unmodified.`)
    }
    arrays[field] = Float64Array.from(a as number[])
  }
  if (arrays.scale.some((v) => v === 0)) throw bad('scale', 'no zero entries (a zero scale would divide by zero)')
  const base = { per, sampleShape: (shape as number[]).slice(), sampleCount: o.sampleCount as number, clipTo: o.clipTo as number | null }
  const flag = (field: string): boolean => {
    if (typeof o[field] !== 'boolean') throw bad(field, 'true or false')
    return o[field] as boolean
  }
  const range = (field: string, bounds?: [number, number]): [number, number] => {
    const r = o[field]
    const ok = Array.isArray(r) && r.length === 2 && r.every((v) => typeof v === 'number' && Number.isFinite(v)) && r[0] < r[1] && (!bounds || (r[0] >= bounds[0] && r[1] <= bounds[1]))
    if (!ok) throw bad(field, `[lo, hi] with finite lo < hi${bounds ? ` inside [${bounds[0]}, ${bounds[1]}]` : ''}`)
    return [(r as number[])[0], (r as number[])[1]]
  }
  switch (kind) {
    case 'minmax': {
      const scaler: MinMaxScaler = { kind, ...base, featureRange: range('featureRange'), dataMin: arrays.dataMin, dataMax: arrays.dataMax, dataRange: arrays.dataRange, scale: arrays.scale, offset: arrays.offset }
      return scaler
    }
    case 'standard': {
      const scaler: StandardScaler = { kind, ...base, withMean: flag('withMean'), withStd: flag('withStd'), mean: arrays.mean, variance: arrays.variance, scale: arrays.scale }
      return scaler
    }
    case 'robust': {
      const scaler: RobustScaler = { kind, ...base, quantileRange: range('quantileRange', [0, 1]), withCentering: flag('withCentering'), withScaling: flag('withScaling'), center: arrays.center, scale: arrays.scale }
      return scaler
    }
  }
}
