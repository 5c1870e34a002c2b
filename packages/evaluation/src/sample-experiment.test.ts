import { loadEcg5000 } from '@aedetect/datasets/node'
import { initBackend } from '@aedetect/models'
import { beforeAll, describe, expect, it } from 'vitest'
import { evaluateSampleDetector, runSampleExperiment, type SampleExperiment } from '@aedetect/evaluation'
import { liveTensors } from './_test-tensors'

// ECG5000 (the bundled copy), the CLI's seeded stratified split (seed 42, test 0.2, validation 0.15), the tabular
// default trained for 20 epochs on the cpu backend.
let experiment: SampleExperiment
let tensorsBefore: number
const ecg = await loadEcg5000()
const data = { name: 'ECG5000', x: ecg.x, labels: ecg.labels, featureNames: ecg.featureNames }

beforeAll(async () => {
  await initBackend({ backend: 'cpu' })
  tensorsBefore = liveTensors()
  experiment = await runSampleExperiment(data, { kind: 'tabular', overrides: { training: { epochs: 20 } }, seed: 42 })
}, 120_000)

describe('runSampleExperiment on ECG5000', () => {
  it('separates the anomalous beats of the test split', () => {
    // Measured 0.9938 (seed 42, 20 epochs, cpu); the floor leaves room for another backend's rounding.
    expect(experiment.report.rocAuc).toBeGreaterThan(0.98)
    expect(experiment.counts.test).toEqual({ rows: 1000, normal: 584, anomalous: 416 })
    expect(experiment.counts.train.anomalous + experiment.counts.validation.anomalous).toBe(0)
  })

  it('puts the PCA baseline on the same split beside it', () => {
    // Measured ROC-AUC 0.9755 for PCA (90 % variance) on the same rows: below the autoencoder's 0.9938.
    expect(experiment.baseline?.architecture).toBe('pca')
    expect(experiment.baseline?.rocAuc).toBeGreaterThan(0.9)
    expect(experiment.baseline?.rocAuc).toBeLessThan(experiment.report.rocAuc)
  })

  it('chooses youden on the calibration rows and compares every strategy on the test split', () => {
    expect(experiment.detector.threshold.strategy).toBe('youden')
    expect(experiment.thresholds.map((r) => r.strategy)).toContain('percentile')
    expect(experiment.thresholds.find((r) => r.strategy === 'youden')?.threshold).toBeCloseTo(experiment.detector.threshold.value, 5)
  })

  it('gives the data of every chart', () => {
    expect(experiment.history?.loss.length).toBe(experiment.history?.epochsRun)
    expect(experiment.report.roc.fpr.length).toBeGreaterThan(10)
    expect(experiment.examples.normal.input.length).toBe(140)
    expect(experiment.examples.anomalous.reconstruction.length).toBe(140)
    expect(experiment.featureErrors.length).toBe(15)
    expect(experiment.featureErrors[0].anomalous).toBeGreaterThan(experiment.featureErrors[0].normal)
  })

  it('evaluates a detector again on exactly the recorded rows, with the same figures', async () => {
    const again = await evaluateSampleDetector(experiment.detector, data, JSON.parse(JSON.stringify(experiment.split)), { baseline: false, config: experiment.config })
    expect(Array.from(again.testRows)).toEqual(experiment.split.testRows)
    expect(again.report.rocAuc).toBe(experiment.report.rocAuc)
    expect(again.baseline).toBeNull()
    // The detector's weights are alive until it is disposed (so the count below can fail); nothing else is left.
    expect(liveTensors()).toBeGreaterThan(tensorsBefore)
    experiment.detector.dispose()
    expect(liveTensors()).toBe(tensorsBefore)
  })
})
