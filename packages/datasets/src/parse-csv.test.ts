import { describe, expect, it } from 'vitest'
import { parseCsv } from '@aedetect/datasets'
import { thrown } from './_test-data'

describe('parseCsv', () => {
  it('detects a header, takes the label column by name and keeps the other columns as features', () => {
    const table = parseCsv('a,b,label\n1,2,0\n3,4.5,1\n-1e-3,6,0\n', { label: 'label' })
    expect(table.featureNames).toEqual(['a', 'b'])
    expect(table.x.shape).toEqual([3, 2])
    expect(Array.from(table.x.data)).toEqual([1, 2, 3, 4.5, Math.fround(-1e-3), 6])
    expect(Array.from(table.labels ?? [])).toEqual([0, 1, 0])
    expect(table).toMatchObject({ rowCount: 3, droppedRows: 0, imputedCells: 0, source: 'input' })
  })

  it('reads files without a header, names columns c1 … and takes the label by a negative index', () => {
    const table = parseCsv('0.5,0.25,1.0\n0.75,1,0.0\n', { label: -1, normal: '1' })
    expect(table.featureNames).toEqual(['c1', 'c2'])
    // ecg.csv convention: 1.0 = normal → anomaly label 0; 0.0 → 1.
    expect(Array.from(table.labels ?? [])).toEqual([0, 1])
    expect(Array.from(table.x.data)).toEqual([0.5, 0.25, 0.75, 1])
  })

  it('does not mistake a text label column for a header', () => {
    const table = parseCsv('1,2,ok\n3,4,bad\n5,6,ok\n', { label: -1, normal: 'ok' })
    expect(table.rowCount).toBe(3)
    expect(Array.from(table.labels ?? [])).toEqual([0, 1, 0])
  })

  it('maps a text label column with normal and picks features by name and index', () => {
    const text = 'id;x;y;state\n7;1;2;ok\n8;3;4;broken\n9;5;6;ok\n'
    const table = parseCsv(text, { label: 'state', normal: 'ok', features: ['y', 1] })
    expect(table.featureNames).toEqual(['y', 'x'])
    expect(Array.from(table.x.data)).toEqual([2, 1, 4, 3, 6, 5])
    expect(Array.from(table.labels ?? [])).toEqual([0, 1, 0])
  })

  it('detects tab, pipe and whitespace delimiters, quotes, CRLF, a BOM and blank lines', () => {
    expect(Array.from(parseCsv('1\t2\n3\t4').x.data)).toEqual([1, 2, 3, 4])
    expect(Array.from(parseCsv('1|2\n3|4').x.data)).toEqual([1, 2, 3, 4])
    expect(Array.from(parseCsv('   1.0e+00  -2.5e-01\n   3.0e+00   4.0e+00\n').x.data)).toEqual([1, -0.25, 3, 4])
    const quoted = parseCsv('\ufeff"a, the first","b ""quoted"""\r\n"1",2\r\n\r\n3,"4"\r\n')
    expect(quoted.featureNames).toEqual(['a, the first', 'b "quoted"'])
    expect(Array.from(quoted.x.data)).toEqual([1, 2, 3, 4])
  })

  it('drops rows with missing cells or imputes the column mean, and counts them', () => {
    const text = 'a,b\n1,2\n,4\n5,NaN\n7,8\n'
    const dropped = parseCsv(text, { missing: 'drop' })
    expect(Array.from(dropped.x.data)).toEqual([1, 2, 7, 8])
    expect(dropped).toMatchObject({ rowCount: 2, droppedRows: 2, imputedCells: 0 })
    const imputed = parseCsv(text, { missing: 'impute-mean' })
    // Column means over the present cells: a = (1 + 5 + 7) / 3, b = (2 + 4 + 8) / 3.
    expect(Array.from(imputed.x.data)).toEqual([1, 2, Math.fround(13 / 3), 4, 5, Math.fround(14 / 3), 7, 8])
    expect(imputed).toMatchObject({ rowCount: 4, droppedRows: 0, imputedCells: 2 })
  })

  it('names the source, 1-based line and expected column count of a ragged row (E_RAGGED)', () => {
    expect(thrown(() => parseCsv('a,b,c\n1,2,3\n4,5\n', { source: 'beats.csv' }))).toMatchInlineSnapshot(`
      {
        "code": "E_RAGGED",
        "message": "parseCsv(): beats.csv line 3 has 2 columns; expected 3 (as on line 1). Give every row the same number of fields.",
      }
    `)
  })

  it('names line and column of a non-numeric, an empty and a NaN cell, and the option that fixes it', () => {
    expect(thrown(() => parseCsv('a,b\n1,2\n3,oops\n', { source: 'x.csv' }))).toMatchInlineSnapshot(`
      {
        "code": "E_PARSE",
        "message": "parseCsv(): x.csv line 3, column 2 ('b') is 'oops', not a number. Fix the cell, or leave the column out with the features option.",
      }
    `)
    expect(thrown(() => parseCsv('a,b\n1,2\n\n3,\n', { source: 'x.csv' }))).toMatchInlineSnapshot(`
      {
        "code": "E_NOT_FINITE",
        "message": "parseCsv(): x.csv line 4, column 2 ('b') is empty; every feature must be a finite number. Set missing: 'drop' to skip such rows or missing: 'impute-mean' to fill them with the column mean.",
      }
    `)
    expect(thrown(() => parseCsv('1,2\nNaN,4\n', { source: 'x.csv' }))).toMatchInlineSnapshot(`
      {
        "code": "E_NOT_FINITE",
        "message": "parseCsv(): x.csv line 2, column 1 ('c1') is 'NaN'; every feature must be a finite number. Set missing: 'drop' to skip such rows or missing: 'impute-mean' to fill them with the column mean.",
      }
    `)
  })

  it('rejects empty input, labels that are not 0/1, unknown columns and bad options', () => {
    expect(thrown(() => parseCsv('', { source: 'empty.csv' }))).toMatchInlineSnapshot(`
      {
        "code": "E_EMPTY",
        "message": "parseCsv(): empty.csv holds no data rows. Pass a CSV with at least one row of numbers.",
      }
    `)
    expect(thrown(() => parseCsv('a,b\n', { source: 'header.csv' }))).toMatchInlineSnapshot(`
      {
        "code": "E_EMPTY",
        "message": "parseCsv(): header.csv holds a header but no data rows. Pass a CSV with at least one row of numbers.",
      }
    `)
    expect(thrown(() => parseCsv('a,label\n1,normal\n2,anomaly\n', { label: 'label' }))).toMatchInlineSnapshot(`
      {
        "code": "E_LABELS",
        "message": "parseCsv(): input line 2, label column 2 ('label') is 'normal'; without the normal option labels must be 0 (normal) or 1 (anomaly). Set normal to the value that means normal (e.g. normal: 'normal') to map the others to anomalies.",
      }
    `)
    expect(thrown(() => parseCsv('a,b\n1,2\n', { label: 'class' }))).toMatchInlineSnapshot(`
      {
        "code": "E_OPTION",
        "message": "parseCsv(): label column 'class' is not in input; its columns are a, b.",
      }
    `)
    expect(thrown(() => parseCsv('1,2\n3,4\n', { label: 5 }))).toMatchInlineSnapshot(`
      {
        "code": "E_OPTION",
        "message": "parseCsv(): label column index 5 is out of range; input has 2 columns (0 … 1, or -1 for the last).",
      }
    `)
    expect(thrown(() => parseCsv('1,2\n', { header: 'yes' as never }))).toMatchInlineSnapshot(`
      {
        "code": "E_OPTION",
        "message": "parseCsv(): header is "yes"; expected one of 'auto' | true | false.",
      }
    `)
    expect(thrown(() => parseCsv('1,2\n', { missing: 'zero' as never }))).toMatchInlineSnapshot(`
      {
        "code": "E_OPTION",
        "message": "parseCsv(): missing is 'zero'; expected one of 'error' | 'drop' | 'impute-mean'.",
      }
    `)
  })
})
