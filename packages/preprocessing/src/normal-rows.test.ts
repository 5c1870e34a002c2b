import { describe, expect, it } from 'vitest'
import { normalRows } from '@aedetect/preprocessing'
import { testWith } from '@aedetect/test-data'
import { readOddsLabels, thrown } from './_test-support'

describe('normalRows', () => {
  it('lists the rows labelled 0, ascending', () => {
    expect(Array.from(normalRows([1, 0, 0, 1, 0]))).toEqual([1, 2, 4])
  })

  testWith(['odds'], 'counts the 1655 normal rows of ODDS cardio', () => {
    // ODDS cardio: 1831 rows, 176 outliers (datasets/odds/README.md) → 1655 normal rows.
    expect(normalRows(readOddsLabels('cardio')).length).toBe(1655)
  })

  it('rejects labels other than 0/1', () => {
    expect(thrown(() => normalRows([0, -1]))).toMatchInlineSnapshot(`"E_LABELS: normalRows(): label 1 is -1; labels must be 0 (normal) or 1 (anomaly). Map your classes to 0/1 first."`)
  })
})
