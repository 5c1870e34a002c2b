import { cp, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { expectRun, removeFolder, runIn, smallTable, tempFolder } from './_reliability'

// Issue #16, items 17 and 12: the human report goes to stdout (so `aedetect evaluate … > report.txt`
// works), diagnostics to stderr, the backend line only on a terminal or with --verbose; and no control
// character from a CSV header, a model file or an argument reaches the terminal raw.

let dir: string
const csv = ['--csv', 't.csv', '--label', 'label']
// ESC, BEL, NUL and a newline: a terminal would recolour, retitle, clear or break the line on them.
const RAW_CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f]/

beforeAll(async () => {
  dir = await tempFolder()
  await writeFile(join(dir, 't.csv'), smallTable())
  const train = await runIn(dir, ['train', ...csv, '--epochs', '1', '--out', 'model'])
  expect(train.code).toBe(0)
  await cp(join(dir, 'model'), join(dir, 'evil-names'), { recursive: true })
  const record = JSON.parse(await readFile(join(dir, 'model', 'detector.json'), 'utf8')) as { featureNames: string[] }
  record.featureNames[0] = 'a\u001b[2J\u0007'
  await writeFile(join(dir, 'evil-names', 'detector.json'), JSON.stringify(record))
  await cp(join(dir, 'model'), join(dir, 'evil-format'), { recursive: true })
  await writeFile(join(dir, 'evil-format', 'detector.json'), JSON.stringify({ ...record, format: '\u001b]0;owned\u0007' }))
  await writeFile(join(dir, 'ansi-header.csv'), 'a,b,\u001b[31mred\u001b[0m\n0.1,0.2,0.3\n')
  await writeFile(join(dir, 'nul-header.csv'), 'a,b,c\u0000x\n0.1,0.2,0.3\n')
  await writeFile(join(dir, 'newline-header.csv'), 'a,b,"c\nd"\n0.1,0.2,0.3\n')
  await writeFile(join(dir, 'ansi-cell.csv'), 'a,b,c\n0.1,\u001b[31m0.2,0.3\n')
})

afterAll(async () => removeFolder(dir))

describe('the human report is on stdout, diagnostics on stderr (item 17)', () => {
  test.each([
    ['train', ['train', ...csv, '--epochs', '1', '--out', 'model'], /^\naedetect on CSV t\.csv\n {2}split: train \d+ normal, validation \d+ normal \+ \d+ training anomalies \(threshold only\), test \d+ normal \/ \d+ anomalous\n[\s\S]*\n {2}detector saved to model — score a CSV with: aedetect score --model model --input FILE\.csv\n$/, ['model']],
    ['evaluate', ['evaluate', '--model', 'model', ...csv], /^\nCSV t\.csv: detector model on \d+ test samples \(\d+ normal, \d+ anomalous; seeded-stratified split, seed 42\)\n {2}ROC-AUC [\d.]+ {3}average precision [\d.]+\n[\s\S]*youden/, []],
    ['explain', ['explain', '--model', 'model', '--input', 't.csv', '--label', 'label'], /^t\.csv: \d+ of 120 samples flagged \(threshold [\d.e+-]+\)\n/, []],
    ['report', ['report', '--model', 'model', ...csv, '--out', 'r.html'], /^PCA baseline \(same split\): ROC-AUC [\d.]+, average precision [\d.]+, F1 [\d.]+ at its own threshold; the autoencoder: ROC-AUC [\d.]+, F1 [\d.]+\nreport written to r\.html \(\d+ kB, 8 figures\) and r\.md\n$/, ['r.html', 'r.md']],
    ['datasets', ['datasets'], /^data directory: \(none: the bundled ECG5000 only\)\n {2}ecg5000 \(bundled\) {2}2 files verified\n {4}--data ecg5000 +\[5000, 140\] {2}2919 normal, 2081 anomalous\n$/, []],
  ])('%s', async (_name, args, stdout, outputs) => {
    const run = await expectRun(dir, args as string[], { code: 0, outputs: outputs as string[] })
    expect(run.stdout).toMatch(stdout as RegExp)
    // Not a terminal and no --verbose: no backend line, no progress (and no chart library warning: the
  // loss chart of a 1-epoch run has as many series as points, which Plot warns about unless z is set).
    expect(run.stderr).toBe('')
  })

  test('score: the scores on stdout, the summary on stderr', async () => {
    const run = await expectRun(dir, ['score', '--model', 'model', '--input', 't.csv', '--label', 'label'], { code: 0 })
    expect(run.stdout.split('\n')[0]).toBe('row,score,anomaly')
    expect(run.stderr).toMatch(/^120 rows scored, \d+ anomalous \(threshold [\d.e+-]+\)\n$/)
  })

  test('--json prints one JSON document on stdout and nothing on stderr', async () => {
    const run = await expectRun(dir, ['evaluate', '--model', 'model', ...csv, '--json'], { code: 0 })
    expect(JSON.parse(run.stdout).model).toBe('model')
    expect(run.stderr).toBe('')
  })

  test('--verbose prints the backend line on stderr', async () => {
    const run = await expectRun(dir, ['evaluate', '--model', 'model', ...csv, '--verbose'], { code: 0 })
    expect(run.stderr).toMatch(/^backend: cpu; \d+ fast kernels registered\n$/)
    expect(run.stdout).toContain('ROC-AUC')
  })

  test('an error goes to stderr only', async () => {
    const run = await expectRun(dir, ['evaluate', '--model', 'nope', ...csv], { code: 4 })
    expect(run.stdout).toBe('')
    expect(run.stderr.split('\n').length).toBe(2)
  })
})

