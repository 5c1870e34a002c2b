import { AedetectError } from '@aedetect/core'
import type { Threshold } from '@aedetect/metrics'
import { deserializeAutoencoder, serializeAutoencoder, type TrainingHistory } from '@aedetect/models'
import { scalerFromJSON, scalerToJSON } from '@aedetect/preprocessing'
import { getBackend, version as tfjsVersion } from '@tensorflow/tfjs'
import { version as libraryVersion } from '../package.json'
import { createDetector } from './_create-detector'
import { autoencoderReconstructor, pcaReconstructor, reconstructorOf, type Reconstructor } from './_reconstructor'
import type { PcaModel } from './pca-model'
import type { Detector, DetectorState, ErrorStatistics } from './detector'

/** Identifies a detector folder's `detector.json`. */
export const DETECTOR_FORMAT = 'aedetect-detector'
/**
 * The newest format version this aedetect writes and reads; `loadDetector` refuses others. Bumped on every
 * change an older reader would misread. Version 2 adds `errorSmoothing`: a detector without smoothing is still
 * written as version 1, so older aedetect versions keep loading it, and refuse (rather than misscore) one with.
 */
export const DETECTOR_FORMAT_VERSION = 2

/**
 * The files of a saved detector: aedetect's `detector.json`, and for an autoencoder tfjs's `model.json` +
 * `weights.bin` (the PCA baseline lives in `detector.json` alone).
 */
export interface DetectorFiles {
  'detector.json': string
  'model.json'?: string
  'weights.bin'?: Uint8Array
}

/** Serialises a detector to its three files (nothing is written). */
export async function detectorToFiles(detector: Detector): Promise<DetectorFiles> {
  const model = reconstructorOf(detector)
  const serialized = model.kind === 'autoencoder' ? await serializeAutoencoder(model.autoencoder) : null
  const { state } = detector
  const record = {
    format: DETECTOR_FORMAT,
    formatVersion: state.errorSmoothing > 0 ? 2 : 1,
    libraryVersion,
    tfjsVersion: tfjsVersion.tfjs,
    savedWithBackend: getBackend(),
    architecture: state.architecture,
    sampleShape: state.sampleShape,
    scaler: state.scaler ? scalerToJSON(state.scaler) : null,
    threshold: state.threshold,
    scoreMetric: state.scoreMetric,
    ...(state.errorSmoothing > 0 ? { errorSmoothing: state.errorSmoothing } : {}),
    featureNames: state.featureNames,
    seed: state.seed,
    trainingErrors: state.trainingErrors,
    validationErrors: state.validationErrors,
    calibrationScores: Array.from(state.calibrationScores),
    history: state.history,
    backend: state.backend,
    pca: model.kind === 'pca' ? pcaToJson(model.pca) : undefined,
  }
  const detectorJson = JSON.stringify(record, null, 2)
  return serialized ? { 'detector.json': detectorJson, 'model.json': serialized.modelJson, 'weights.bin': serialized.weights } : { 'detector.json': detectorJson }
}

/**
 * Rebuilds a detector from its files. Checks `format` and `formatVersion` first: a folder of another
 * format or version throws 'E_FORMAT' / 'E_FORMAT_VERSION' naming both versions and the fix; a truncated or
 * foreign weights file throws 'E_CORRUPT'. `where` names the source (a folder path) in messages.
 */
export async function detectorFromFiles(files: DetectorFiles, where = 'detector'): Promise<Detector> {
  const record = parseRecord(files['detector.json'], where)
  const model = await modelFromFiles(record, files, where)
  const state: DetectorState = {
    architecture: record.architecture as DetectorState['architecture'],
    sampleShape: record.sampleShape,
    scaler: record.scaler === null ? null : scalerFromJSON(record.scaler),
    threshold: record.threshold as Threshold,
    scoreMetric: record.scoreMetric === 'mae' ? 'mae' : 'mse',
    errorSmoothing: record.errorSmoothing ?? 0,
    featureNames: record.featureNames,
    seed: record.seed,
    trainingErrors: record.trainingErrors as ErrorStatistics,
    validationErrors: record.validationErrors as ErrorStatistics,
    calibrationScores: Float32Array.from(record.calibrationScores),
    history: (record.history ?? null) as TrainingHistory | null,
    backend: record.backend,
  }
  return createDetector(model, state)
}

