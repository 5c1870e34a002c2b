import { AedetectError, type AedetectErrorCode } from '@aedetect/core'
import type { Threshold } from '@aedetect/metrics'
import type { TrainingHistory } from '@aedetect/models'
import { scalerFromJSON, type Scaler } from '@aedetect/preprocessing'
import { version as libraryVersion } from '../package.json'
import type { DetectorState, ErrorStatistics } from './detector'
import type { PcaModel } from './pca-model'

/** Identifies a detector folder's `detector.json`. */
export const DETECTOR_FORMAT = 'aedetect-detector'
/**
 * The newest format version this aedetect writes and reads; `loadDetector` refuses others. Bumped on every
 * change an older reader would misread. Version 2 adds `errorSmoothing`: a detector without smoothing is still
 * written as version 1, so older aedetect versions keep loading it, and refuse (rather than misscore) one with.
 * `weightsSha256` needs no bump: older readers ignore it and read the same detector.
 */
export const DETECTOR_FORMAT_VERSION = 2
/**
 * Largest `detector.json` read, in bytes (32 MiB). It holds the scaler, the held-out validation errors and, for
 * PCA, the axes: a few kB to a few MB for the data aedetect is used on. Checked before it is parsed.
 */
export const MAX_DETECTOR_JSON_BYTES = 32 * 1024 * 1024
// Values per sample: 2^24 (a 4096 × 4096 grey image) is far above any architecture aedetect builds.
const MAX_SAMPLE_VALUES = 1 << 24

/** `detector.json` after its checks: the state, and what rebuilds the model. */
export interface CheckedRecord {
  state: DetectorState
  pca: PcaModel | null
  weightsSha256: string | undefined
}

const STATISTICS = ['count', 'mean', 'std', 'min', 'max', 'p50', 'p90', 'p95', 'p99'] as const

/**
 * Parses and checks the whole of `detector.json` before any model is built: size, format and version first
 * (E_FORMAT / E_FORMAT_VERSION), then every field's type, range and length against the sample shape
 * (E_CORRUPT naming the field), the scaler with its own checks. `where` names the source.
 */
