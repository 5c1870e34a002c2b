import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { stratifiedSplit } from '@aedetect/preprocessing'
import { readFixture, testWith } from '@aedetect/test-data'
import { partitions, readOddsLabels, thrown } from './_test-support'

const odds = readFixture<{ tables: Record<string, Record<string, { testRows: number[] }>> }>('odds-novelty-splits.json')

function anomalies(labels: Uint8Array, rows: ArrayLike<number>): number {
  let count = 0
  for (let i = 0; i < rows.length; i++) count += labels[rows[i]]
  return count
}

describe('stratifiedSplit', () => {
  testWith(['odds'], "puts as many anomalies in test as scikit-learn's stratified train_test_split on the six ODDS tables", () => {
    // Expected: the test parts of fixtures/odds-novelty-splits.json (train_test_split(test_size=0.4,
    // stratify=labels), seeds 0–2). The rows differ (another generator); the class counts are equal.
    for (const name of Object.keys(odds.tables)) {
      const labels = readOddsLabels(name)
      for (const seed of [0, 1, 2]) {
        const reference = odds.tables[name][String(seed)].testRows
        const split = stratifiedSplit(labels, { testFraction: 0.4, seed })
        expect(split.testRows.length, name).toBe(reference.length)
        expect(anomalies(labels, split.testRows), name).toBe(anomalies(labels, reference))
        expect(partitions(labels.length, split.trainRows, split.testRows)).toBe(true)
      }
    }
  })

  testWith(['odds'], 'is reproducible for a seed and differs between seeds', () => {
    const labels = readOddsLabels('cardio')
    const a = stratifiedSplit(labels, { testFraction: 0.3, seed: 5 })
    expect(stratifiedSplit(labels, { testFraction: 0.3, seed: 5 })).toEqual(a)
    expect(stratifiedSplit(labels, { testFraction: 0.3, seed: 6 }).testRows).not.toEqual(a.testRows)
  })

  it('keeps each part within one row of the exact anomaly share (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ min: 0, max: 1, minLength: 4, maxLength: 300 }), fc.double({ min: 0.05, max: 0.95, noNaN: true }), fc.integer(), (labels, testFraction, seed) => {
        const nTest = Math.ceil(Math.round(testFraction * labels.length * 1e9) / 1e9)
        fc.pre(nTest >= 1 && nTest < labels.length)
        const split = stratifiedSplit(labels, { testFraction, seed })
        const total = anomalies(labels, Array.from(labels.keys()))
        expect(Math.abs(anomalies(labels, split.testRows) - (nTest * total) / labels.length)).toBeLessThan(1)
        expect(partitions(labels.length, split.trainRows, split.testRows)).toBe(true)
      }),
      { numRuns: 300, seed: 5 },
    )
  })

  it('rejects missing and non-0/1 labels', () => {
    expect(thrown(() => stratifiedSplit([], { testFraction: 0.2 }))).toMatchInlineSnapshot(`"E_EMPTY: stratifiedSplit(): got no labels. Pass one label (0 = normal, 1 = anomaly) per row."`)
    expect(thrown(() => stratifiedSplit([0, 1, 2], { testFraction: 0.2 }))).toMatchInlineSnapshot(`"E_LABELS: stratifiedSplit(): label 2 is 2; labels must be 0 (normal) or 1 (anomaly). Map your classes to 0/1 first."`)
    expect(thrown(() => stratifiedSplit([0, 1], { testFraction: 0.5, seed: Number.NaN }))).toMatchInlineSnapshot(`"E_OPTION: stratifiedSplit(): seed is NaN; it must be an integer. Pass e.g. seed: 42."`)
  })
})
