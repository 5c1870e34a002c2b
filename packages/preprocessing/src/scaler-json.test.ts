import { describe, expect, it } from 'vitest'
import { applyScaler, fitMinMax, fitRobust, fitStandard, scalerFromJSON, scalerToJSON } from '@aedetect/preprocessing'
import { toSamples } from '@aedetect/core'
import { scalerFixture as f } from './_scaler-fixture'
import { thrown } from './_test-support'

describe('scalerToJSON / scalerFromJSON', () => {
  it('round-trips every kind through JSON text and scales bit for bit the same', () => {
    const test = toSamples(f.test)
    for (const scaler of [fitMinMax(f.train, { featureRange: [-1, 1], clipTo: 3 }), fitStandard(f.train, { withMean: false }), fitRobust(f.train, { quantileRange: [0.1, 0.9], per: 'global' })]) {
      const text = JSON.stringify(scalerToJSON(scaler))
      const loaded = scalerFromJSON(JSON.parse(text))
      expect(loaded).toEqual(scaler)
      expect(applyScaler(loaded, test).data).toEqual(applyScaler(scaler, test).data)
      expect(scalerFromJSON(text)).toEqual(scaler)
    }
  })

  it('writes plain number arrays with format and formatVersion', () => {
    const json = scalerToJSON(fitMinMax([[0, 1], [2, 5]]))
    expect(json).toEqual({
      format: 'aedetect-scaler',
      formatVersion: 1,
      kind: 'minmax',
      per: 'feature',
      sampleShape: [2],
      sampleCount: 2,
      clipTo: null,
      featureRange: [0, 1],
      dataMin: [0, 1],
      dataMax: [2, 5],
      dataRange: [2, 4],
      scale: [0.5, 0.25],
      offset: [0, -0.25],
    })
  })

  it('names the bad field', () => {
    const good = scalerToJSON(fitStandard([[0, 1], [2, 5]]))
    expect(thrown(() => scalerFromJSON('{"format":'))).toMatchInlineSnapshot(`"E_FORMAT: scalerFromJSON(): the text is not valid JSON (Unexpected end of JSON input). Pass the object scalerToJSON() returned, or its JSON.stringify text."`)
    expect(thrown(() => scalerFromJSON([1, 2]))).toMatchInlineSnapshot(`"E_FORMAT: scalerFromJSON(): expected an object from scalerToJSON(); got [1, 2]."`)
    expect(thrown(() => scalerFromJSON({ ...good, format: 'keras' }))).toMatchInlineSnapshot(`"E_FORMAT: scalerFromJSON(): field 'format' is 'keras'; expected 'aedetect-scaler'. Pass the object scalerToJSON() returned."`)
    expect(thrown(() => scalerFromJSON({ ...good, formatVersion: 2 }))).toMatchInlineSnapshot(`"E_FORMAT_VERSION: scalerFromJSON(): field 'formatVersion' is 2; this version of @aedetect/preprocessing reads formatVersion 1. Refit the scaler, or load it with the package version that saved it."`)
    expect(thrown(() => scalerFromJSON({ ...good, kind: 'zscore' }))).toMatchInlineSnapshot(`"E_FORMAT: scalerFromJSON(): field 'kind' is 'zscore'; expected one of 'minmax' | 'standard' | 'robust'. Pass the object scalerToJSON() returned, unmodified."`)
    expect(thrown(() => scalerFromJSON({ ...good, per: 'column' }))).toMatchInlineSnapshot(`"E_FORMAT: scalerFromJSON(): field 'per' is 'column'; expected one of 'feature' | 'channel' | 'global'. Pass the object scalerToJSON() returned, unmodified."`)
    expect(thrown(() => scalerFromJSON({ ...good, sampleShape: [2.5] }))).toMatchInlineSnapshot(`"E_FORMAT: scalerFromJSON(): field 'sampleShape' is [2.5]; expected a non-empty array of positive integers. Pass the object scalerToJSON() returned, unmodified."`)
    expect(thrown(() => scalerFromJSON({ ...good, mean: [0] }))).toMatchInlineSnapshot(`"E_FORMAT: scalerFromJSON(): field 'mean' is an array of 1 values; expected 2 finite numbers (one per parameter for per 'feature' and sampleShape [2]). Pass the object scalerToJSON() returned, unmodified."`)
    expect(thrown(() => scalerFromJSON({ ...good, variance: [1, null] }))).toMatchInlineSnapshot(`"E_FORMAT: scalerFromJSON(): field 'variance' holds null at index 1; expected finite numbers. Pass the object scalerToJSON() returned, unmodified."`)
    expect(thrown(() => scalerFromJSON({ ...good, scale: [1, 0] }))).toMatchInlineSnapshot(`"E_FORMAT: scalerFromJSON(): field 'scale' is [1, 0]; expected no zero entries (a zero scale would divide by zero). Pass the object scalerToJSON() returned, unmodified."`)
    expect(thrown(() => scalerFromJSON({ ...good, withStd: 1 }))).toMatchInlineSnapshot(`"E_FORMAT: scalerFromJSON(): field 'withStd' is 1; expected true or false. Pass the object scalerToJSON() returned, unmodified."`)
    expect(thrown(() => scalerFromJSON({ ...good, clipTo: -1 }))).toMatchInlineSnapshot(`"E_FORMAT: scalerFromJSON(): field 'clipTo' is -1; expected null or a positive finite number. Pass the object scalerToJSON() returned, unmodified."`)
    const robust = scalerToJSON(fitRobust([[0], [2]]))
    expect(thrown(() => scalerFromJSON({ ...robust, quantileRange: [25, 75] }))).toMatchInlineSnapshot(`"E_FORMAT: scalerFromJSON(): field 'quantileRange' is [25, 75]; expected [lo, hi] with finite lo < hi inside [0, 1]. Pass the object scalerToJSON() returned, unmodified."`)
  })
})
