import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { readCsv } from '@aedetect/datasets/node'
import { loadDetector } from '@aedetect/detector/node'
import { initBackend } from '@aedetect/models'
import * as tf from '@tensorflow/tfjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { aedetect, lastLine } from '../_run-cli'

// `encode` and `reconstruct` of the built binary (cpu backend) against the library's Detector.encode / reconstruct
// in this process (cpu too), on the 4 beats of fixtures/beats.csv, with a detector trained for 3 epochs.

const beats = fileURLToPath(new URL('../fixtures/beats.csv', import.meta.url))
let dir: string
let model: string

function parseCsv(text: string): { header: string[]; rows: number[][] } {
  const [header, ...lines] = text.trim().split('\n')
  return { header: header.split(','), rows: lines.map((line) => line.split(',').map(Number)) }
}

beforeAll(async () => {
  await initBackend({ backend: 'cpu' })
  dir = await mkdtemp(join(tmpdir(), 'aedetect-encode-'))
  model = join(dir, 'model')
  const train = await aedetect(['train', '--seed', '0', '--epochs', '3', '--out', model, '--json'])
  expect(train.code).toBe(0)
}, 300_000)

afterAll(async () => rm(dir, { recursive: true, force: true }))

async function library(): Promise<{ codes: number[][]; reconstructions: number[][] }> {
  const before = tf.memory().numTensors
  const detector = await loadDetector(model)
  const table = await readCsv(beats, { header: false })
  const x = { data: table.x.data, shape: [table.x.shape[0], ...detector.state.sampleShape] }
  const codes = await detector.encode(x)
  const reconstructions = await detector.reconstruct(x)
  detector.dispose()
  expect(tf.memory().numTensors).toBe(before)
  const rows = (s: { data: Float32Array; shape: number[] }): number[][] => {
    const width = s.data.length / s.shape[0]
    return Array.from({ length: s.shape[0] }, (_, i) => Array.from(s.data.subarray(i * width, (i + 1) * width)))
  }
  return { codes: rows(codes), reconstructions: rows(reconstructions) }
}

describe('aedetect encode', () => {
  it('writes n × code numbers equal to the library\'s encode', async () => {
    const run = await aedetect(['encode', '--model', model, '--input', beats])
    expect(run.code).toBe(0)
    const out = parseCsv(run.stdout)
    const expected = (await library()).codes
    expect(out.rows).toHaveLength(4)
    expect(out.header).toEqual(Array.from({ length: expected[0].length }, (_, i) => `code_${i}`))
    // Same backend and weights: equal up to float32 printing (String of a float32 is exact), so 1e-6 is loose.
    out.rows.forEach((row, i) => {
      expect(row).toHaveLength(expected[i].length)
      row.forEach((v, j) => expect(Math.abs(v - expected[i][j])).toBeLessThanOrEqual(1e-6))
    })
  })

  it('writes --output atomically and says how many rows it encoded', async () => {
    const output = join(dir, 'codes.csv')
    const run = await aedetect(['encode', '--model', model, '--input', beats, '--output', output])
    expect(run.code).toBe(0)
    expect(run.stdout).toBe('')
    expect(parseCsv(await readFile(output, 'utf8')).rows).toHaveLength(4)
    expect(lastLine(run.stderr)).toMatch(/^4 rows encoded \(\d+ columns\); written to /)
  })

  it('names the file and the counts when the columns do not match, and leaves --output untouched', async () => {
    const narrow = join(dir, 'narrow.csv')
    await writeFile(narrow, '1,2,3\n4,5,6\n')
    const output = join(dir, 'kept.csv')
    await writeFile(output, 'old\n')
    const run = await aedetect(['encode', '--model', model, '--input', narrow, '--output', output])
    expect(run.code).toBe(3)
    expect(lastLine(run.stderr)).toBe(`aedetect: ${narrow}: rows have 3 feature columns; the detector in ${model} was trained on 140. Pass the same feature columns as at training (use --label to leave a label column out).`)
    expect(await readFile(output, 'utf8')).toBe('old\n')
  })

  it('refuses --output equal to --input before any work', async () => {
    const run = await aedetect(['encode', '--model', model, '--input', beats, '--output', beats])
    expect(run.code).toBe(2)
    expect(lastLine(run.stderr)).toBe(`aedetect: --output ${beats}: this is the input --input; writing there would overwrite it. Pass another output file.`)
  })
})

describe('aedetect reconstruct', () => {
  it('writes the reconstructions in original units, equal to the library\'s reconstruct', async () => {
    const run = await aedetect(['reconstruct', '--model', model, '--input', beats, '--json'])
    expect(run.code).toBe(0)
    const out = JSON.parse(run.stdout) as { rows: number; columns: string[]; values: number[][] }
    const expected = (await library()).reconstructions
    expect(out.rows).toBe(4)
    expect(out.columns).toEqual(Array.from({ length: 140 }, (_, i) => `t${i}`))
    out.values.forEach((row, i) => row.forEach((v, j) => expect(Math.abs(v - expected[i][j])).toBeLessThanOrEqual(1e-6)))
    // Original units: the beats are z-normalised (values of several units), not the scaler's [0, 1].
    expect(Math.max(...out.values.flat().map(Math.abs))).toBeGreaterThan(1.5)
  })
})
