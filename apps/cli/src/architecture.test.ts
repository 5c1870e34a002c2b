import { AedetectError } from '@aedetect/core'
import { CONV2D_IMAGE_ARCHITECTURE, DEFAULT_ARCHITECTURES, DEFAULT_WINDOW_ARCHITECTURE } from '@aedetect/detector'
import { describe, expect, it } from 'vitest'
import { architectureFor } from './architecture'
import { modelOverrides, seriesOverrides } from './model-options'

describe('architectureFor', () => {
  it('gives the package default of each kind without --architecture', () => {
    expect(architectureFor('tabular', undefined)).toEqual(DEFAULT_ARCHITECTURES.tabular)
    expect(architectureFor('sequence', undefined)).toEqual(DEFAULT_ARCHITECTURES.sequence)
    expect(architectureFor('image', undefined)).toEqual(DEFAULT_ARCHITECTURES.image)
    expect(architectureFor('series', undefined)).toEqual(DEFAULT_WINDOW_ARCHITECTURE)
    expect(architectureFor('image', 'conv2d')).toEqual(CONV2D_IMAGE_ARCHITECTURE)
  })

  it('applies --code-size and --units to the dense stack, mirrored', () => {
    expect(architectureFor('tabular', 'dense', { codeSize: 4 })).toMatchObject({ hiddenUnits: [64, 32, 4, 32, 64] })
    expect(architectureFor('tabular', 'dense', { units: [128, 16] })).toMatchObject({ hiddenUnits: [128, 16, 128] })
    expect(architectureFor('tabular', 'dense', { units: [128, 16], codeSize: 2 })).toMatchObject({ hiddenUnits: [128, 16, 2, 16, 128] })
    expect(architectureFor('tabular', 'sparse', { codeSize: 8 })).toMatchObject({ kind: 'dense', hiddenUnits: [64, 32, 8, 32, 64], sparsity: { kind: 'l1', weight: 1e-4 } })
  })

  it('maps --code-size to each architecture\'s code', () => {
    expect(architectureFor('sequence', 'conv1d', { codeSize: 16, units: [64] })).toMatchObject({ kind: 'conv1d', codeUnits: 16, denseUnits: [64] })
    expect(architectureFor('sequence', 'lstm', { codeSize: 32, steps: 140 })).toEqual({ kind: 'lstm', units: 32, outputActivation: 'sigmoid', frameLength: 10 })
    expect(architectureFor('tabular', 'variational', { codeSize: 3, units: [32] })).toMatchObject({ kind: 'variational', latentDim: 3, hiddenUnits: [32] })
    expect(architectureFor('image', 'pca', { codeSize: 20 })).toEqual({ kind: 'pca', components: 20 })
  })

  it('gives the LSTM the largest frame length up to 10 that divides the steps', () => {
    expect(architectureFor('sequence', 'lstm', { steps: 140 })).toMatchObject({ frameLength: 10 })
    expect(architectureFor('sequence', 'lstm', { steps: 96 })).toMatchObject({ frameLength: 8 })
    expect(architectureFor('sequence', 'lstm', { steps: 13 })).toMatchObject({ frameLength: 1 })
  })

  it('refuses what does not fit, in one line naming what does', () => {
    const error = (() => {
      try {
        architectureFor('sequence', 'conv2d')
      } catch (e) {
        return e as AedetectError
      }
    })()
    expect(error?.code).toBe('E_OPTION')
    expect(error?.message).toBe('--architecture conv2d does not fit sequences [steps, channels]; for sequences [steps, channels] use one of pca | dense | conv1d | lstm, or read rows as images with --shape HxWxC.')
    expect(() => architectureFor('tabular', 'pca', { units: [3] })).toThrow('--units 3 does not apply to --architecture pca: PCA has no hidden layers; set its number of components with --code-size.')
  })
})

describe('modelOverrides / seriesOverrides', () => {
  it('hold only the flags given', () => {
    expect(modelOverrides({}, 'tabular', [140])).toEqual({})
    expect(modelOverrides({ epochs: 5, noise: 0.1, loss: 'mae', threshold: 'meanStd', k: 2, validationFraction: 0.2 }, 'tabular', [140])).toEqual({
      training: { epochs: 5, loss: 'mae', noise: { kind: 'gaussian', std: 0.1 } },
      threshold: { strategy: 'meanStd', k: 2 },
      validationFraction: 0.2,
    })
    expect(seriesOverrides({ window: 32, threshold: 'percentile' }, 1)).toEqual({ windowSize: 32, threshold: { strategy: 'percentile', q: 0.99 } })
  })

  it('clip the noise of images to [0, 1] only', () => {
    expect(modelOverrides({ noise: 0.2 }, 'image', [28, 28, 1]).training?.noise).toEqual({ kind: 'gaussian', std: 0.2, clip: [0, 1] })
    expect(modelOverrides({ noise: 0.2 }, 'sequence', [140, 1]).training?.noise).toEqual({ kind: 'gaussian', std: 0.2 })
  })

  it('refuse PCA components beyond the sample size', () => {
    expect(() => modelOverrides({ architecture: 'pca', codeSize: 9 }, 'tabular', [8])).toThrow('--code-size 9: PCA keeps at most as many components as a sample has values (8); pass --code-size 8 or less.')
  })
})
