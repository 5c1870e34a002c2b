import { AedetectError } from '@aedetect/core'
import { CONV2D_IMAGE_ARCHITECTURE, DEFAULT_ARCHITECTURES, type ScalerChoice } from '@aedetect/detector'
import { defaultsFor, type SampleKind } from '@aedetect/evaluation'
import type { AutoencoderConfig } from '@aedetect/models'
import type { DataKind } from './data-source'

/** The values of `--architecture`. */
export const ARCHITECTURE_CHOICES = ['dense', 'conv1d', 'conv2d', 'lstm', 'variational'] as const

// The defaults come from @aedetect/evaluation, defined once for the CLI, the web demo and the bench.
const sampleKind = (kind: DataKind): SampleKind => (kind === 'tabular' || kind === 'image' ? kind : 'sequence')

/**
 * The autoencoder for a kind of data: the package default (`DEFAULT_ARCHITECTURES`) unless `--architecture`
 * names another kind: conv1d the sequence default, conv2d `CONV2D_IMAGE_ARCHITECTURE`, others their own
 * defaults with a sigmoid output (inputs are scaled to [0, 1]).
 * Throws `E_OPTION` for a convolution that does not fit the data (conv2d needs images, conv1d and lstm sequences).
 */
export function architectureFor(kind: DataKind, choice: string | undefined): AutoencoderConfig {
  const base = defaultsFor(sampleKind(kind)).architecture as AutoencoderConfig
  if (choice === undefined || choice === base.kind) return base
  const fits: Record<string, DataKind[]> = { conv2d: ['image'], conv1d: ['sequence'], lstm: ['sequence'], dense: ['tabular', 'image', 'sequence'], variational: ['tabular'] }
  if (!fits[choice]?.includes(kind)) {
    throw new AedetectError('E_OPTION', `--architecture ${choice} does not fit ${kind} data; for ${kind} data use one of ${ARCHITECTURE_CHOICES.filter((c) => fits[c].includes(kind)).join(' | ')}.`)
  }
  if (choice === 'conv1d') return DEFAULT_ARCHITECTURES.sequence
  // Without a dense code the convolutional feature map reconstructs other classes about as well (MNIST class 0: 0.63).
  if (choice === 'conv2d') return CONV2D_IMAGE_ARCHITECTURE
  return { kind: choice, outputActivation: 'sigmoid' } as AutoencoderConfig
}

/** The scaler for a kind of data: images are already in [0, 1]; rows and windows are min-max scaled on the normal training data. */
export function scalerFor(kind: DataKind): ScalerChoice {
  return defaultsFor(sampleKind(kind)).scaler
}

/** The detector's `errorSmoothing` for a kind of data: images average their pixel errors over 3 × 3 before the score; rows have no neighbours. */
export function errorSmoothingFor(kind: DataKind): number {
  return defaultsFor(sampleKind(kind)).errorSmoothing
}
