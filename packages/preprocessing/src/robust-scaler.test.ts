import { describe, expect, it } from 'vitest'
import { applyScaler, fitRobust, invertScaler } from '@aedetect/preprocessing'
import { toSamples64 } from '@aedetect/core'
import { scalerFixture as f } from './_scaler-fixture'
import { flat, maxError, thrown } from './_test-support'

// Expected values: scikit-learn 1.2.1 RobustScaler (quantile range 25–75), fixtures/sklearn-reference.json
// `scalers.robust` (float64 input). Tolerance 1e-9: the bound. Center and scale are order statistics
// computed with numpy's formulas, so they match exactly.
const TOL = 1e-9
const c = f.robust

describe('fitRobust', () => {
  it('fitted center and scale, transform and inverse equal scikit-learn', () => {
    const scaler = fitRobust(toSamples64(f.train))
    expect(maxError(scaler.center, c.fitted.center as number[])).toBe(0)
    expect(maxError(scaler.scale, c.fitted.scale as number[])).toBe(0)
    expect(maxError(applyScaler(scaler, toSamples64(f.test)).data, flat(c.transformTest))).toBeLessThanOrEqual(TOL)
    expect(maxError(invertScaler(scaler, toSamples64(f.inverseTransformInput)).data, flat(c.inverseTransform))).toBeLessThanOrEqual(TOL)
    const roundTrip = invertScaler(scaler, applyScaler(scaler, toSamples64(f.test)))
    expect(maxError(roundTrip.data, flat(c.inverseTransformOfTransformTest))).toBeLessThanOrEqual(TOL)
  })

  it('gives a column constant in training scale 1, as scikit-learn', () => {
    const scaler = fitRobust(f.constantTrain)
    expect(maxError(scaler.center, c.constantFitted.center as number[])).toBe(0)
    expect(maxError(scaler.scale, c.constantFitted.scale as number[])).toBe(0)
    const z = applyScaler(scaler, toSamples64(f.constantTrain.slice(0, 5)))
    expect(maxError(z.data, flat(c.constantColumnTransform))).toBeLessThanOrEqual(TOL)
  })

  it('uses numpy linear percentiles and median (even n: mean of the two middle values)', () => {
    // Column [1, 2, 4, 10]: median 3; q25 at h = 0.75 → 2 − (2 − 1)·0.25 = 1.75; q75 at h = 2.25 → 4 + 6·0.25 = 5.5.
    const scaler = fitRobust([[1], [2], [4], [10]])
    expect(Array.from(scaler.center)).toEqual([3])
    expect(Array.from(scaler.scale)).toEqual([3.75])
    const wide = fitRobust([[1], [2], [4], [10]], { quantileRange: [0, 1] })
    expect(Array.from(wide.scale)).toEqual([9])
  })

  it('withCentering: false only divides; withScaling: false only centres', () => {
    const x = [[1], [2], [4], [10]]
    expect(Array.from(applyScaler(fitRobust(x, { withCentering: false }), [[7.5]]).data)).toEqual([2])
    expect(Array.from(applyScaler(fitRobust(x, { withScaling: false }), [[7.5]]).data)).toEqual([4.5])
  })

  it('rejects a quantile range given in percent', () => {
    expect(thrown(() => fitRobust(f.train, { quantileRange: [25, 75] }))).toMatchInlineSnapshot(`"E_OPTION: fitRobust(): quantileRange is [25, 75]; it must be [lo, hi] with finite lo < hi inside [0, 1]. Pass e.g. quantileRange: [0.25, 0.75]."`)
  })
})