export function parseDetectorRecord(text: string, where: string): CheckedRecord {
  const fix = 'Re-save the detector with saveDetector() or \'aedetect train\'.'
  const corrupt = (what: string, code: AedetectErrorCode = 'E_CORRUPT'): AedetectError => new AedetectError(code, `${where}/detector.json ${what} ${fix}`)
  if (text.length > MAX_DETECTOR_JSON_BYTES) throw corrupt(`is ${text.length} characters long; aedetect reads at most ${MAX_DETECTOR_JSON_BYTES}.`)
  let record: Record<string, unknown>
  try {
    record = JSON.parse(text) as Record<string, unknown>
  } catch (cause) {
    throw new AedetectError('E_CORRUPT', `${where}/detector.json is not valid JSON (${(cause as Error).message}). ${fix}`, { cause })
  }
  if (record === null || typeof record !== 'object' || Array.isArray(record)) throw corrupt('is not a JSON object.')
  if (record.format !== 'aedetect-detector') {
    throw new AedetectError('E_FORMAT', `${where}/detector.json has format ${JSON.stringify(record.format)}; expected "${DETECTOR_FORMAT}". This folder was not written by aedetect's saveDetector(); point at a folder made by 'aedetect train'.`)
  }
  if (record.formatVersion !== 1 && record.formatVersion !== DETECTOR_FORMAT_VERSION) {
    throw new AedetectError('E_FORMAT_VERSION', `${where}/detector.json has format version ${String(record.formatVersion)} (written by aedetect ${String(record.libraryVersion)}); this aedetect (${libraryVersion}) reads versions 1 to ${DETECTOR_FORMAT_VERSION}. Retrain the detector with this version, or load it with the version that saved it.`)
  }
  const smoothing = record.errorSmoothing
  if (smoothing !== undefined && !(Number.isInteger(smoothing) && (smoothing as number) >= 0 && (smoothing as number) <= 1024)) {
    throw new AedetectError('E_CORRUPT', `${where}/detector.json has errorSmoothing ${JSON.stringify(smoothing)}; expected a whole number ≥ 0. ${fix}`)
  }
  for (const field of ['architecture', 'sampleShape', 'threshold', 'featureNames', 'calibrationScores', 'trainingErrors', 'validationErrors'] as const) {
    if (record[field] === undefined || record[field] === null) throw corrupt(`lacks the field '${field}'.`)
  }
  const sampleShape = record.sampleShape
  if (!Array.isArray(sampleShape) || sampleShape.length < 1 || sampleShape.length > 3 || !sampleShape.every((d) => Number.isInteger(d) && d >= 1)) {
    throw corrupt(`has sampleShape ${JSON.stringify(sampleShape).slice(0, 80)}; expected 1 to 3 positive whole numbers.`)
  }
  const size = (sampleShape as number[]).reduce((a, b) => a * b, 1)
  if (size > MAX_SAMPLE_VALUES) throw corrupt(`has sampleShape [${sampleShape.join(', ')}], ${size} values per sample; aedetect reads at most ${MAX_SAMPLE_VALUES}.`)
  const architecture = record.architecture as { kind?: unknown }
  if (typeof architecture !== 'object' || typeof architecture.kind !== 'string') throw corrupt('has an architecture without a kind.')
  const names = record.featureNames
  if (!Array.isArray(names) || names.length !== size || !names.every((n) => typeof n === 'string')) {
    throw corrupt(`has featureNames of ${Array.isArray(names) ? `${names.length} entries` : typeof names}; expected ${size} names (one per value of a [${sampleShape.join(', ')}] sample).`)
  }
  const scaler = parseScaler(record.scaler, sampleShape as number[], where, fix)
  const threshold = parseThreshold(record.threshold, corrupt, where)
  if (record.scoreMetric !== 'mse' && record.scoreMetric !== 'mae') throw corrupt(`has scoreMetric ${JSON.stringify(record.scoreMetric)}; expected 'mse' or 'mae'.`)
  if (typeof record.seed !== 'number' || !Number.isFinite(record.seed)) throw corrupt(`has seed ${JSON.stringify(record.seed)}; expected a number.`)
  const statistics = (field: 'trainingErrors' | 'validationErrors'): ErrorStatistics => {
    const value = record[field] as Record<string, unknown>
    for (const key of STATISTICS) {
      if (typeof value !== 'object' || typeof value[key] !== 'number') throw corrupt(`has ${field}.${key} ${JSON.stringify(value?.[key] ?? null)}; expected a number.`)
    }
    return value as unknown as ErrorStatistics
  }
  const calibration = record.calibrationScores
  if (!Array.isArray(calibration) || calibration.length === 0) throw corrupt('has no calibrationScores; expected the held-out validation errors, a non-empty list.')
  const scores = new Float32Array(calibration.length)
  for (let i = 0; i < calibration.length; i++) {
    const v = calibration[i]
    if (typeof v !== 'number' || !Number.isFinite(v)) throw corrupt(`has calibrationScores[${i}] ${JSON.stringify(v)}; expected a finite number.`)
    scores[i] = v
  }
  const history = record.history ?? null
  if (history !== null && (typeof history !== 'object' || Array.isArray(history))) throw corrupt('has a history that is not an object.')
  const backend = record.backend
  if (typeof backend !== 'string' || backend.length > 64) throw corrupt(`has backend ${JSON.stringify(backend)}; expected a backend name.`)
  const sum = record.weightsSha256
  if (sum !== undefined && (typeof sum !== 'string' || !/^[0-9a-f]{64}$/.test(sum))) throw corrupt(`has weightsSha256 ${JSON.stringify(sum).slice(0, 80)}; expected 64 lower-case hex digits.`)
  const pca = architecture.kind === 'pca' ? parsePca(record.pca, size, corrupt) : null
  const state: DetectorState = {
    architecture: architecture as DetectorState['architecture'],
    sampleShape: sampleShape as number[],
    scaler,
    threshold,
    scoreMetric: record.scoreMetric,
    errorSmoothing: (smoothing as number | undefined) ?? 0,
    featureNames: names as string[],
    seed: record.seed,
    trainingErrors: statistics('trainingErrors'),
    validationErrors: statistics('validationErrors'),
    calibrationScores: scores,
    history: history as TrainingHistory | null,
    backend,
  }
  return { state, pca, weightsSha256: sum as string | undefined }
}

