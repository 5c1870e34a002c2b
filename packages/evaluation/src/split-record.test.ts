import { loadEcg5000 } from '@aedetect/datasets/node'
import { describe, expect, it } from 'vitest'
import { checkRequestedSplit, createSplitRecord, parseSplitRecord, type SplitRecord } from '@aedetect/evaluation'

const ecg = await loadEcg5000()
const split = createSplitRecord(ecg.labels, { seed: 42, testFraction: 0.3, validationFraction: 0.15 })
const context = { option: '--test-fraction', model: 'aedetect-model', recordedIn: 'aedetect-model/experiment.json' }

describe('createSplitRecord on ECG5000 (5000 rows, 2081 anomalous)', () => {
  it('puts every row in exactly one part: 30 % stratified test rows, the other anomalies calibrate only', () => {
    // 1500 = ceil(0.3 · 5000); 624 = the test share of the 2081 anomalies, stratified.
    expect(split.testRows.length).toBe(1500)
    expect(split.testRows.filter((r) => ecg.labels[r] === 1).length).toBe(624)
    expect(split.calibrationRows.length).toBe(2081 - 624)
    expect(split.calibrationRows.every((r) => ecg.labels[r] === 1)).toBe(true)
    expect([...split.trainRows, ...split.validationRows].every((r) => ecg.labels[r] === 0)).toBe(true)
    const all = new Set([...split.trainRows, ...split.validationRows, ...split.calibrationRows, ...split.testRows])
    expect(all.size).toBe(5000)
  })

  it('survives JSON unchanged', () => {
    expect(parseSplitRecord(JSON.parse(JSON.stringify(split)), 'x.json')).toEqual(split)
  })

  it('keeps given rows (a split file) and draws the validation rows from their normal training rows', () => {
    const given = createSplitRecord(ecg.labels, { seed: 1, testFraction: 0.2, validationFraction: 0.1, given: { source: 'file', trainRows: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], testRows: [20, 21] } })
    expect(given.testFraction).toBeNull()
    expect(given.testRows).toEqual([20, 21])
    expect(given.trainRows.length + given.validationRows.length + given.calibrationRows.length).toBe(12)
  })
})

describe('parseSplitRecord', () => {
  it('refuses what is not a split record', () => {
    expect(() => parseSplitRecord({ format: 'other' }, 'm/experiment.json')).toThrowErrorMatchingInlineSnapshot(`[AedetectError: m/experiment.json: not a split record (format "other", expected 'aedetect-split'). Pass the experiment.json that 'aedetect train' saved beside the detector.]`)
  })

  it('refuses a row in two parts', () => {
    const bad: SplitRecord = { ...split, testRows: [split.trainRows[0], ...split.testRows.slice(1)] }
    expect(() => parseSplitRecord(bad, 'm/experiment.json')).toThrowErrorMatchingInlineSnapshot(`[AedetectError: m/experiment.json: row 0 is in two parts of the split (found again in 'testRows'). The file was edited or damaged: train the detector again.]`)
  })

  it('refuses a row outside the data', () => {
    expect(() => parseSplitRecord({ ...split, testRows: [5000] }, 'm/experiment.json')).toThrowErrorMatchingInlineSnapshot(`[AedetectError: m/experiment.json: split field 'testRows' is [5000]; expected an array of integers in [0, 5000). The file was edited or damaged: train the detector again.]`)
  })
})

describe('checkRequestedSplit', () => {
  it('refuses a test fraction that contradicts the recorded one, naming both', () => {
    expect(() => checkRequestedSplit(split, { testFraction: 0.2, rows: 5000 }, context)).toThrowErrorMatchingInlineSnapshot(`[AedetectError: --test-fraction 0.2 contradicts the split aedetect-model was trained on (test fraction 0.3, recorded in aedetect-model/experiment.json); leave --test-fraction out to evaluate on the recorded test rows.]`)
  })

  it('is a usage error (E_OPTION)', () => {
    expect(() => checkRequestedSplit(split, { testFraction: 0.2, rows: 5000 }, context)).toThrow(expect.objectContaining({ code: 'E_OPTION' }))
    expect(() => parseSplitRecord({ format: 'other' }, 'x')).toThrow(expect.objectContaining({ code: 'E_FORMAT' }))
    expect(() => parseSplitRecord({ ...split, testRows: [5000] }, 'x')).toThrow(expect.objectContaining({ code: 'E_CORRUPT' }))
  })

  it('passes when the fraction is not asked for or agrees', () => {
    expect(() => checkRequestedSplit(split, { rows: 5000 }, context)).not.toThrow()
    expect(() => checkRequestedSplit(split, { testFraction: 0.3, rows: 5000 }, context)).not.toThrow()
  })

  it('refuses data of another size', () => {
    expect(() => checkRequestedSplit(split, { rows: 4999 }, context)).toThrowErrorMatchingInlineSnapshot(`[AedetectError: the data has 4999 rows, but aedetect-model was trained on data of 5000 rows (recorded in aedetect-model/experiment.json); pass the data it was trained on.]`)
  })
})
