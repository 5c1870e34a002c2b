import { AedetectError } from '@aedetect/core'
import { CONV2D_IMAGE_ARCHITECTURE, DEFAULT_ARCHITECTURES, type PcaConfig, type ScalerChoice } from '@aedetect/detector'
import { defaultsFor, seriesDefaultsFor, type SampleKind } from '@aedetect/evaluation'
import type { AutoencoderConfig } from '@aedetect/models'
import type { DataKind } from './data-source'

/** The values of `--architecture`. */
export const ARCHITECTURE_CHOICES = ['pca', 'dense', 'sparse', 'conv1d', 'conv2d', 'lstm', 'variational'] as const

/** A value of `--architecture`. */
export type ArchitectureChoice = (typeof ARCHITECTURE_CHOICES)[number]

/** Which architectures fit which data (`train --help` prints it; {@link architectureFor} enforces it). */
export const ARCHITECTURE_FITS: Record<ArchitectureChoice, DataKind[]> = {
  pca: ['tabular', 'sequence', 'image', 'series'],
  dense: ['tabular', 'sequence', 'image', 'series'],
  // The sparsity penalty and the variational model take rows only: @aedetect/models builds the variational
  // model for rank-1 samples, and dense + sparsity fails on [steps, channels] samples (a bias broadcast in the
  // fused dense runner; reported to the models package).
  sparse: ['tabular'],
  conv1d: ['sequence', 'series'],
  conv2d: ['image'],
  lstm: ['sequence', 'series'],
  variational: ['tabular'],
}

/** The table of `train --help`: which `--architecture` fits which data, the default marked, from {@link ARCHITECTURE_FITS}. */
export function architectureFitsHelp(): string {
  const rows: Array<[DataKind, string, string]> = [
    ['tabular', 'rows [features]', ''],
    ['sequence', 'sequences [steps, channels]', 'ECG5000 with conv1d or lstm; a CSV with --shape 140x1'],
    ['image', 'images [height, width, ch.]', 'mnist:, fashion-mnist:; a CSV with --shape 28x28x1'],
    ['series', 'time series (nab:, smd:)', 'on windows of --window points'],
  ]
  return rows
    .map(([kind, label, note]) => {
      const fit = ARCHITECTURE_CHOICES.filter((c) => ARCHITECTURE_FITS[c].includes(kind)).map((c) => (c === DEFAULT_CHOICE[kind] ? `${c} (default)` : c))
      return `  ${label.padEnd(30)}  ${fit.join(' | ')}${note === '' ? '' : `\n  ${''.padEnd(30)}  (${note})`}`
    })
    .join('\n')
}

const DEFAULT_CHOICE: Record<DataKind, ArchitectureChoice> = { tabular: 'dense', sequence: 'conv1d', image: 'dense', series: 'dense' }

/** The L1 weight of `--architecture sparse` without `--sparsity`: the Keras sparse-autoencoder recipe's `l1(10e-5)`. */
export const DEFAULT_SPARSITY_WEIGHT = 1e-4

/** What `--code-size`, `--units` and `--sparsity` change in the chosen architecture. */
export interface ArchitectureOptions {
  /** Units of the code (dense, sparse, conv: the dense code; lstm: its units; variational: the latent size; pca: components). */
  codeSize?: number
  /** Hidden layers, encoder side (the decoder mirrors them): dense/sparse/variational hidden units, conv dense units, lstm units (one number). */
  units?: number[]
  /** L1 weight on the code activations of `sparse`. Default {@link DEFAULT_SPARSITY_WEIGHT}. */
  sparsity?: number
  /** Steps of a sequence sample, for the LSTM's frame length. */
  steps?: number
  /** Channels of a series (its default model depends on them: `seriesDefaultsFor`). */
  channels?: number
}

/**
 * The model for a kind of data and `--architecture`: the package defaults (`DEFAULT_ARCHITECTURES`, the
 * window detector's dense stack for series) unless `choice` names another; `sparse` is the kind's dense default
 * with an L1 penalty on the code; `pca` the PCA baseline (90 % of the variance unless `codeSize`). `codeSize` and
 * `units` are applied to the result. Throws `E_OPTION` (one line, naming what fits) for an architecture that
 * does not fit the data, or `--units`/`--code-size` the architecture has no use for.
 */
export function architectureFor(kind: DataKind, choice: string | undefined, options: ArchitectureOptions = {}): AutoencoderConfig | PcaConfig {
  const fits = ARCHITECTURE_FITS[choice as ArchitectureChoice]
  if (choice !== undefined && !fits?.includes(kind)) {
    const ok = ARCHITECTURE_CHOICES.filter((c) => ARCHITECTURE_FITS[c].includes(kind))
    throw new AedetectError('E_OPTION', `--architecture ${choice} does not fit ${describeKind(kind)}; for ${describeKind(kind)} use one of ${ok.join(' | ')}${choice === 'conv1d' || choice === 'lstm' ? ', or read rows as sequences with --shape STEPSxCHANNELS' : choice === 'conv2d' ? ', or read rows as images with --shape HxWxC' : ''}.`)
  }
  if (options.sparsity !== undefined && choice !== 'sparse') {
    throw new AedetectError('E_OPTION', `--sparsity ${options.sparsity} applies to --architecture sparse only; pass --architecture sparse or leave --sparsity out.`)
  }
  const base = baseArchitecture(kind, choice, options)
  return applySizes(base, choice ?? base.kind, options)
}

