import { gzipSync } from 'node:zlib'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { expectRun, removeFolder, runIn, smallTable, tempFolder } from './_reliability'

// Issue #16, items 6 and 8, and the CSV cases that already held: every malformed file exits 3 with one
// line naming the file, the line and the column; nothing in the working folder changes.

let dir: string
const h = 'a,b,c,label'
const table = smallTable()
// The same rows with the columns in another order (c, a, b, label), and with a renamed column.
const reordered = table.trim().split('\n').map((line) => {
  const [a, b, c, label] = line.split(',')
  return [c, a, b, label].join(',')
}).join('\n')
const renamed = table.replace(/^a,b,c,label/, 'x,y,z,label')

const files: Record<string, string | Buffer> = {
  'big.csv': `${h}\n0.1,0.2,0.3,0\n0.1,1e300,0.3,0\n`,
  'negbig.csv': `${h}\n0.1,0.2,-1e39,0\n`,
  'edge.csv': `${h}\n0.1,3.4e38,0.3,0\n`,
  'ragged.csv': `${h}\n0.1,0.2,0.3,0\n0.1,0.2,0\n`,
  'long-row.csv': `${h}\n0.1,0.2,0.3,0\n0.1,0.2,0.3,0,9\n`,
  'nan.csv': `${h}\n0.1,NaN,0.3,0\n`,
  'empty-cell.csv': `${h}\n0.1,,0.3,0\n`,
  'inf.csv': `${h}\n0.1,0.2,inf,0\n`,
  'minus-infinity.csv': `${h}\n-Infinity,0.2,0.3,0\n`,
  'oops.csv': `${h}\n0.1,0.2,0.3,0\n0.1,oops,0.3,0\n`,
  'empty.csv': '',
  'blank-lines.csv': '\n\n\n',
  'header-only.csv': `${h}\n`,
  'open-quote.csv': `${h}\n0.1,"0.2,0.3,0\n`,
  'renamed-one.csv': 'a,b,x,label\n0.1,0.2,0.3,0\n',
  'extra.csv': 'a,b,c,d,label\n0.1,0.2,0.3,0.4,0\n',
  'missing-two.csv': 'a,label\n0.1,0\n',
  'no-header-4.csv': '0.1,0.2,0.3,0.4\n',
  'no-header-2.csv': '0.1,0.2\n0.3,0.4\n',
  'label-2.csv': `${h}\n0.1,0.2,0.3,2\n0.2,0.2,0.3,0\n`,
  'label-empty.csv': `${h}\n0.1,0.2,0.3,\n`,
  't.csv': table,
  'reordered.csv': `${reordered}\n`,
  'renamed.csv': renamed,
  'bom.csv': `\ufeff${table}`,
  'crlf.csv': table.replace(/\n/g, '\r\n'),
  'quoted.csv': table.split('\n').map((line) => line.split(',').map((cell) => (cell === '' ? cell : `"${cell}"`)).join(',')).join('\n'),
  'semicolon.csv': table.replace(/,/g, ';'),
  'tabs.csv': table.replace(/,/g, '\t'),
  'trailing-blank.csv': `${table}\n\n`,
  't.csv.gz': gzipSync(table),
  'garbage.gz': Buffer.from([0x1f, 0x8b, 0x08, 0x00, 1, 2, 3, 4, 5, 6]),
}

let baseline: string

beforeAll(async () => {
  dir = await tempFolder()
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text)
  const train = await runIn(dir, ['train', '--csv', 't.csv', '--label', 'label', '--epochs', '1', '--out', 'model'])
  expect(train.code).toBe(0)
  const run = await runIn(dir, ['score', '--model', 'model', '--input', 't.csv', '--label', 'label'])
  expect(run.code).toBe(0)
  baseline = run.stdout
  expect(baseline.trim().split('\n').length).toBe(121)
})

afterAll(async () => removeFolder(dir))

const score = (file: string, ...rest: string[]) => ['score', '--model', 'model', '--input', file, '--label', 'label', ...rest]

