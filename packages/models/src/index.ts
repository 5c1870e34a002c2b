export type { BackendName, BackendOptions, BackendAttempt, BackendReport } from './backend'
export { initBackend } from './backend'
export type { TrainingBackendChoice, TrainingBackendOptions } from './training-backend'
export { trainingBackendFor } from './training-backend'
export type {
  AutoencoderConfig,
  AutoencoderKind,
  DenseConfig,
  Conv1dConfig,
  Conv2dConfig,
  LstmConfig,
  VariationalConfig,
  SparsityConfig,
  HiddenActivation,
  OutputActivation,
} from './autoencoder-config'
export type { Autoencoder, ModelSummary, LayerSummary } from './autoencoder'
export type { BuildOptions } from './build-autoencoder'
export { buildAutoencoder } from './build-autoencoder'
export type { TrainOptions, EarlyStoppingOptions, EpochProgress, TrainingHistory } from './train-autoencoder'
export { trainAutoencoder } from './train-autoencoder'
export type { InferenceOptions } from './reconstruct'
export { reconstruct, encode } from './reconstruct'
export type { ReconstructionErrorMetric, MeasureErrorsOptions } from './reconstruction-errors'
export { measureReconstructionErrors } from './reconstruction-errors'
export type { PriorSampleOptions, VariationalScoreOptions, ScoreSamplesOptions } from './variational'
export { sampleFromPrior, elbo, scoreSamples } from './variational'
export type { SerializedAutoencoder, DeserializeOptions } from './serialize-autoencoder'
export { serializeAutoencoder, deserializeAutoencoder, MAX_MODEL_JSON_BYTES, MAX_WEIGHTS_BYTES } from './serialize-autoencoder'
export { saveAutoencoderToIndexedDb, loadAutoencoderFromIndexedDb } from './autoencoder-indexed-db'
// fast kernels
export type {
  FastKernelBackend,
  FastKernelsOptions,
  FastKernelsReport,
  RegisteredFastKernel,
  SkippedFastKernelBackend,
} from './fast-kernels'
export { registerFastKernels, hasFastKernels, unregisterFastKernels } from './fast-kernels'
