import type { EpochProgress } from '@aedetect/models'
import type { DemoResult, LabelledData } from './run-demo'
import type { SeriesDemoResult } from './run-series'
import type { BackendInfo } from './wasm-backend'

/**
 * What the page asks the training worker. `stop` aborts the training under way: it is seen at the end of the epoch
 * under way (training yields between epochs), and the fit keeps the best finished epoch's weights
 * (`onAbort: 'keepBest'`), so a stopped run still answers `done` with a usable detector.
 */
export type ToWorker =
  | { type: 'train'; data: LabelledData; epochs: number; seed: number }
  /** The synthetic series with injected anomalies (`trainSeriesDemo`), made in the worker from the seed. */
  | { type: 'train-series'; seed: number }
  | { type: 'stop' }

/** What the training worker answers. */
export type FromWorker =
  | { type: 'backend'; backend: BackendInfo }
  | { type: 'epoch'; progress: EpochProgress }
  /** The worker got `stop` when `afterEpoch` epochs had ended: the fit stops at the end of the next one at the latest. */
  | { type: 'stop-seen'; afterEpoch: number }
  /** `file` is the fitted detector as `detectorToFile` wrote it (the single-file artifact). */
  | { type: 'done'; result: DemoResult; file: string }
  | { type: 'series-done'; result: SeriesDemoResult }
  | { type: 'error'; code: string | null; message: string }