describe('malformed CSV files are refused with file, line and column (exit 3)', () => {
  test.each([
    ['a value beyond float32 (1e300), item 8', score('big.csv'), "aedetect: streamCsv(): big.csv line 3, column 2 ('b') is '1e300', beyond the float32 range (±3.4e38) that samples are stored in. Rescale the column, or leave it out with --features."],
    ['a negative value beyond float32 (-1e39), item 8', score('negbig.csv'), "aedetect: streamCsv(): negbig.csv line 2, column 3 ('c') is '-1e39', beyond the float32 range (±3.4e38) that samples are stored in. Rescale the column, or leave it out with --features."],
    ['training on a value beyond float32, item 8', ['train', '--csv', 'big.csv', '--label', 'label', '--epochs', '1', '--out', 'm2'], "aedetect: readCsv(): big.csv line 3, column 2 ('b') is '1e300', beyond the float32 range (±3.4e38) that samples are stored in. Rescale the column, or leave it out with --features."],
    ['a short row', score('ragged.csv'), 'aedetect: streamCsv(): ragged.csv line 3 has 3 columns; expected 4 (as on line 1). Give every row the same number of fields.'],
    ['a long row', score('long-row.csv'), 'aedetect: streamCsv(): long-row.csv line 3 has 5 columns; expected 4 (as on line 1). Give every row the same number of fields.'],
    ['a NaN cell', score('nan.csv'), "aedetect: streamCsv(): nan.csv line 2, column 2 ('b') is 'NaN'; every feature must be a finite number. Fix the cell, remove the row, or leave the column out with --features."],
    ['an empty cell', score('empty-cell.csv'), "aedetect: streamCsv(): empty-cell.csv line 2, column 2 ('b') is empty; every feature must be a finite number. Fix the cell, remove the row, or leave the column out with --features."],
    ['an inf cell', score('inf.csv'), "aedetect: streamCsv(): inf.csv line 2, column 3 ('c') is 'inf'; every feature must be a finite number. Fix the cell, remove the row, or leave the column out with --features."],
    ['a -Infinity cell', score('minus-infinity.csv'), "aedetect: streamCsv(): minus-infinity.csv line 2, column 1 ('a') is '-Infinity'; every feature must be a finite number. Fix the cell, remove the row, or leave the column out with --features."],
    ['a word in a number column', score('oops.csv'), "aedetect: streamCsv(): oops.csv line 3, column 2 ('b') is 'oops', not a number. Fix the cell, or leave the column out with --features."],
    ['an empty file', score('empty.csv'), 'aedetect: streamCsv(): empty.csv holds no data rows. Pass a CSV with at least one row of numbers.'],
    ['a file of blank lines', score('blank-lines.csv'), 'aedetect: streamCsv(): blank-lines.csv holds no data rows. Pass a CSV with at least one row of numbers.'],
    ['a header without rows', score('header-only.csv'), 'aedetect: streamCsv(): header-only.csv holds a header but no data rows. Pass a CSV with at least one row of numbers.'],
    ['an unclosed quote', score('open-quote.csv'), 'aedetect: streamCsv(): open-quote.csv line 2: a quoted cell opened on this line is never closed. Check the quoting of that line.'],
    ['too many columns without a header', ['score', '--model', 'model', '--input', 'no-header-4.csv'], 'aedetect: no-header-4.csv: rows have 4 feature columns; the detector in model was trained on 3. Pass the same feature columns as at training (use --label to leave a label column out).'],
    ['too few columns without a header', ['score', '--model', 'model', '--input', 'no-header-2.csv'], 'aedetect: no-header-2.csv: rows have 2 feature columns; the detector in model was trained on 3. Pass the same feature columns as at training (use --label to leave a label column out).'],
    ['a truncated gzip file', score('garbage.gz'), 'aedetect: streamCsv(): garbage.gz is not a complete gzip file (unexpected end of file). Pass an uncompressed CSV, or a .gz file that gunzip reads.'],
    ['training on a truncated gzip file', ['train', '--csv', 'garbage.gz', '--label', 'label', '--epochs', '1', '--out', 'm2'], 'aedetect: readCsv(): garbage.gz is not a complete gzip stream (invalid gzip data; 10 bytes read). The file is truncated or damaged: copy it again and check its SHA256SUMS entry.'],
    ['a label value other than 0/1 without --normal', ['train', '--csv', 'label-2.csv', '--label', 'label', '--epochs', '1', '--out', 'm2'], "aedetect: readCsv(): label-2.csv line 2, label column 4 ('label') is '2'; without --normal labels must be 0 (normal) or 1 (anomaly). Pass --normal '2' (the value that means normal) to map the others to anomalies."],
    ['an empty label', ['train', '--csv', 'label-empty.csv', '--label', 'label', '--epochs', '1', '--out', 'm2'], "aedetect: readCsv(): label-empty.csv line 2, label column 4 ('label') is empty. Fill in the label, or pass --missing drop to skip such rows."],
  ])('%s', async (_name, args, line) => {
    const run = await expectRun(dir, args, { code: 3, line })
    expect(run.stdout).toBe('')
  })

  test.each([
    ['an unknown --label column', ['train', '--csv', 't.csv', '--label', 'nope', '--epochs', '1', '--out', 'm2'], "aedetect: readCsv(): label column 'nope' is not in t.csv; its columns are a, b, c, label."],
    ['an unknown --features column', ['train', '--csv', 't.csv', '--label', 'label', '--features', 'a,zz', '--epochs', '1', '--out', 'm2'], "aedetect: readCsv(): feature column 'zz' is not in t.csv; its columns are a, b, c, label."],
    ['a label name in a file without a header', score('no-header-4.csv'), "aedetect: streamCsv(): label column 'label' is not in no-header-4.csv; it has no header row, so choose columns by 0-based index."],
    ['a --label index out of range', ['train', '--csv', 't.csv', '--label', '9', '--epochs', '1', '--out', 'm2'], 'aedetect: readCsv(): label column index 9 is out of range; t.csv has 4 columns (0 … 3, or -1 for the last).'],
  ])('%s is a usage error (exit 2)', async (_name, args, line) => {
    await expectRun(dir, args, { code: 2, line })
  })
})

