import type { EpochProgress } from '@aedetect/models'
import type { DemoResult, LabelledData } from './run-demo'
import type { BackendInfo } from './wasm-backend'

/** What the page asks the training worker. */
export type ToWorker = { type: 'train'; data: LabelledData; epochs: number; seed: number }

/** What the training worker answers. */
export type FromWorker =
  | { type: 'backend'; backend: BackendInfo }
  | { type: 'epoch'; progress: EpochProgress }
  /** `file` is the fitted detector as `detectorToFile` wrote it (the single-file artifact). */
  | { type: 'done'; result: DemoResult; file: string }
  | { type: 'error'; code: string | null; message: string }
