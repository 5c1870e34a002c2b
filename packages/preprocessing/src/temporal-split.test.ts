import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { temporalSplit } from '@aedetect/preprocessing'
import { thrown } from './_test-support'

describe('temporalSplit', () => {
  it('puts every training step before every test step, with the gap left out', () => {
    const split = temporalSplit(10, { trainFraction: 0.6, gap: 2 })
    expect(Array.from(split.trainRows)).toEqual([0, 1, 2, 3, 4, 5])
    expect(Array.from(split.testRows)).toEqual([8, 9])
  })

  it('never leaks across time (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 10_000 }), fc.double({ min: 0.01, max: 0.99, noNaN: true }), fc.integer({ min: 0, max: 50 }), (n, trainFraction, gap) => {
        const nTrain = Math.floor(Math.round(trainFraction * n * 1e9) / 1e9)
        fc.pre(nTrain >= 1 && nTrain + gap < n)
        const split = temporalSplit(n, { trainFraction, gap })
        expect(split.trainRows.length).toBe(nTrain)
        expect(split.testRows[0] - split.trainRows[split.trainRows.length - 1]).toBe(gap + 1)
        expect(split.testRows[split.testRows.length - 1]).toBe(n - 1)
      }),
      { numRuns: 300, seed: 4 },
    )
  })

  it('rejects a split that leaves a part empty', () => {
    expect(thrown(() => temporalSplit(10, { trainFraction: 0.9, gap: 1 }))).toMatchInlineSnapshot(`"E_OPTION: temporalSplit(): trainFraction 0.9 and gap 1 of 10 steps give 9 training and 0 test steps; both parts need at least one step. Change trainFraction or gap, or pass a longer series."`)
    expect(thrown(() => temporalSplit(10, { trainFraction: 0.5, gap: -1 }))).toMatchInlineSnapshot(`"E_OPTION: temporalSplit(): gap is -1; it must be an integer ≥ 0."`)
    expect(thrown(() => temporalSplit(10, { trainFraction: 1 }))).toMatchInlineSnapshot(`"E_OPTION: temporalSplit(): trainFraction is 1; it must be a fraction strictly between 0 and 1. Pass e.g. trainFraction: 0.7."`)
  })
})