describe('control characters are escaped in every message (item 12)', () => {
  test.each([
    ['an ANSI colour in a CSV header', ['score', '--model', 'model', '--input', 'ansi-header.csv'], "aedetect: ansi-header.csv: the header has no column 'c'; the detector in model was trained on a, b, c. Add the column, rename it, or pass --by-position to match columns by position.", 3],
    ['an ANSI colour in a header column that is no feature', ['score', '--model', 'model', '--input', 'ansi-header.csv', '--by-position'], undefined, 0],
    ['a NUL byte in a CSV header', ['train', '--csv', 'nul-header.csv', '--label', '2', '--epochs', '1', '--out', 'm2'], "aedetect: readCsv(): nul-header.csv line 2, label column 3 ('c\\x00x') is '0.3'; without --normal labels must be 0 (normal) or 1 (anomaly). Pass --normal '0.3' (the value that means normal) to map the others to anomalies.", 3],
    ['a newline in a quoted header', ['train', '--csv', 'newline-header.csv', '--label', 'zz', '--epochs', '1', '--out', 'm2'], "aedetect: readCsv(): label column 'zz' is not in newline-header.csv; its columns are a, b, c\\x0ad.", 2],
    ['an ANSI escape in a cell', ['score', '--model', 'model', '--input', 'ansi-cell.csv'], "aedetect: streamCsv(): ansi-cell.csv line 2, column 2 ('b') is '\\x1b[31m0.2', not a number. Fix the cell, or leave the column out with --features.", 3],
    ['escapes in the detector\'s feature names', ['score', '--model', 'evil-names', '--input', 't.csv', '--label', 'label'], "aedetect: t.csv: the header has no column 'a\\x1b[2J\\x07'; the detector in evil-names was trained on a\\x1b[2J\\x07, b, c. Add the column, rename it, or pass --by-position to match columns by position.", 3],
    ['escapes in the detector\'s format field', ['score', '--model', 'evil-format', '--input', 't.csv', '--label', 'label'], 'aedetect: evil-format/detector.json has format "\\u001b]0;owned\\u0007"; expected "aedetect-detector". This folder was not written by aedetect\'s saveDetector(); point at a folder made by \'aedetect train\'.', 4],
    ['escapes in a --data argument', ['train', '--data', 'nope\u001b[31m:x'], "aedetect: --data nope\\x1b[31m:x: unknown source 'nope\\x1b[31m'; expected one of ecg5000 | mnist:<class> | fashion-mnist:<class> | nab:<series> | odds:<table> | smd:<machine> | synthetic:table | synthetic:series, or --csv FILE --label COLUMN.", 2],
    ['escapes in a file name', ['score', '--model', 'model', '--input', 'x\u001b[31m.csv'], /^aedetect: streamCsv\(\): x\\x1b\[31m\.csv does not exist\. Check the path \(relative paths start at .+\)\.$/, 3],
  ])('%s', async (_name, args, line, code) => {
    const run = await expectRun(dir, args as string[], { code: code as number, ...(line === undefined ? {} : { line: line as string | RegExp }) })
    expect(run.stderr.trimEnd()).not.toMatch(RAW_CONTROL)
  })

  test('escapes in an unknown option name (commander\'s own message)', async () => {
    const run = await expectRun(dir, ['train', '--x\u001b[31m'], { code: 2 })
    expect(run.stderr.split('\n')[0]).toBe("error: unknown option '--x\\x1b[31m'")
    expect(run.stderr.replace(/\n/g, '')).not.toMatch(RAW_CONTROL)
  })
})
