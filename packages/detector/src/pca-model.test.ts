import { toSamples } from '@aedetect/core'
import { reconstructionErrors } from '@aedetect/metrics'
import { describe, expect, it } from 'vitest'
import { readFixture } from '@aedetect/test-data'
import { fitPca, pcaReconstruct } from './pca-model'

const fixture = readFixture<{ pca: {
  train: number[][]; test: number[][]; components: number; explainedVarianceRatio: number[]; reconstructionMse: number[]
} }>('sklearn-reference.json').pca

describe('fitPca', () => {
  it('matches scikit-learn PCA(3): explained variance ratios and per-row reconstruction MSE', () => {
    const model = fitPca(toSamples(fixture.train), { components: fixture.components })
    // Expected: sklearn.decomposition.PCA(n_components=3) on the fixture's 'pca' case. The samples are float32,
    // so the ratios agree to ~1e-6 and the MSEs (of float32 reconstructions) to ~1e-4 relative.
    for (let i = 0; i < 3; i++) expect(model.explainedVarianceRatio[i]).toBeCloseTo(fixture.explainedVarianceRatio[i], 5)
    const test = toSamples(fixture.test)
    const mse = reconstructionErrors(test, pcaReconstruct(model, test), { metric: 'mse' })
    fixture.reconstructionMse.forEach((expected, i) => expect(Math.abs(mse[i] - expected)).toBeLessThanOrEqual(1e-4 * expected + 1e-7))
  })

  it('keeps the fewest axes reaching a variance fraction', () => {
    const model = fitPca(toSamples(fixture.train), { components: { varianceFraction: 0.5 } })
    expect(model.components).toBe(fixture.explainedVarianceRatio[0] >= 0.5 ? 1 : 2)
  })

  it('rejects an impossible component count', () => {
    expect(() => fitPca(toSamples(fixture.train), { components: 9 })).toThrow('fitPca(): components is 9; expected an integer from 1 to 8 (the smaller of 300 samples and 8 features).')
  })
})
