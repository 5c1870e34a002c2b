import { describe, expect, it } from 'vitest'
import { AedetectError, selectSamples, toLabels, toSamples, toSamples64 } from '@aedetect/core'

describe('toSamples', () => {
  it('converts rows to row-major float32 samples', () => {
    const x = toSamples([[1, 2, 3], [4, 5, 6]])
    expect(x.shape).toEqual([2, 3])
    expect(Array.from(x.data)).toEqual([1, 2, 3, 4, 5, 6])
    expect(toSamples64([[0.1]]).data[0]).toBe(0.1)
  })

  it('names the ragged row', () => {
    expect(() => toSamples([[1, 2], [3]], 'fit()')).toThrowErrorMatchingInlineSnapshot(
      `[AedetectError: fit(): row 1 has 1 values; row 0 has 2. Every row must have the same number of features.]`,
    )
  })

  it('names the row and column of a NaN', () => {
    try {
      toSamples([[1, 2], [3, Number.NaN]], 'fit()')
      expect.unreachable()
    } catch (error) {
      expect(error).toBeInstanceOf(AedetectError)
      expect((error as AedetectError).code).toBe('E_NOT_FINITE')
      expect((error as Error).message).toBe('fit(): row 1, column 1 is NaN; every value must be a finite number. Drop or impute missing values first.')
    }
  })

  it('rejects empty input and a shape that disagrees with the data', () => {
    expect(() => toSamples([], 'fit()')).toThrow('fit(): got no rows. Pass at least one sample.')
    expect(() => toSamples({ data: new Float32Array(5), shape: [2, 3] }, 'fit()')).toThrow('fit(): shape [2, 3] holds 6 values but data has 5.')
  })
})

describe('selectSamples', () => {
  it('copies the chosen rows in order', () => {
    const x = toSamples([[1, 2], [3, 4], [5, 6]])
    const y = selectSamples(x, [2, 0])
    expect(y.shape).toEqual([2, 2])
    expect(Array.from(y.data)).toEqual([5, 6, 1, 2])
  })
})

describe('toLabels', () => {
  it('rejects labels other than 0/1 and wrong lengths', () => {
    expect(() => toLabels([0, 2], 'evaluate()')).toThrow('evaluate(): label 1 is 2; labels must be 0 (normal) or 1 (anomaly). Map your classes to 0/1 first.')
    expect(() => toLabels([0, 1], 'evaluate()', 3)).toThrow('evaluate(): got 2 labels for 3 samples. Pass one label per sample.')
  })
})
