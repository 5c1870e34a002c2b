import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { syntheticTable } from '@aedetect/datasets'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { aedetect, lastLine, type Run } from '../_run-cli'

// The lecture recipe on a user's CSV: a seeded synthetic table of 52 variables (normal rows near a 17-d subspace,
// 10 % outliers uniform in [-4, 4]; datasets' syntheticTable, seed 0) written as CSV with a 'fault' label column.

let dir: string
let run: Run

async function writeTable(path: string, n: number, features: number): Promise<void> {
  const t = syntheticTable({ n, features, contamination: 0.1, seed: 0 })
  const lines = [[...Array.from({ length: features }, (_, j) => `x${j + 1}`), 'fault'].join(',')]
  for (let i = 0; i < n; i++) lines.push([...Array.from(t.x.data.subarray(i * features, (i + 1) * features), (v) => v.toFixed(5)), t.labels[i]].join(','))
  await writeFile(path, `${lines.join('\n')}\n`)
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'aedetect-stacked-'))
  await writeTable(join(dir, 'plant.csv'), 2000, 52)
  await writeTable(join(dir, 'narrow.csv'), 100, 10)
  run = await aedetect(['train', '--preset', 'stacked-52', '--csv', join(dir, 'plant.csv'), '--label', 'fault', '--seed', '0', '--epochs', '30', '--json'])
}, 600_000)

afterAll(async () => rm(dir, { recursive: true, force: true }))

describe('train --preset stacked-52', () => {
  it('takes the F1-maximising threshold on the labelled validation split and flags the test outliers', () => {
    expect(run.code).toBe(0)
    const r = JSON.parse(run.stdout)
    expect(r.architecture.hiddenUnits).toEqual([32, 16, 32])
    expect(r.threshold.strategy).toBe('bestF1')
    // 2,000 rows, 200 outliers: 400 stratified test rows (40 outliers); validation 20 % of the other 1,600 (32 outliers).
    expect(r.split.test).toEqual({ rows: 400, normal: 360, anomalous: 40 })
    expect(r.split.validation.anomalous).toBe(32)
    // Measured F1 1.0 and ROC-AUC 1.0 (cpu, seed 0, 30 epochs): the outliers lie far off the normal subspace.
    expect(r.split.train).toBe(1152)
    expect(r.metrics.anomalyPositive.f1).toBeGreaterThan(0.95)
    expect(r.rocAuc).toBeGreaterThan(0.99)
  })

  it('gives each of the 52 variables the mean and std of its squared error on the normal validation rows', () => {
    const r = JSON.parse(run.stdout) as { perVariable: Array<{ variable: string; mean: number; std: number; anomalousMean: number; z: number }> }
    expect(r.perVariable.map((v) => v.variable)).toEqual(Array.from({ length: 52 }, (_, j) => `x${j + 1}`))
    for (const v of r.perVariable) {
      expect(v.std).toBeGreaterThan(0)
      // Standardised units: the normal rows reconstruct to well under one unit of variance per variable (measured
      // largest mean 0.224), the outliers (uniform in [-4, 4]) far worse (smallest z measured 12.3).
      expect(v.mean).toBeLessThan(0.5)
      expect(v.anomalousMean).toBeGreaterThan(v.mean + 3 * v.std)
    }
    expect(run.stdout).not.toContain('NaN')
  })

  it('refuses a table of another width in one line naming both numbers', async () => {
    const narrow = join(dir, 'narrow.csv')
    const refused = await aedetect(['train', '--preset', 'stacked-52', '--csv', narrow, '--label', 'fault'])
    expect(refused.code).toBe(3)
    expect(lastLine(refused.stderr)).toBe(`aedetect: --preset stacked-52: ${narrow} has 10 feature columns, the recipe's 52-32-16-32-52 autoencoder takes 52; for another width run train --csv without --preset.`)
  })

  it('asks for the CSV when none is given', async () => {
    const refused = await aedetect(['train', '--preset', 'stacked-52'])
    expect(refused.code).toBe(2)
    expect(lastLine(refused.stderr)).toBe('aedetect: --preset stacked-52 trains on your labelled table: pass --csv FILE --label COLUMN (52 feature columns; --features picks them from a wider file).')
  })
})