describe('score matches columns by header name (item 6)', () => {
  test.each([
    ['a renamed column', score('renamed-one.csv'), "aedetect: renamed-one.csv: the header has no column 'c'; the detector in model was trained on a, b, c. Add the column, rename it, or pass --by-position to match columns by position."],
    ['an extra column', score('extra.csv'), "aedetect: extra.csv: column 'd' is not a feature of the detector in model (trained on a, b, c). Remove it, name it with --label if it is the label, or pass --by-position to match columns by position."],
    ['two missing columns', ['score', '--model', 'model', '--input', 'missing-two.csv', '--label', 'label'], "aedetect: missing-two.csv: the header has no column 'b' (and 1 more missing); the detector in model was trained on a, b, c. Add the column, rename it, or pass --by-position to match columns by position."],
    ['the label column left in', ['score', '--model', 'model', '--input', 't.csv'], "aedetect: t.csv: column 'label' is not a feature of the detector in model (trained on a, b, c). Remove it, name it with --label if it is the label, or pass --by-position to match columns by position."],
  ])('%s is an error naming the column', async (_name, args, line) => {
    const run = await expectRun(dir, args, { code: 3, line })
    expect(run.stdout).toBe('')
  })

  test('reordered columns give the same scores as the original order', async () => {
    const run = await expectRun(dir, score('reordered.csv'), { code: 0 })
    expect(run.stdout).toBe(baseline)
  })

  test('--by-position scores renamed columns by position', async () => {
    const run = await expectRun(dir, score('renamed.csv', '--by-position'), { code: 0 })
    expect(run.stdout).toBe(baseline)
  })

  test('--by-position scores reordered columns by position (different scores, no error)', async () => {
    const run = await expectRun(dir, score('reordered.csv', '--by-position'), { code: 0 })
    expect(run.stdout).not.toBe(baseline)
    expect(run.stdout.trim().split('\n').length).toBe(121)
  })
})

describe('well-formed variants of the same table score the same', () => {
  test.each([
    ['a UTF-8 byte-order mark', 'bom.csv'],
    ['CRLF line ends', 'crlf.csv'],
    ['quoted cells', 'quoted.csv'],
    ['semicolons', 'semicolon.csv'],
    ['tabs', 'tabs.csv'],
    ['trailing blank lines', 'trailing-blank.csv'],
    ['gzip', 't.csv.gz'],
  ])('%s', async (_name, file) => {
    const run = await expectRun(dir, score(file), { code: 0 })
    expect(run.stdout).toBe(baseline)
  })

  test('a value at the edge of float32 (3.4e38) is read, and its row flagged', async () => {
    const run = await expectRun(dir, score('edge.csv'), { code: 0 })
    expect(run.stdout.split('\n')[0]).toBe('row,score,anomaly')
    // Scaled by the training range, 3.4e38 overflows float32 inside the detector: the score may be Infinity
    // (the row is then flagged, as it should be); items 4/5 of issue #16 own the scores' numerics.
    expect(run.stdout.split('\n')[1]).toMatch(/^0,(Infinity|[\d.e+]+),1$/)
  })

  test('the fixture itself is unchanged by all of the above', async () => {
    expect(await readFile(join(dir, 't.csv'), 'utf8')).toBe(table)
  })
})
