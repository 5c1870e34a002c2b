/** Activation names accepted by the hidden layers (tfjs names). */
export type HiddenActivation = 'relu' | 'elu' | 'selu' | 'tanh' | 'sigmoid' | 'linear' | 'swish'

/** Activation of the reconstruction layer: `'sigmoid'` for inputs scaled to [0, 1], `'linear'` otherwise. */
export type OutputActivation = 'sigmoid' | 'linear'

/**
 * Sparsity penalty on the code layer (a sparse autoencoder), added to the reconstruction loss.
 * - `{ kind: 'l1', weight }`: `weight × mean over samples of Σ|code|`.
 * - `{ kind: 'kl', target, weight }`: the code layer uses a sigmoid activation and the penalty is
 *   `weight × Σ_units KL(target ‖ mean activation of the unit over the batch)`; `target` in (0, 1), e.g. 0.05.
 */
export type SparsityConfig = { kind: 'l1'; weight: number } | { kind: 'kl'; target: number; weight: number }

/** A stacked fully connected autoencoder for tabular samples `[features]` (other sample shapes are flattened). */
export interface DenseConfig {
  kind: 'dense'
  /** Units of the hidden layers, encoder then decoder; the smallest (first minimum) is the code. Default `[32, 16, 8, 16, 32]` (the TensorFlow "intro to autoencoders" ECG model). */
  hiddenUnits?: number[]
  /** Hidden-layer activation. Default `'relu'`. */
  activation?: HiddenActivation
  /** Output activation. Default `'sigmoid'` (inputs scaled to [0, 1]). */
  outputActivation?: OutputActivation
  /** Dropout rate in [0, 1) after each hidden layer except the code. Default `0` (none). Seeded, fresh mask per batch. */
  dropout?: number
  /** Batch normalisation after each hidden layer except the code. Default `false`. */
  batchNorm?: boolean
  /** Sparsity penalty on the code layer. Default: none. */
  sparsity?: SparsityConfig
}

/** A 1-D convolutional autoencoder for sequences `[steps, channels]` (univariate or multivariate). */
export interface Conv1dConfig {
  kind: 'conv1d'
  /** Filters of the strided encoder convolutions (each halves the length); the decoder mirrors them. Default `[32, 16]`. */
  filters?: number[]
  /** Kernel length in steps. Default `7`. */
  kernelSize?: number
  /**
   * Units of a dense code between the convolutional encoder and decoder (flatten → dense → dense → reshape).
   * Default `0`: no dense code, the last encoder feature map is the code.
   */
  codeUnits?: number
  /**
   * Units of hidden dense layers between the flattened feature map and the code, encoder side; the decoder mirrors
   * them. Needs `codeUnits`. Default `[]`: the map is projected straight to the code.
   */
  denseUnits?: number[]
  /**
   * How the decoder doubles the length: `'transpose'` (transposed convolutions) or `'nearest'`
   * (nearest-neighbour upsampling + convolution). Default `'transpose'`: stock tfjs-cpu computes the
   * upsampling gradient wrongly for batches > 1, so `'nearest'` needs `registerFastKernels()` on cpu.
   */
  upsampling?: 'transpose' | 'nearest'
  /** Hidden activation. Default `'relu'`. */
  activation?: HiddenActivation
  /** Output activation. Default `'linear'`. */
  outputActivation?: OutputActivation
}

/** A 2-D convolutional autoencoder for images `[height, width, channels]`. */
export interface Conv2dConfig {
  kind: 'conv2d'
  /** Filters of the stride-2 encoder convolutions; the decoder mirrors them with stride-2 transposed convolutions. Default `[16, 8]` (the TensorFlow denoiser). */
  filters?: number[]
  /**
   * Filters of the stride-2 transposed convolutions of the decoder, one per encoder convolution. Default: `filters`
   * reversed. A decoder narrower than the encoder costs less at full resolution, where most of the work is.
   */
  decoderFilters?: number[]
  /** Square kernel size. Default `3`. */
  kernelSize?: number
  /**
   * Units of a dense code between the convolutional encoder and decoder (flatten → dense → dense → reshape).
   * Default `0`: no dense code, the last encoder feature map is the code.
   */
  codeUnits?: number
  /**
   * Units of hidden dense layers between the flattened feature map and the code, encoder side; the decoder mirrors
   * them. Needs `codeUnits`. Default `[]`: the map is projected straight to the code.
   */
  denseUnits?: number[]
  /** Hidden activation. Default `'relu'`. */
  activation?: HiddenActivation
  /** Output activation. Default `'sigmoid'` (pixels in [0, 1]). */
  outputActivation?: OutputActivation
}

/** An LSTM sequence-to-sequence autoencoder for sequences `[steps, channels]`: LSTM → repeat → LSTM → time-distributed dense. */
export interface LstmConfig {
  kind: 'lstm'
  /** Units of the encoder and decoder LSTMs; the encoder's final state is the code. Default `64`. */
  units?: number
  /** Output activation of the time-distributed dense layer. Default `'linear'`. */
  outputActivation?: OutputActivation
  /**
   * Consecutive time steps folded into one LSTM step: the LSTMs see `[steps / frameLength, frameLength · channels]`
   * and the output is unfolded back to `[steps, channels]`. Must divide `steps`. Default `1` (one value per step).
   * LSTMs learn long sequences poorly and slowly: on ECG5000 (140 steps) a frame of 7 (20 LSTM steps) raised the
   * ROC-AUC from 0.976 to 0.987 and trained ~5× faster.
   */
  frameLength?: number
}

/** A variational autoencoder (dense encoder → mean and log-variance → reparameterised code → dense decoder). */
export interface VariationalConfig {
  kind: 'variational'
  /** Encoder hidden units; the decoder mirrors them. Default `[32, 16]`. */
  hiddenUnits?: number[]
  /** Dimension of the latent code. Default `8`. */
  latentDim?: number
  /** Hidden activation. Default `'relu'`. */
  activation?: HiddenActivation
  /** Output activation. Default `'sigmoid'`. */
  outputActivation?: OutputActivation
  /** Weight of the KL term in the loss (β-VAE). Default `1`. */
  beta?: number
}

/** Any architecture of the family; `kind` picks it. */
export type AutoencoderConfig = DenseConfig | Conv1dConfig | Conv2dConfig | LstmConfig | VariationalConfig

/** The kinds of {@link AutoencoderConfig}. */
export type AutoencoderKind = AutoencoderConfig['kind']
