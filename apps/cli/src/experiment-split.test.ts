import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { aedetect, lastLine, type Run } from './_run-cli'

// End-to-end (the built binary, cpu backend): `train` records its split in experiment.json, `evaluate` reuses
// exactly those rows and refuses a contradicting --test-fraction, and the PCA baseline stands beside the results.
// ECG5000 (bundled), seed 42, test fraction 0.3, 5 epochs: the figures are not the point, the rows are.

let dir: string
let model: string
let train: Run
let trained: { rocAuc: number; split: { test: { rows: number }; testFraction: number }; baseline: { architecture: string; rocAuc: number; averagePrecision: number; f1: number } | null }

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'aedetect-split-'))
  model = join(dir, 'model')
  train = await aedetect(['train', '--json', '--test-fraction', '0.3', '--epochs', '5', '--out', model])
  trained = JSON.parse(train.stdout)
}, 300_000)

afterAll(async () => rm(dir, { recursive: true, force: true }))

describe('train records its split', () => {
  it('saves experiment.json with every test row, and the PCA baseline in --json', async () => {
    expect(train.code).toBe(0)
    const record = JSON.parse(await readFile(join(model, 'experiment.json'), 'utf8'))
    expect(record.split.testFraction).toBe(0.3)
    expect(record.split.testRows.length).toBe(1500)
    expect(trained.split.test.rows).toBe(1500)
    // PCA (90 % variance) on the same rows: ROC-AUC about 0.97 on this split.
    expect(trained.baseline?.architecture).toBe('pca')
    expect(trained.baseline?.rocAuc).toBeGreaterThan(0.9)
    expect(trained.baseline?.f1).toBeGreaterThan(0.8)
  })
})

describe('evaluate reuses the recorded split', () => {
  it('refuses a contradicting --test-fraction in one line naming both values', async () => {
    const run = await aedetect(['evaluate', '--model', model, '--test-fraction', '0.2'])
    expect(run.code).toBe(2)
    expect(lastLine(run.stderr)).toBe(`aedetect: --test-fraction 0.2 contradicts the split ${model} was trained on (test fraction 0.3, recorded in ${join(model, 'experiment.json')}); leave --test-fraction out to evaluate on the recorded test rows.`)
  })

  it('without the flag evaluates exactly the recorded test rows, with the figures train printed', async () => {
    const run = await aedetect(['evaluate', '--model', model, '--json'])
    expect(run.code).toBe(0)
    const out = JSON.parse(run.stdout)
    const record = JSON.parse(await readFile(join(model, 'experiment.json'), 'utf8'))
    expect(out.split.testRows).toEqual(record.split.testRows)
    expect(out.rocAuc).toBeCloseTo(trained.rocAuc, 10)
    expect(out.baseline.rocAuc).toBeCloseTo(trained.baseline?.rocAuc ?? Number.NaN, 10)
  })

  it('accepts the recorded fraction given explicitly', async () => {
    const run = await aedetect(['evaluate', '--model', model, '--test-fraction', '0.3', '--json'])
    expect(run.code).toBe(0)
    expect(JSON.parse(run.stdout).split.test.rows).toBe(1500)
  })
})
