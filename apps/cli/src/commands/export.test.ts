import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { readCsv } from '@aedetect/datasets/node'
import { detectorFromFile } from '@aedetect/detector'
import { loadDetector } from '@aedetect/detector/node'
import { initBackend } from '@aedetect/models'
import * as tf from '@tensorflow/tfjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { aedetect, lastLine } from '../_run-cli'

// `export` of the built binary (cpu backend): a detector trained for 3 epochs (seed 0) on the bundled ECG5000,
// written as one file, read back with detectorFromFile in this process (cpu too) and compared with the folder on
// the 4 beats of fixtures/beats.csv. The scratch folder is nested in this package, never near the temporary folder.

const cliRoot = fileURLToPath(new URL('../..', import.meta.url))
const beats = fileURLToPath(new URL('../fixtures/beats.csv', import.meta.url))
let dir: string
let model: string

beforeAll(async () => {
  await initBackend({ backend: 'cpu' })
  dir = await mkdtemp(join(cliRoot, '.test-scratch-export-'))
  model = join(dir, 'model')
  const train = await aedetect(['train', '--data', 'ecg5000', '--seed', '0', '--epochs', '3', '--out', model, '--json'])
  expect(train.code, train.stderr).toBe(0)
}, 300_000)

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true })
})

describe('aedetect export', () => {
  it('writes the single-file artifact; read back, it scores as the folder does (bit for bit on cpu)', async () => {
    const out = join(dir, 'model.aedetect.json')
    const run = await aedetect(['export', '--model', model, '--out', out, '--json'])
    expect(run.code, run.stderr).toBe(0)
    const text = await readFile(out, 'utf8')
    expect(JSON.parse(run.stdout)).toEqual({ model, out, format: 'aedetect-detector-file', bytes: Buffer.byteLength(text) })
    const before = tf.memory().numTensors
    const fromFolder = await loadDetector(model)
    const fromFile = await detectorFromFile(text)
    const table = await readCsv(beats, { header: false })
    const x = { data: table.x.data, shape: [table.x.shape[0], ...fromFolder.state.sampleShape] }
    const a = await fromFolder.score(x)
    const b = await fromFile.score(x)
    expect(a).toHaveLength(4)
    expect(Array.from(b)).toEqual(Array.from(a))
    expect(fromFile.threshold).toEqual(fromFolder.threshold)
    fromFolder.dispose()
    fromFile.dispose()
    expect(tf.memory().numTensors).toBe(before)
    // The write went through a temporary beside the file, renamed into place: none is left.
    expect((await readdir(dir)).filter((name) => name.endsWith('.tmp'))).toEqual([])
  })

  it('replaces a file it wrote, and refuses any other file, leaving it untouched', async () => {
    const out = join(dir, 'again.json')
    expect((await aedetect(['export', '--model', model, '--out', out])).code).toBe(0)
    expect((await aedetect(['export', '--model', model, '--out', out])).code).toBe(0)
    const notes = join(dir, 'notes.txt')
    await writeFile(notes, 'my notes\n')
    const refused = await aedetect(['export', '--model', model, '--out', notes])
    expect(refused.code).toBe(2)
    expect(lastLine(refused.stderr).replace(dir, '<dir>')).toMatchInlineSnapshot(`"aedetect: --out <dir>/notes.txt: a file of that name exists and is not a single-file detector aedetect wrote (no "format": "aedetect-detector-file" or "aedetect-window-detector-file" at its start); aedetect replaces only files it wrote. Pass a new file name, e.g. --out model.aedetect.json, or move the file away."`)
    expect(await readFile(notes, 'utf8')).toBe('my notes\n')
  })

  it('refuses an output inside the model folder and names a missing model folder', async () => {
    const inside = await aedetect(['export', '--model', model, '--out', join(model, 'one.json')])
    expect(inside.code).toBe(2)
    expect(lastLine(inside.stderr).replaceAll(dir, '<dir>')).toMatchInlineSnapshot(`"aedetect: --out <dir>/model/one.json: this is inside the --model folder <dir>/model; writing there could overwrite it. Pass an output file outside it."`)
    const missing = await aedetect(['export', '--model', join(dir, 'nope'), '--out', join(dir, 'nope.json')])
    expect(missing.code).toBe(4)
    expect(lastLine(missing.stderr).replaceAll(dir, '<dir>')).toMatchInlineSnapshot(`"aedetect: loadDetector(): <dir>/nope is not a folder. Pass the folder written by 'aedetect train' or saveDetector()."`)
  })
})
