import { cp, mkdtemp, readFile, rm } from 'node:fs/promises'
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

describe('a detector saved without experiment.json (before the split was recorded)', () => {
  it('still evaluates: the seeded split is rebuilt from its seed and --test-fraction, as train made it', async () => {
    const legacy = join(dir, 'legacy')
    await cp(model, legacy, { recursive: true })
    await rm(join(legacy, 'experiment.json'))
    const run = await aedetect(['evaluate', '--model', legacy, '--test-fraction', '0.3', '--json'])
    expect(run.code).toBe(0)
    const record = JSON.parse(await readFile(join(model, 'experiment.json'), 'utf8'))
    expect(JSON.parse(run.stdout).split.testRows).toEqual(record.split.testRows)
  })
})

describe('a time series', () => {
  it('train runs the univariate series default with the PCA baseline on the same windows beside', async () => {
    const run = await aedetect(['train', '--data', 'synthetic:series', '--epochs', '3', '--out', join(dir, 'series'), '--json'])
    expect(run.code).toBe(0)
    const out = JSON.parse(run.stdout)
    // seriesDefaultsFor(1): the NAB configuration (period-rule windows, dense stack, window errors reduced by max, a
    // rolling mean + 2.5 std alarm rule started from the training scores, alarms held 50 points), --epochs on top.
    expect(out.config).toEqual({ windowSize: 'auto', architecture: { kind: 'dense', hiddenUnits: [64, 32, 16, 32, 64] }, training: { epochs: 3, batchSize: 64 }, scaler: { kind: 'minmax', per: 'channel' }, reduce: 'max', threshold: { strategy: 'meanStd', k: 3 }, alarm: { strategy: 'rollingMeanStd', batch: 70, history: 4200, k: 2.5, minLength: 1, coolDown: 0, hold: 50 }, seed: 42 })
    // PCA on these windows: AUC-ROC 0.929, VUS-PR 0.726 (cpu), the same with any epochs (PCA does not train).
    expect(out.baseline.architecture).toBe('pca')
    expect(out.baseline.timeSeries.vusPr).toBeCloseTo(0.7265, 3)
    const record = JSON.parse(await readFile(join(dir, 'series', 'experiment.json'), 'utf8'))
    expect(record.series).toEqual({ trainPoints: 1000, testPoints: 3000, testFollowsTrain: false })
  })
})