async function modelFromFiles(record: DetectorRecord, files: DetectorFiles, where: string): Promise<Reconstructor> {
  if ((record.architecture as { kind?: string }).kind === 'pca') {
    if (!record.pca) throw new AedetectError('E_CORRUPT', `${where}/detector.json describes a PCA detector but lacks the field 'pca'. Re-save the detector with saveDetector().`)
    return pcaReconstructor(pcaFromJson(record.pca))
  }
  if (files['model.json'] === undefined || files['weights.bin'] === undefined) {
    throw new AedetectError('E_NOT_FOUND', `${where}: an autoencoder detector needs model.json and weights.bin beside detector.json. Re-save the detector with saveDetector() or 'aedetect train'.`)
  }
  const autoencoder = await deserializeAutoencoder({
    modelJson: files['model.json'],
    weights: files['weights.bin'],
    config: record.architecture as never,
    sampleShape: record.sampleShape,
  })
  return autoencoderReconstructor(autoencoder)
}

interface PcaJson { features: number; components: number; mean: number[]; axes: number[]; explainedVarianceRatio: number[] }

function pcaToJson(pca: PcaModel): PcaJson {
  return { features: pca.features, components: pca.components, mean: Array.from(pca.mean), axes: Array.from(pca.axes), explainedVarianceRatio: Array.from(pca.explainedVarianceRatio) }
}

function pcaFromJson(json: PcaJson): PcaModel {
  return { kind: 'pca', features: json.features, components: json.components, mean: Float64Array.from(json.mean), axes: Float64Array.from(json.axes), explainedVarianceRatio: Float64Array.from(json.explainedVarianceRatio) }
}

interface DetectorRecord {
  format: string
  formatVersion: number
  libraryVersion: string
  architecture: unknown
  sampleShape: number[]
  scaler: unknown
  threshold: unknown
  scoreMetric: string
  errorSmoothing?: number
  featureNames: string[]
  seed: number
  trainingErrors: unknown
  validationErrors: unknown
  calibrationScores: number[]
  history: unknown
  backend: string
  pca?: PcaJson
}

function parseRecord(text: string, where: string): DetectorRecord {
  let record: Partial<DetectorRecord>
  try {
    record = JSON.parse(text) as Partial<DetectorRecord>
  } catch (cause) {
    throw new AedetectError('E_CORRUPT', `${where}/detector.json is not valid JSON (${(cause as Error).message}). Re-save the detector with saveDetector() or 'aedetect train'.`, { cause })
  }
  if (record.format !== DETECTOR_FORMAT) {
    throw new AedetectError('E_FORMAT', `${where}/detector.json has format ${JSON.stringify(record.format)}; expected "${DETECTOR_FORMAT}". This folder was not written by aedetect's saveDetector(); point at a folder made by 'aedetect train'.`)
  }
  if (record.formatVersion !== 1 && record.formatVersion !== DETECTOR_FORMAT_VERSION) {
    throw new AedetectError('E_FORMAT_VERSION', `${where}/detector.json has format version ${String(record.formatVersion)} (written by aedetect ${String(record.libraryVersion)}); this aedetect (${libraryVersion}) reads versions 1 to ${DETECTOR_FORMAT_VERSION}. Retrain the detector with this version, or load it with the version that saved it.`)
  }
  const smoothing = record.errorSmoothing
  if (smoothing !== undefined && !(Number.isInteger(smoothing) && smoothing >= 0)) {
    throw new AedetectError('E_CORRUPT', `${where}/detector.json has errorSmoothing ${JSON.stringify(smoothing)}; expected a whole number ≥ 0. Re-save the detector with saveDetector() or 'aedetect train'.`)
  }
  for (const field of ['architecture', 'sampleShape', 'threshold', 'featureNames', 'calibrationScores', 'trainingErrors', 'validationErrors'] as const) {
    if (record[field] === undefined || record[field] === null) {
      throw new AedetectError('E_CORRUPT', `${where}/detector.json lacks the field '${field}'. Re-save the detector with saveDetector() or 'aedetect train'.`)
    }
  }
  return record as DetectorRecord
}
