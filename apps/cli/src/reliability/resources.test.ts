import { createWriteStream } from 'node:fs'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { expectRun, removeFolder, runIn, smallTable, tempFolder } from './_reliability'

// Issue #16, the classes that already held: streaming within a small heap, report escaping, model-folder
// errors and CLI conventions. Kept as regression cases beside the fixed ones.

let dir: string
const rows = 300_000

beforeAll(async () => {
  dir = await tempFolder()
  await writeFile(join(dir, 't.csv'), smallTable())
  await writeFile(join(dir, 'hostile.csv'), smallTable(120, 12, ['<script>alert(1)</script>', 'b&c', '"q"']).replace(/^[^\n]*/, '"<script>alert(1)</script>",b&c,"""q""",label'))
  const train = await runIn(dir, ['train', '--csv', 't.csv', '--label', 'label', '--epochs', '1', '--out', 'model'])
  expect(train.code).toBe(0)
  const hostile = await runIn(dir, ['train', '--csv', 'hostile.csv', '--label', 'label', '--epochs', '1', '--out', 'hostile-model'])
  expect(hostile.code).toBe(0)
  // 300,000 rows (~5.4 MB of text), written in chunks.
  const out = createWriteStream(join(dir, 'big.csv'))
  out.write('a,b,c\n')
  for (let i = 0; i < rows; i += 1000) {
    let chunk = ''
    for (let j = i; j < i + 1000; j++) chunk += `${((j % 20) / 20).toFixed(3)},${((j % 7) / 7).toFixed(3)},${((j % 13) / 13).toFixed(3)}\n`
    out.write(chunk)
  }
  await new Promise<void>((resolve) => out.end(resolve))
}, 300_000)

afterAll(async () => removeFolder(dir))

describe('resources', () => {
  // The figure: a 48 MB heap. The CSV reader read 1 MB chunks, and the records parsed from one chunk
  // (~50,000 rows of strings) made a garbage peak that ran past 48 MB at random once a file had a few hundred
  // thousand rows (300,000 aborted, with name-matched columns). With 256 kB chunks, 1,000,000 rows score in a
  // 48 MB heap (measured: 11 s, peak RSS 150 MB). This case also caught a regression of the column matching:
  // peeking the header with one-row batches doubled the heap.
  test('score streams 300,000 rows within a 48 MB heap', async () => {
    const run = await expectRun(dir, ['score', '--model', 'model', '--input', 'big.csv', '--output', 'big-scores.csv', '--batch-size', '5000'], { code: 0, outputs: ['big-scores.csv'] }, { NODE_OPTIONS: '--max-old-space-size=48' })
    expect(run.stderr).toMatch(/^300000 rows scored, \d+ anomalous \(threshold [\d.e+-]+\); written to big-scores\.csv\n$/)
  })
})

describe('report escaping', () => {
  test('hostile column names are escaped in the HTML report and its summary', async () => {
    await expectRun(dir, ['report', '--model', 'hostile-model', '--csv', 'hostile.csv', '--label', 'label', '--out', 'r.html'], { code: 0, outputs: ['r.html', 'r.md'] })
    const html = await readFile(join(dir, 'r.html'), 'utf8')
    expect(html).not.toContain('<script')
    expect(html).toContain('&lt;script&gt;')
    expect(html).not.toMatch(/<[^>]*\sb&c/)
  })
})

describe('model folder errors exit with the model code (4)', () => {
  test.each([
    ['a missing folder', 'nope', "aedetect: loadDetector(): nope is not a folder. Pass the folder written by 'aedetect train' or saveDetector()."],
    ['a regular file', 't.csv', "aedetect: loadDetector(): t.csv is not a folder. Pass the folder written by 'aedetect train' or saveDetector()."],
    ['a folder without detector.json', '.', "aedetect: loadDetector(): detector.json is missing. A detector folder holds detector.json, model.json and weights.bin; re-save it with 'aedetect train' or saveDetector()."],
  ])('%s', async (_name, model, line) => {
    const run = await expectRun(dir, ['score', '--model', model, '--input', 't.csv', '--label', 'label'], { code: 4, line })
    expect(run.stdout).toBe('')
  })
})

describe('conventions', () => {
  test('--verbose adds the stack trace; without it, one line and no stack', async () => {
    const quiet = await expectRun(dir, ['score', '--model', 'model', '--input', 'gone.csv'], { code: 3 })
    expect(quiet.stderr.trim().split('\n').length).toBe(1)
    const verbose = await expectRun(dir, ['score', '--model', 'model', '--input', 'gone.csv', '--verbose'], { code: 3 })
    expect(verbose.stderr).toMatch(/\n {4}at /)
  })

  test('NO_COLOR: no escape sequence in the report', async () => {
    const run = await expectRun(dir, ['evaluate', '--model', 'model', '--csv', 't.csv', '--label', 'label'], { code: 0 })
    expect(run.stdout).not.toContain('\u001b')
  })

  test('flags on the command line win over the config file', async () => {
    await writeFile(join(dir, 'run.json'), JSON.stringify({ csv: 't.csv', label: 'label', epochs: 1, seed: 5 }))
    const run = await expectRun(dir, ['train', '--config', 'run.json', '--seed', '9', '--out', 'cfg-model', '--json'], { code: 0, outputs: ['cfg-model'] })
    expect(JSON.parse(run.stdout).seed).toBe(9)
  })
})
