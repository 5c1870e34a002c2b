import { syntheticSeries } from '@aedetect/datasets'
import { initBackend } from '@aedetect/models'
import { beforeAll, describe, expect, it } from 'vitest'
import { runSeriesExperiment, seriesDefaultsFor, type SeriesExperiment } from '@aedetect/evaluation'
import { liveTensors } from './_test-tensors'

// The CLI's synthetic:series: 1000 normal points of history (seed 43) to fit on, 3000 test points with 8
// injected anomalies (seed 42); the univariate default with 10 epochs instead of 30, cpu backend.
let experiment: SeriesExperiment
let tensorsBefore: number

beforeAll(async () => {
  await initBackend({ backend: 'cpu' })
  const history = syntheticSeries({ length: 1000, seed: 43, anomalies: [] })
  const test = syntheticSeries({ length: 3000, seed: 42, anomalies: { count: 8 } })
  tensorsBefore = liveTensors()
  experiment = await runSeriesExperiment(
    { name: 'synthetic', train: { data: history.values, shape: [1000, 1] }, test: { data: test.values, shape: [3000, 1] }, testLabels: test.labels, featureNames: ['value'] },
    { overrides: { training: { epochs: 10 } } },
  )
}, 120_000)

describe('runSeriesExperiment on a synthetic series', () => {
  it('runs the univariate default with the override on top', () => {
    expect(experiment.config).toEqual({ ...seriesDefaultsFor(1), training: { epochs: 10, batchSize: 64 } })
    expect(experiment.detector.state.windowSizeRule).toBe('auto')
  })

  it('finds the injected anomalies (TSB-AD metrics) and puts PCA on the same windows beside', () => {
    // Measured (cpu, windows of 50 from the period rule, issue 19's univariate default: reduce max): AUC-ROC 0.894,
    // VUS-PR 0.583 (0.927 / 0.705 with the earlier 'mean' of the covering windows, which ranked NAB worse); PCA 0.929
    // and 0.726 (on this clean synthetic signal PCA is better: the baseline is there to show such cases). Floors
    // below those values.
    expect(experiment.timeSeries.aucRoc).toBeGreaterThan(0.85)
    expect(experiment.timeSeries.vusPr).toBeGreaterThan(0.5)
    expect(experiment.baseline?.timeSeries?.aucRoc).toBeGreaterThan(0.9)
    expect(experiment.detector.windowSize).toBe(50)
    expect(experiment.testScores.length).toBe(3000)
    expect(experiment.examples.anomalous.input.length).toBe(experiment.detector.windowSize)
    experiment.detector.dispose()
    expect(liveTensors()).toBe(tensorsBefore)
  })
})
