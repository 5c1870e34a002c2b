import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { trainValidationTestSplit } from '@aedetect/preprocessing'
import type { DataSplit } from '@aedetect/preprocessing'
import { describeWith } from '@aedetect/test-data'
import { readOddsLabels, thrown } from './_test-support'

/** true when the parts (and the dropped rows) hold each row once and each part is sorted. */
function coversOnce(n: number, labels: Uint8Array, split: DataSplit): boolean {
  const seen = new Uint8Array(n)
  for (const part of [split.trainRows, split.validationRows, split.testRows]) {
    for (let i = 0; i < part.length; i++) {
      if (seen[part[i]] || (i > 0 && part[i] <= part[i - 1])) return false
      seen[part[i]] = 1
    }
  }
  let missing = 0
  let missingNormal = 0
  for (let i = 0; i < n; i++) if (!seen[i]) (missing++, (missingNormal += labels[i] === 0 ? 1 : 0))
  return missing === split.counts.dropped.anomalous && missingNormal === 0
}

describeWith(['odds'], 'trainValidationTestSplit on ODDS cardio', () => {
  const cardio = readOddsLabels('cardio') // 1831 rows, 176 outliers

  it('novelty protocol on ODDS cardio: normal-only train and validation, stratified test, dropped anomalies counted', () => {
    const split = trainValidationTestSplit(cardio, { seed: 1 })
    // test: ceil(0.2 · 1831) = 367 rows; 176 · 367 / 1831 = 35.28 → 35 anomalies, 332 normal.
    expect(split.counts.test).toEqual({ normal: 332, anomalous: 35 })
    // The other 1464 rows hold 141 anomalies (dropped) and 1323 normal rows: ceil(0.1 · 1323) = 133 validate.
    expect(split.counts.dropped).toEqual({ normal: 0, anomalous: 141 })
    expect(split.droppedRows.length).toBe(141)
    expect(Array.from(split.droppedRows).every((row, i, rows) => cardio[row] === 1 && !split.testRows.includes(row) && (i === 0 || rows[i - 1] < row))).toBe(true)
    expect(split.counts.validation).toEqual({ normal: 133, anomalous: 0 })
    expect(split.counts.train).toEqual({ normal: 1190, anomalous: 0 })
    expect(split.trainRows.length).toBe(1190)
    expect(coversOnce(cardio.length, cardio, split)).toBe(true)
    expect(trainValidationTestSplit(cardio, { seed: 1 })).toEqual(split)
  })

  it('without normalOnlyTraining keeps anomalies in train and stratifies validation', () => {
    const split = trainValidationTestSplit(cardio, { seed: 1, normalOnlyTraining: false })
    expect(split.counts.dropped).toEqual({ normal: 0, anomalous: 0 })
    // validation: ceil(0.1 · 1464) = 147 rows; 141 · 147 / 1464 = 14.16 → 14 anomalies.
    expect(split.counts.validation).toEqual({ normal: 133, anomalous: 14 })
    expect(split.counts.train).toEqual({ normal: 1190, anomalous: 127 })
    expect(coversOnce(cardio.length, cardio, split)).toBe(true)
  })
})

describe('trainValidationTestSplit', () => {
  it('parts cover every row once except the dropped anomalies (property)', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ min: 0, max: 1, minLength: 10, maxLength: 300 }).filter((y) => y.filter((v) => v === 0).length >= 8),
        fc.double({ min: 0.05, max: 0.5, noNaN: true }),
        fc.double({ min: 0, max: 0.5, noNaN: true }),
        fc.boolean(),
        fc.boolean(),
        fc.integer(),
        (labels, testFraction, validationFraction, stratify, normalOnlyTraining, seed) => {
          let split: DataSplit
          try {
            split = trainValidationTestSplit(labels, { testFraction, validationFraction, stratify, normalOnlyTraining, seed })
          } catch {
            return fc.pre(false) // a draw that leaves no training row is rejected by design
          }
          expect(coversOnce(labels.length, labels, split)).toBe(true)
          if (normalOnlyTraining) expect(split.counts.train.anomalous + split.counts.validation.anomalous).toBe(0)
        },
      ),
      { numRuns: 300, seed: 6 },
    )
  })

  it('without stratify takes the first rows of the permutation as test', () => {
    const labels = new Uint8Array(100)
    const split = trainValidationTestSplit(labels, { testFraction: 0.25, validationFraction: 0, stratify: false, seed: 2 })
    expect(split.testRows.length).toBe(25)
    expect(split.validationRows.length).toBe(0)
    expect(split.trainRows.length).toBe(75)
  })

  it('rejects bad fractions and a split with no training row', () => {
    // Option checks come before any look at the labels: any labels do.
    const cardio = new Uint8Array(100)
    expect(thrown(() => trainValidationTestSplit(cardio, { validationFraction: 1 }))).toMatchInlineSnapshot(`"E_OPTION: trainValidationTestSplit(): validationFraction is 1; it must be a fraction in [0, 1) of the training rows (0 = no validation rows). Pass e.g. validationFraction: 0.1."`)
    expect(thrown(() => trainValidationTestSplit(cardio, { testFraction: -0.2 }))).toMatchInlineSnapshot(`"E_OPTION: trainValidationTestSplit(): testFraction is -0.2; it must be a fraction strictly between 0 and 1. Pass e.g. testFraction: 0.2."`)
    expect(thrown(() => trainValidationTestSplit([0, 1, 1, 1, 1], { testFraction: 0.2 }))).toMatchInlineSnapshot(`"E_OPTION: trainValidationTestSplit(): no training rows remain (4 rows after the test part, 3 of them anomalous and dropped, 1 to validation). Lower testFraction or validationFraction, or pass more normal rows."`)
    expect(thrown(() => trainValidationTestSplit(cardio, { stratify: 1 as never }))).toMatchInlineSnapshot(`"E_OPTION: trainValidationTestSplit(): stratify is 1; it must be true or false."`)
  })
})
