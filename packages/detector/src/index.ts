export type { Detector, DetectorState, ErrorStatistics } from './detector'
export type { DetectorOptions, DetectorTrainOptions, ScalerChoice, ThresholdOptionsWithoutData } from './detector-options'
export { fitDetector } from './fit-detector'
export { rethreshold } from './rethreshold'
export type { FlaggedExplanations, FlaggedSample } from './explain-flagged'
export { explainFlagged } from './explain-flagged'
export { errorStatistics } from './error-statistics'
export type { DetectorFiles } from './detector-files'
export { detectorToFiles, detectorFromFiles, DETECTOR_FORMAT, DETECTOR_FORMAT_VERSION, MAX_DETECTOR_JSON_BYTES } from './detector-files'
export type { DetectorFromFileOptions } from './detector-file'
export { detectorToFile, detectorFromFile, DETECTOR_FILE_FORMAT, DETECTOR_FILE_FORMAT_VERSION } from './detector-file'
export type { SavedDetectorInfo } from './detector-indexed-db'
export {
  saveDetectorToIndexedDb,
  loadDetectorFromIndexedDb,
  deleteDetectorFromIndexedDb,
  listDetectorsInIndexedDb,
  DETECTOR_RECORD_FORMAT,
  DETECTOR_RECORD_FORMAT_VERSION,
} from './detector-indexed-db'
export { CONV2D_IMAGE_ARCHITECTURE, DEFAULT_ARCHITECTURES, IMAGE_ERROR_SMOOTHING } from './default-architectures'
export type { PcaConfig, PcaModel, PcaOptions } from './pca-model'
export { fitPca, pcaEncode, pcaReconstruct } from './pca-model'
// time series: window detector
export type { WindowDetector, WindowDetectorOptions, WindowDetectorState } from './window-detector'
export { fitWindowDetector, createWindowDetector, DEFAULT_WINDOW_ARCHITECTURE } from './window-detector'
export type { ChannelErrorScale } from './window-channel-errors'
export type { WindowScalerChoice } from './window-scaler'
export type { PointEvent, EventVariable, EventExplanation } from './window-events'
export { pointEvents, explainEvents } from './window-events'
export type { WindowDetectorFiles } from './window-detector-files'
export { windowDetectorToFiles, windowDetectorFromFiles, WINDOW_DETECTOR_FORMAT, WINDOW_DETECTOR_FORMAT_VERSION } from './window-detector-files'
export { windowDetectorToFile, windowDetectorFromFile, WINDOW_DETECTOR_FILE_FORMAT, WINDOW_DETECTOR_FILE_FORMAT_VERSION } from './window-detector-file'
export type { OnlineThreshold, StreamResult, StreamScorer, StreamScorerOptions } from './stream-scorer'
export { createStreamScorer } from './stream-scorer'
