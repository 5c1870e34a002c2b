import { AedetectError } from '@aedetect/core'
import { deserializeAutoencoder, serializeAutoencoder, type AutoencoderConfig } from '@aedetect/models'
import { scalerToJSON } from '@aedetect/preprocessing'
import { getBackend, version as tfjsVersion } from '@tensorflow/tfjs'
import { version as libraryVersion } from '../package.json'
import { createDetector } from './_create-detector'
import { autoencoderReconstructor, pcaReconstructor, reconstructorOf, type Reconstructor } from './_reconstructor'
import type { PcaModel } from './pca-model'
import type { Detector, DetectorState } from './detector'
import { DETECTOR_FORMAT, parseDetectorRecord } from './_detector-record'

export { DETECTOR_FORMAT, DETECTOR_FORMAT_VERSION, MAX_DETECTOR_JSON_BYTES } from './_detector-record'

/**
 * The files of a saved detector: aedetect's `detector.json`, and for an autoencoder tfjs's `model.json` +
 * `weights.bin` (the PCA baseline lives in `detector.json` alone).
 */
export interface DetectorFiles {
  'detector.json': string
  'model.json'?: string
  'weights.bin'?: Uint8Array
}

/**
 * Serialises a detector to its three files (nothing is written). `detector.json` records the SHA-256 of
 * `weights.bin` (`weightsSha256`), which loading verifies.
 * @throws AedetectError `E_NOT_FINITE` for a threshold that is not a finite number (JSON cannot hold it: it
 *   would read back as a threshold that flags every sample).
 */
export async function detectorToFiles(detector: Detector): Promise<DetectorFiles> {
  const { state } = detector
  if (!Number.isFinite(state.threshold.value)) {
    throw new AedetectError('E_NOT_FINITE', `detectorToFiles(): the detector's threshold is ${String(state.threshold.value)} (strategy '${state.threshold.strategy}'); JSON cannot hold it, and a detector that flags nothing (or everything) is not worth saving. Choose a finite threshold with rethreshold() or withThreshold() before saving.`)
  }
  const model = reconstructorOf(detector)
  const serialized = model.kind === 'autoencoder' ? await serializeAutoencoder(model.autoencoder) : null
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
    weightsSha256: serialized?.weightsSha256,
  }
  const detectorJson = JSON.stringify(record, null, 2)
  return serialized ? { 'detector.json': detectorJson, 'model.json': serialized.modelJson, 'weights.bin': serialized.weights } : { 'detector.json': detectorJson }
}

/**
 * Rebuilds a detector from its files. Checks `format` and `formatVersion` first: a folder of another
 * format or version throws 'E_FORMAT' / 'E_FORMAT_VERSION' naming both versions and the fix. Then checks the
 * whole of `detector.json` (every field, its size at most {@link MAX_DETECTOR_JSON_BYTES}), the weights'
 * SHA-256 and the model's topology and manifest against it, all before any tensor is made: a damaged, foreign
 * or oversized file throws 'E_CORRUPT' and leaves no tensor behind. `where` names the source (a folder path).
 */
export async function detectorFromFiles(files: DetectorFiles, where = 'detector'): Promise<Detector> {
  if (typeof files['detector.json'] !== 'string') {
    throw new AedetectError('E_NOT_FOUND', `${where}: detector.json is missing. Re-save the detector with saveDetector() or 'aedetect train'.`)
  }
  const { state, pca, weightsSha256 } = parseDetectorRecord(files['detector.json'], where)
  const model = pca ? pcaReconstructor(pca) : await autoencoderFromFiles(state, files, weightsSha256, where)
  return createDetector(model, state)
}

async function autoencoderFromFiles(state: DetectorState, files: DetectorFiles, weightsSha256: string | undefined, where: string): Promise<Reconstructor> {
  if (files['model.json'] === undefined || files['weights.bin'] === undefined) {
    throw new AedetectError('E_NOT_FOUND', `${where}: an autoencoder detector needs model.json and weights.bin beside detector.json. Re-save the detector with saveDetector() or 'aedetect train'.`)
  }
  const autoencoder = await deserializeAutoencoder(
    { modelJson: files['model.json'], weights: files['weights.bin'], config: state.architecture as AutoencoderConfig, sampleShape: state.sampleShape, weightsSha256 },
    { where, fix: 'Re-save the detector with saveDetector() or \'aedetect train\'.' },
  )
  return autoencoderReconstructor(autoencoder)
}

interface PcaJson { features: number; components: number; mean: number[]; axes: number[]; explainedVarianceRatio: number[] }

function pcaToJson(pca: PcaModel): PcaJson {
  return { features: pca.features, components: pca.components, mean: Array.from(pca.mean), axes: Array.from(pca.axes), explainedVarianceRatio: Array.from(pca.explainedVarianceRatio) }
}