function describeKind(kind: DataKind): string {
  if (kind === 'tabular') return 'tabular data (rows of features)'
  if (kind === 'sequence') return 'sequences [steps, channels]'
  if (kind === 'image') return 'images [height, width, channels]'
  return 'time-series windows'
}

// The defaults come from @aedetect/evaluation, defined once for the CLI, the web demo and the bench.
const sampleKind = (kind: DataKind): SampleKind => (kind === 'series' ? 'sequence' : kind)

function baseArchitecture(kind: DataKind, choice: string | undefined, options: ArchitectureOptions): AutoencoderConfig | PcaConfig {
  // Series: the univariate default is the dense window stack, the multivariate one a conv1d (seriesDefaultsFor).
  const seriesDefault = (channels: number) => seriesDefaultsFor(channels).architecture
  const dense = kind === 'series' ? seriesDefault(1) : kind === 'sequence' ? DEFAULT_ARCHITECTURES.tabular : DEFAULT_ARCHITECTURES[kind]
  if (choice === undefined) return kind === 'series' ? seriesDefault(options.channels ?? 1) : defaultsFor(kind).architecture
  switch (choice) {
    case 'pca':
      return { kind: 'pca' }
    case 'dense':
      return dense
    case 'sparse':
      return { ...(dense as Extract<AutoencoderConfig, { kind: 'dense' }>), sparsity: { kind: 'l1', weight: options.sparsity ?? DEFAULT_SPARSITY_WEIGHT } }
    case 'conv1d':
      return kind === 'series' ? seriesDefault(Math.max(2, options.channels ?? 2)) : DEFAULT_ARCHITECTURES.sequence
    // Without a dense code the convolutional feature map reconstructs other classes about as well (MNIST class 0: 0.63).
    case 'conv2d':
      return CONV2D_IMAGE_ARCHITECTURE
    case 'lstm':
      return { kind: 'lstm', units: 64, outputActivation: 'sigmoid', ...(options.steps === undefined ? {} : { frameLength: frameLengthFor(options.steps) }) }
    default:
      return { kind: 'variational', outputActivation: 'sigmoid' }
  }
}

// LSTMs learn long sequences poorly and slowly: on ECG5000 (140 steps) frames of 10 steps gave ROC-AUC 0.990
// against 0.976 for one step per LSTM step (bench/src/_bench-configs.ts, ECG_LSTM). The largest divisor ≤ 10.
function frameLengthFor(steps: number): number {
  for (let f = Math.min(10, steps); f > 1; f--) if (steps % f === 0) return f
  return 1
}

function mirror(encoder: number[]): number[] {
  return [...encoder, ...encoder.slice(0, -1).reverse()]
}

function applySizes(base: AutoencoderConfig | PcaConfig, choice: string, options: ArchitectureOptions): AutoencoderConfig | PcaConfig {
  const { codeSize, units } = options
  if (codeSize === undefined && units === undefined) return base
  const refuse = (flag: string, why: string): never => {
    throw new AedetectError('E_OPTION', `${flag} does not apply to --architecture ${choice}: ${why}`)
  }
  switch (base.kind) {
    case 'pca':
      if (units !== undefined) refuse(`--units ${units.join(',')}`, 'PCA has no hidden layers; set its number of components with --code-size.')
      return { kind: 'pca', components: codeSize }
    case 'dense': {
      const hidden = base.hiddenUnits ?? [32, 16, 8, 16, 32]
      const codeAt = hidden.indexOf(Math.min(...hidden))
      const encoder = units ?? hidden.slice(0, codeAt + (codeSize === undefined ? 1 : 0))
      return { ...base, hiddenUnits: codeSize === undefined ? mirror(encoder) : [...encoder, codeSize, ...encoder.slice().reverse()] }
    }
    case 'conv1d':
    case 'conv2d':
      return { ...base, ...(codeSize === undefined ? {} : { codeUnits: codeSize }), ...(units === undefined ? {} : { denseUnits: units }) }
    case 'lstm':
      if (units !== undefined && (units.length !== 1 || codeSize !== undefined)) refuse(`--units ${units.join(',')}`, 'the LSTM has one size, its units (the code): pass one number with --units, or --code-size.')
      return { ...base, units: codeSize ?? (units as number[])[0] }
    case 'variational':
      return { ...base, ...(units === undefined ? {} : { hiddenUnits: units }), ...(codeSize === undefined ? {} : { latentDim: codeSize }) }
  }
}

/** The scaler for a kind of data: images are already in [0, 1]; rows per feature, sequences and windows per channel (min-max on the normal training data). */
export function scalerFor(kind: DataKind): ScalerChoice {
  return defaultsFor(sampleKind(kind)).scaler
}

/** The detector's `errorSmoothing` for a kind of data: images average their pixel errors over 3 × 3 before the score; rows have no neighbours. */
export function errorSmoothingFor(kind: DataKind): number {
  return defaultsFor(sampleKind(kind)).errorSmoothing
}
