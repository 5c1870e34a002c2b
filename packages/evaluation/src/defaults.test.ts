import { DEFAULT_ARCHITECTURES } from '@aedetect/detector'
import { describe, expect, it } from 'vitest'
import { applyOverrides, applySeriesOverrides, defaultsFor, seriesDefaultsFor } from '@aedetect/evaluation'

describe('defaultsFor', () => {
  it('gives each kind of data its package architecture, scaler and smoothing, and the CLI training', () => {
    expect(defaultsFor('tabular')).toMatchObject({ architecture: DEFAULT_ARCHITECTURES.tabular, scaler: { kind: 'minmax', per: 'feature' }, errorSmoothing: 0, training: { epochs: 200, batchSize: 64 }, validationFraction: 0.15, testFraction: 0.2, seed: 42, threshold: null })
    expect(defaultsFor('sequence')).toMatchObject({ architecture: DEFAULT_ARCHITECTURES.sequence, scaler: { kind: 'minmax', per: 'channel' }, errorSmoothing: 0 })
    expect(defaultsFor('image')).toMatchObject({ architecture: DEFAULT_ARCHITECTURES.image, scaler: { kind: 'none' }, errorSmoothing: 1 })
  })
})

describe('seriesDefaultsFor', () => {
  it('is the NAB configuration for one channel and the SMD one for several', () => {
    // Issue 19's choices on the developer NAB series and SMD machines (see seriesDefaultsFor's comment).
    expect(seriesDefaultsFor(1)).toEqual({
      windowSize: 'auto',
      architecture: { kind: 'dense', hiddenUnits: [64, 32, 16, 32, 64] },
      training: { epochs: 15, batchSize: 64 },
      scaler: { kind: 'minmax', per: 'channel' },
      reduce: 'max',
      threshold: { strategy: 'meanStd', k: 3 },
      alarm: { strategy: 'rollingMeanStd', batch: 70, history: 4200, k: 2.5, minLength: 1, coolDown: 0, hold: 50 },
      seed: 42,
    })
    // Issue 19's choice on the developer SMD machines (see the closing note and seriesDefaultsFor's comment).
    expect(seriesDefaultsFor(38)).toEqual({
      windowSize: 16,
      architecture: { kind: 'conv1d', filters: [32, 16], kernelSize: 3 },
      scaler: { kind: 'robust', per: 'channel', quantileRange: [0.05, 0.95], clipTo: 10 },
      training: { epochs: 5, batchSize: 64 },
      reduce: 'max',
      channelErrorScale: 'channel',
      threshold: { strategy: 'meanStd', k: 3 },
      alarm: { strategy: 'rollingMeanStd', batch: 70, history: 2100, k: 3, minLength: 1, coolDown: 0 },
      seed: 42,
    })
  })

  it('a threshold strategy given alone replaces the rolling alarm rule by that fixed threshold', () => {
    expect(applySeriesOverrides(seriesDefaultsFor(38), { threshold: { strategy: 'pot', q: 1e-3 } }).alarm).toEqual({ strategy: 'fixed', minLength: 1, coolDown: 0 })
    expect(applySeriesOverrides(seriesDefaultsFor(38), {}).alarm).toEqual(seriesDefaultsFor(38).alarm)
  })
})

describe('applyOverrides', () => {
  it('keeps the default for every field left undefined (a flag not given), training merged one level deep', () => {
    const merged = applyOverrides(defaultsFor('tabular'), { training: { epochs: 20, batchSize: undefined }, validationFraction: undefined })
    expect(merged.training).toEqual({ epochs: 20, batchSize: 64 })
    expect(merged.validationFraction).toBe(0.15)
    expect(merged.architecture).toEqual(DEFAULT_ARCHITECTURES.tabular)
  })

  it('sets the window length of a series, and refuses what a window detector does not take', () => {
    expect(applySeriesOverrides(seriesDefaultsFor(1), { windowSize: 32 }).windowSize).toBe(32)
    expect(() => applySeriesOverrides(seriesDefaultsFor(1), { scoreMetric: 'mae' })).toThrowErrorMatchingInlineSnapshot(`[AedetectError: scoreMetric mae: a time-series (window) detector scores each point by the MSE of the windows covering it and takes no scoreMetric. Leave scoreMetric out for a series.]`)
  })
})
