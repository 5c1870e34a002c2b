import { describe, expect, it } from 'vitest'
import { histogram } from '@aedetect/metrics'

describe('histogram (numpy.histogram semantics)', () => {
  it('equal-width bins, last bin closed', () => {
    const h = histogram([0, 1, 2, 3, 4], { bins: 4 })
    expect(Array.from(h.edges)).toEqual([0, 1, 2, 3, 4])
    expect(Array.from(h.counts)).toEqual([1, 1, 1, 2])
  })
  it('a constant input widens to ±0.5; values outside a given range are not counted', () => {
    expect(Array.from(histogram([2, 2], { bins: 2 }).edges)).toEqual([1.5, 2, 2.5])
    expect(Array.from(histogram([-1, 0.5, 9], { bins: 2, min: 0, max: 1 }).counts)).toEqual([0, 1])
  })
  it('bad bins', () => {
    expect(() => histogram([1], { bins: 0 })).toThrowErrorMatchingInlineSnapshot(`[AedetectError: histogram(): bins must be a positive integer, got 0.]`)
  })
})
