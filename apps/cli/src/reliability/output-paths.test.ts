import { cp, chmod, mkdir, readdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { expectRun, removeFolder, runIn, smallTable, tempFolder } from './_reliability'

// Issue #16, items 1, 2 and 13: output paths. Every case runs in a fresh working folder holding t.csv (a
// small labelled table) and model/ (a detector trained once, 1 epoch), and asserts the exit code, the
// whole error line and that no file but the declared output changed.

let base: string
const folders: string[] = []
const train = ['train', '--csv', 't.csv', '--label', 'label', '--epochs', '1']

beforeAll(async () => {
  base = await tempFolder()
  await writeFile(join(base, 't.csv'), smallTable())
  const run = await runIn(base, [...train, '--out', 'model'])
  expect(run.code).toBe(0)
})

afterAll(async () => {
  await Promise.all([base, ...folders].map(removeFolder))
})

/** A working folder with t.csv and model/, plus `extra` set up by the case. */
async function caseFolder(extra?: (dir: string) => Promise<void>): Promise<string> {
  const dir = await tempFolder()
  folders.push(dir)
  await cp(join(base, 't.csv'), join(dir, 't.csv'))
  await cp(join(base, 'model'), join(dir, 'model'), { recursive: true })
  await extra?.(dir)
  return dir
}

const foreign = async (dir: string) => {
  await mkdir(join(dir, 'photos'))
  await writeFile(join(dir, 'photos', 'holiday.jpg'), 'not a detector')
}

describe('train --out refuses anything but a new, empty or aedetect detector folder (item 1)', () => {
  test.each([
    ['the training CSV itself', ['--out', 't.csv'], undefined, 'aedetect: --out t.csv: this is the input --csv t.csv; saving the detector would delete it. Pass another folder, e.g. --out aedetect-model.'],
    ['the working folder', ['--out', '.'], undefined, 'aedetect: --out .: this is the working folder; saving there would delete everything in it. Pass a new folder name, e.g. --out aedetect-model.'],
    ['the working folder, spelled ./', ['--out', './'], undefined, 'aedetect: --out ./: this is the working folder; saving there would delete everything in it. Pass a new folder name, e.g. --out aedetect-model.'],
    ['a folder of unrelated files', ['--out', 'photos'], foreign, 'aedetect: --out photos: the folder holds files that are not an aedetect detector (no detector.json of format "aedetect-detector"); aedetect replaces only folders it wrote. Pass a new or empty folder, or remove this one yourself.'],
    ['a regular file', ['--out', 'notes.txt'], async (d: string) => writeFile(join(d, 'notes.txt'), 'keep me'), 'aedetect: --out notes.txt: a file of that name exists and is not a detector folder; aedetect replaces only folders it wrote. Pass a new folder name, or move the file away.'],
    ['a folder with a foreign detector.json', ['--out', 'other'], async (d: string) => { await mkdir(join(d, 'other')); await writeFile(join(d, 'other', 'detector.json'), '{"format":"someone-else"}') }, 'aedetect: --out other: the folder holds files that are not an aedetect detector (no detector.json of format "aedetect-detector"); aedetect replaces only folders it wrote. Pass a new or empty folder, or remove this one yourself.'],
    ['a folder with an unreadable detector.json', ['--out', 'broken'], async (d: string) => { await mkdir(join(d, 'broken')); await writeFile(join(d, 'broken', 'detector.json'), '{not json') }, 'aedetect: --out broken: the folder holds files that are not an aedetect detector (no detector.json of format "aedetect-detector"); aedetect replaces only folders it wrote. Pass a new or empty folder, or remove this one yourself.'],
    ['a path under a regular file', ['--out', 'notes.txt/model'], async (d: string) => writeFile(join(d, 'notes.txt'), 'keep me'), 'aedetect: --out notes.txt/model: notes.txt is a file, not a folder. Pass a folder path whose parent is a folder.'],
  ])('%s', async (_name, args, setup, line) => {
    const dir = await caseFolder(setup)
    const run = await expectRun(dir, [...train, ...args], { code: 2, line })
    expect(run.stdout).toBe('')
  })

  test('an ancestor of the working folder', async () => {
    // Nested: '..' is this case's own folder, never the system temp folder (see Expectation.root).
    const dir = await caseFolder(async (d) => {
      await mkdir(join(d, 'inner'))
      await cp(join(d, 't.csv'), join(d, 'inner', 't.csv'))
    })
    await expectRun(join(dir, 'inner'), [...train, '--out', '..'], { code: 2, root: dir, line: 'aedetect: --out ..: this is the working folder or one of its ancestors; saving there would delete everything in it. Pass a new folder name, e.g. --out aedetect-model.' })
  })

  test('a folder holding the training CSV', async () => {
    const dir = await caseFolder(async (d) => {
      await mkdir(join(d, 'data'))
      await cp(join(d, 't.csv'), join(d, 'data', 't.csv'))
    })
    await expectRun(dir, ['train', '--csv', 'data/t.csv', '--label', 'label', '--epochs', '1', '--out', 'data'], { code: 2, line: 'aedetect: --out data: this folder holds the input --csv data/t.csv; saving the detector would delete it. Pass another folder, e.g. --out aedetect-model.' })
  })

  test('the --split-file', async () => {
    const dir = await caseFolder(async (d) => writeFile(join(d, 'split.json'), JSON.stringify({ trainRows: [1, 2, 3], testRows: [0, 10] })))
    await expectRun(dir, [...train, '--split-file', 'split.json', '--out', 'split.json'], { code: 2, line: 'aedetect: --out split.json: this is the input --split-file split.json; saving the detector would delete it. Pass another folder, e.g. --out aedetect-model.' })
  })

  test('the --config file', async () => {
    const dir = await caseFolder(async (d) => writeFile(join(d, 'run.json'), JSON.stringify({ epochs: 1 })))
    await expectRun(dir, ['train', '--csv', 't.csv', '--label', 'label', '--config', 'run.json', '--out', 'run.json'], { code: 2, line: 'aedetect: --out run.json: this is the input --config run.json; saving the detector would delete it. Pass another folder, e.g. --out aedetect-model.' })
  })

  test('is checked before any training: a refused --out with a bad CSV still names --out', async () => {
    const dir = await caseFolder()
    await expectRun(dir, ['train', '--csv', 'missing.csv', '--label', 'label', '--out', '.'], { code: 2, line: 'aedetect: --out .: this is the working folder; saving there would delete everything in it. Pass a new folder name, e.g. --out aedetect-model.' })
  })

  test.each([
    ['a new folder', 'fresh', undefined],
    ['an empty folder', 'empty', async (d: string) => mkdir(join(d, 'empty'))],
    ['a detector folder aedetect wrote (replaced)', 'model', undefined],
  ])('accepts %s and changes nothing else', async (_name, out, setup) => {
    const dir = await caseFolder(setup)
    await expectRun(dir, [...train, '--out', out], { code: 0, outputs: [out] })
    expect((await readdir(join(dir, out))).sort()).toEqual(['detector.json', 'experiment.json', 'model.json', 'weights.bin'])
  })
})

describe('score --output and report --out / --summary never overwrite an input or each other (item 2)', () => {
  test.each([
    ['score --output is the input CSV', ['score', '--model', 'model', '--input', 't.csv', '--label', 'label', '--output', 't.csv'], 'aedetect: --output t.csv: this is the input --input; writing there would overwrite it. Pass another output file.'],
    ['score --output is the input CSV by another spelling', ['score', '--model', 'model', '--input', 't.csv', '--label', 'label', '--output', './t.csv'], 'aedetect: --output ./t.csv: this is the input --input; writing there would overwrite it. Pass another output file.'],
    ['score --output inside the detector folder', ['score', '--model', 'model', '--input', 't.csv', '--label', 'label', '--output', 'model/detector.json'], 'aedetect: --output model/detector.json: this is inside the --model folder model; writing there could overwrite it. Pass an output file outside it.'],
    ['report --out is the input CSV', ['report', '--model', 'model', '--csv', 't.csv', '--label', 'label', '--out', 't.csv'], 'aedetect: --out t.csv: this is the input --csv; writing there would overwrite it. Pass another output file.'],
    ['report --summary is the input CSV', ['report', '--model', 'model', '--csv', 't.csv', '--label', 'label', '--out', 'r.html', '--summary', 't.csv'], 'aedetect: --summary t.csv: this is the input --csv; writing there would overwrite it. Pass another output file.'],
    ['report --summary equals --out', ['report', '--model', 'model', '--csv', 't.csv', '--label', 'label', '--out', 'r.html', '--summary', 'r.html'], 'aedetect: --summary r.html: the same file as --out r.html; one would overwrite the other. Pass two different files.'],
    ['report --out inside the detector folder', ['report', '--model', 'model', '--csv', 't.csv', '--label', 'label', '--out', 'model/model.json'], 'aedetect: --out model/model.json: this is inside the --model folder model; writing there could overwrite it. Pass an output file outside it.'],
    ['report --out ending in .md whose default summary is itself', ['report', '--model', 'model', '--csv', 't.csv', '--label', 'label', '--out', 't.csv.md', '--summary', 't.csv.md'], 'aedetect: --summary t.csv.md: the same file as --out t.csv.md; one would overwrite the other. Pass two different files.'],
  ])('%s', async (_name, args, line) => {
    const dir = await caseFolder()
    const run = await expectRun(dir, args, { code: 2, line })
    expect(run.stdout).toBe('')
  })

  test('score --output elsewhere writes that file only', async () => {
    const dir = await caseFolder()
    await expectRun(dir, ['score', '--model', 'model', '--input', 't.csv', '--label', 'label', '--output', 'scores.csv'], { code: 0, outputs: ['scores.csv'] })
    const lines = (await readFile(join(dir, 'scores.csv'), 'utf8')).trim().split('\n')
    expect(lines[0]).toBe('row,score,anomaly')
    expect(lines.length).toBe(121)
  })

  test('report writes the HTML file and its summary only, each holding its own format', async () => {
    const dir = await caseFolder()
    await expectRun(dir, ['report', '--model', 'model', '--csv', 't.csv', '--label', 'label', '--out', 'r.html'], { code: 0, outputs: ['r.html', 'r.md'] })
    expect((await readFile(join(dir, 'r.html'), 'utf8')).startsWith('<!doctype html>') || (await readFile(join(dir, 'r.html'), 'utf8')).startsWith('<!DOCTYPE html>')).toBe(true)
    expect(await readFile(join(dir, 'r.md'), 'utf8')).toMatch(/^# /)
  })

  test('a failed score leaves no output and no temporary file', async () => {
    const dir = await caseFolder(async (d) => writeFile(join(d, 'short.csv'), '1,2\n3,4\n'))
    await expectRun(dir, ['score', '--model', 'model', '--input', 'short.csv', '--output', 'scores.csv'], { code: 3, line: 'aedetect: short.csv: rows have 2 feature columns; the detector in model was trained on 3. Pass the same feature columns as at training (use --label to leave a label column out).' })
  })
})

describe('unwritable or unreadable paths give the data/IO exit code and name the path (item 13)', () => {
  const root = process.getuid?.() === 0
  test.each([
    ['score --output in a missing folder', ['score', '--model', 'model', '--input', 't.csv', '--label', 'label', '--output', 'nowhere/s.csv'], 'aedetect: --output nowhere/s.csv: the folder nowhere does not exist. Create it first, or pass a path in an existing folder.'],
    ['score --output is a folder', ['score', '--model', 'model', '--input', 't.csv', '--label', 'label', '--output', 'out'], 'aedetect: --output out: this is a folder, not a file. Pass a file path, e.g. out/out.csv.'],
    ['score --output under a regular file', ['score', '--model', 'model', '--input', 't.csv', '--label', 'label', '--output', 't.csv/s.csv'], 'aedetect: --output t.csv/s.csv: t.csv is a file, not a folder. Pass a path in an existing folder.'],
    ['score --input is a folder', ['score', '--model', 'model', '--input', 'out'], 'aedetect: streamCsv(): out is a folder, not a CSV file. Pass the path of a file.'],
    ['score --input is missing', ['score', '--model', 'model', '--input', 'gone.csv'], /^aedetect: streamCsv\(\): gone\.csv does not exist\. Check the path \(relative paths start at .+\)\.$/],
    ['report --out in a missing folder', ['report', '--model', 'model', '--csv', 't.csv', '--label', 'label', '--out', 'nowhere/r.html'], 'aedetect: --out nowhere/r.html: the folder nowhere does not exist. Create it first, or pass a path in an existing folder.'],
    ['report --out is a folder', ['report', '--model', 'model', '--csv', 't.csv', '--label', 'label', '--out', 'out'], 'aedetect: --out out: this is a folder, not a file. Pass a file path, e.g. out/out.csv.'],
    ['train --csv is a folder', ['train', '--csv', 'out', '--label', 'label', '--epochs', '1', '--out', 'm'], 'aedetect: readCsv(): out is a folder, not a CSV file. Pass the path of a file.'],
    ['explain --input is a folder', ['explain', '--model', 'model', '--input', 'out'], 'aedetect: readCsv(): out is a folder, not a CSV file. Pass the path of a file.'],
  ])('%s', async (_name, args, line) => {
    const dir = await caseFolder(async (d) => mkdir(join(d, 'out')))
    const run = await expectRun(dir, args, { code: 3, line })
    expect(run.stdout).toBe('')
  })

  // As root a chmod 555 folder is still writable; /sys refuses new files with EACCES even to root.
  test('score --output in a read-only folder', async () => {
    const dir = await caseFolder(async (d) => {
      await mkdir(join(d, 'ro'))
      await chmod(join(d, 'ro'), 0o555)
    })
    const target = root ? '/sys/aedetect-scores.csv' : 'ro/s.csv'
    await expectRun(dir, ['score', '--model', 'model', '--input', 't.csv', '--label', 'label', '--output', target], { code: 3, line: `aedetect: --output ${target}: cannot write (EACCES): permission denied; pass a path in a folder you can write to.` })
    await chmod(join(dir, 'ro'), 0o755)
  })

  test('report --out in a read-only folder', async () => {
    const dir = await caseFolder(async (d) => {
      await mkdir(join(d, 'ro'))
      await chmod(join(d, 'ro'), 0o555)
    })
    const target = root ? '/sys/aedetect-report.html' : 'ro/r.html'
    await expectRun(dir, ['report', '--model', 'model', '--csv', 't.csv', '--label', 'label', '--out', target], { code: 3, line: `aedetect: --out ${target}: cannot write (EACCES): permission denied; pass a path in a folder you can write to.` })
    await chmod(join(dir, 'ro'), 0o755)
  })
})
