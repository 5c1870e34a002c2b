import { describe, expect, it } from 'vitest'
import { pointsToRanges } from '@aedetect/metrics'
import { thrown, tsbAdCases } from './_tsb-ad-fixture'

describe('pointsToRanges', () => {
  it("gives each fixture case's anomalyRanges", () => {
    // Expected: anomalyRanges of the shared tsb-ad-reference fixture (inclusive ends), incl. a range at
    // index 0 and one touching the series end.
    for (const c of tsbAdCases()) expect(pointsToRanges(c.labels)).toEqual(c.anomalyRanges)
  })

  it('handles runs at both ends, single points and an all-0 series', () => {
    expect(pointsToRanges([1, 0, 1, 1, 0, 0, 1])).toEqual([[0, 0], [2, 3], [6, 6]])
    expect(pointsToRanges(Uint8Array.from([1, 1, 1]))).toEqual([[0, 2]])
    expect(pointsToRanges([0, 0])).toEqual([])
    expect(pointsToRanges([])).toEqual([])
  })

  it('rejects values other than 0/1', () => {
    expect(thrown(() => pointsToRanges([0, 3]))).toEqual({
      code: 'E_LABELS',
      message: 'pointsToRanges(): label 1 is 3; labels must be 0 (normal) or 1 (anomaly). Map your classes to 0/1 first.',
    })
  })
})