function parseScaler(json: unknown, sampleShape: number[], where: string, fix: string): Scaler | null {
  if (json === null || json === undefined) return null
  let scaler: Scaler
  try {
    scaler = scalerFromJSON(json)
  } catch (cause) {
    const error = cause as AedetectError
    throw new AedetectError(error.code ?? 'E_CORRUPT', `${where}/detector.json, field 'scaler': ${error.message}`, { cause })
  }
  const shape = (scaler as { sampleShape?: number[] }).sampleShape ?? []
  if (shape.length !== sampleShape.length || shape.some((d, i) => d !== sampleShape[i])) {
    throw new AedetectError('E_CORRUPT', `${where}/detector.json has a scaler fitted on samples of shape [${shape.join(', ')}]; the detector's samples are [${sampleShape.join(', ')}]. ${fix}`)
  }
  return scaler
}

function parseThreshold(value: unknown, corrupt: (what: string) => AedetectError, where: string): Threshold {
  const t = value as Partial<Threshold>
  if (typeof t !== 'object' || typeof t.strategy !== 'string' || typeof t.params !== 'object' || t.params === null) {
    throw corrupt('has a threshold without strategy and params.')
  }
  if (t.value === null) {
    // Older aedetect versions wrote a +Infinity threshold (nothing flagged) as null, which read back as 0 and flagged every sample.
    throw new AedetectError('E_CORRUPT', `${where}/detector.json has threshold value null: an older aedetect wrote a +Infinity threshold (a detector that flags nothing) that way, and it cannot be read back safely. Retrain the detector, or load it with that older version, choose a finite threshold with rethreshold() and save it again.`)
  }
  if (typeof t.value !== 'number' || !Number.isFinite(t.value)) throw corrupt(`has threshold value ${JSON.stringify(t.value)}; expected a finite number.`)
  return t as Threshold
}

function parsePca(json: unknown, features: number, corrupt: (what: string) => AedetectError): PcaModel {
  const p = json as Record<string, unknown> | undefined
  if (!p || typeof p !== 'object') throw corrupt('describes a PCA detector but lacks the field \'pca\'.')
  const components = p.components
  if (p.features !== features || !Number.isInteger(components) || (components as number) < 1 || (components as number) > features) {
    throw corrupt(`has pca.features ${JSON.stringify(p.features)} and pca.components ${JSON.stringify(components)}; expected ${features} features and 1 to ${features} components.`)
  }
  const numbers = (field: string, length: number): Float64Array => {
    const a = p[field]
    if (!Array.isArray(a) || a.length !== length) throw corrupt(`has pca.${field} of ${Array.isArray(a) ? a.length : 0} values; expected ${length}.`)
    const out = new Float64Array(length)
    for (let i = 0; i < length; i++) {
      if (typeof a[i] !== 'number' || !Number.isFinite(a[i])) throw corrupt(`has pca.${field}[${i}] ${JSON.stringify(a[i])}; expected a finite number.`)
      out[i] = a[i] as number
    }
    return out
  }
  const k = components as number
  return { kind: 'pca', features, components: k, mean: numbers('mean', features), axes: numbers('axes', features * k), explainedVarianceRatio: numbers('explainedVarianceRatio', k) }
}
