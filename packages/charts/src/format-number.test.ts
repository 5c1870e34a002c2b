import { describe, expect, it } from 'vitest'
import { formatNumber } from '@aedetect/charts'

describe('formatNumber', () => {
  it('prints 3 significant digits as plain decimals, exponents only outside [1e-4, 1e5)', () => {
    expect([0, 0.046612, 0.00044, 1234.5, 118, -0.5, 2e-5, 123456, Number.POSITIVE_INFINITY].map(formatNumber)).toEqual(['0', '0.0466', '0.00044', '1230', '118', '-0.5', '2.0e-5', '1.2e5', 'Infinity'])
  })
})
