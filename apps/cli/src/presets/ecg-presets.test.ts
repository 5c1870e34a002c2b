import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { aedetect, lastLine, type Run } from '../_run-cli'

// End-to-end runs of the built binary (`pnpm build` first) on the bundled ECG5000, cpu backend, seed 0, with a
// shortened budget (CI time): the figures of the full recipes are in the README's "Presets" table.

interface PresetJson {
  preset: string
  rocAuc: number
  averagePrecision: number
  split: { test: { rows: number; normal: number; anomalous: number } }
  training: { epochs: number; epochsRun: number }
  budget?: string
  seed: number
}

let dir: string
const runs: Record<string, Run> = {}
const json = <T = PresetJson>(name: string): T => JSON.parse(runs[name].stdout) as T

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'aedetect-presets-'))
  // One after the other: CI has two cores, and other test files run beside this one.
  runs.lstm = await aedetect(['train', '--preset', 'lstm-ae', '--seed', '0', '--epochs', '20', '--limit', '600', '--json'])
  runs.sparse = await aedetect(['train', '--preset', 'sparse', '--seed', '0', '--epochs', '40', '--json'])
  runs.vae = await aedetect(['train', '--preset', 'vae', '--seed', '0', '--epochs', '30', '--limit', '1000', '--out', join(dir, 'vae'), '--json'])
}, 900_000)

afterAll(async () => rm(dir, { recursive: true, force: true }))

describe('train --preset lstm-ae', () => {
  it('fits on the 292 normal UCR train beats and separates the test beats', () => {
    expect(runs.lstm.code).toBe(0)
    const r = json('lstm')
    expect(r.preset).toBe('lstm-ae')
    // --limit 600: 600 test beats spread evenly over the 4,500 of the UCR test file (its 41.6 % anomalies).
    expect(r.split.test.rows).toBe(600)
    expect(r.split.test.anomalous).toBe(249)
    expect(r.training.epochsRun).toBe(20)
    expect(r.budget).toBe('shortened run: 20 epochs instead of the recipe\'s 100, at most 600 training and test samples (the README\'s figures are for the full recipe)')
    // Measured 0.9886 (cpu, seed 0, 20 epochs, 600 test beats); the full recipe reaches 0.9895 (README).
    expect(r.rocAuc).toBeGreaterThan(0.97)
  })
})

describe('train --preset sparse', () => {
  it('separates the UCR test beats with a sparse code', () => {
    expect(runs.sparse.code).toBe(0)
    const r = json<PresetJson & { code: { units: number; zeroFraction: number; deadUnits: number } }>('sparse')
    expect(r.split.test).toEqual({ rows: 4500, normal: 2627, anomalous: 1873 })
    // Measured 0.9810 (cpu, seed 0, 40 epochs); the full recipe 0.9880.
    expect(r.rocAuc).toBeGreaterThan(0.97)
    // The L1 penalty silences most of the code: measured 78 % zeros, 21 of 32 units never active.
    expect(r.code.units).toBe(32)
    expect(r.code.zeroFraction).toBeGreaterThan(0.5)
    expect(r.code.deadUnits).toBeGreaterThan(5)
  })
})

describe('train --preset vae', () => {
  it('separates the test beats and writes 100 beats drawn from the prior', async () => {
    expect(runs.vae.code).toBe(0)
    const r = json<PresetJson & { negativeElboRocAuc: number; samples: { file: string; count: number; columns: number } }>('vae')
    // Measured 0.9772 and 0.9774 (cpu, seed 0, 30 epochs, 1,000 test beats); the full recipe 0.9782 / 0.9782.
    expect(r.rocAuc).toBeGreaterThan(0.95)
    expect(r.negativeElboRocAuc).toBeGreaterThan(0.95)
    expect(r.samples).toEqual({ file: join(dir, 'vae', 'samples.csv'), count: 100, columns: 140, flaggedByThreshold: expect.any(Number) })
    const lines = (await readFile(join(dir, 'vae', 'samples.csv'), 'utf8')).trim().split('\n')
    expect(lines).toHaveLength(101)
    expect(lines[0].split(',')).toEqual(Array.from({ length: 140 }, (_, i) => `t${i}`))
    const values = lines.slice(1).flatMap((line) => line.split(',').map(Number))
    expect(values).toHaveLength(100 * 140)
    // Beats in the data's units (z-normalised upstream, within about [-6, 8]); the sigmoid decoder keeps them in the training range.
    expect(values.every((v) => Number.isFinite(v) && v > -8 && v < 10)).toBe(true)
  })

  it('replaces its own folder on a second run, and refuses a folder or file it did not write, before training', async () => {
    const again = await aedetect(['train', '--preset', 'vae', '--seed', '0', '--epochs', '1', '--limit', '50', '--out', join(dir, 'vae'), '--json'])
    expect(again.code).toBe(0)
    const foreign = join(dir, 'foreign')
    await mkdir(foreign)
    await writeFile(join(foreign, 'notes.txt'), 'mine')
    const refused = await aedetect(['train', '--preset', 'vae', '--out', foreign])
    expect(refused.code).toBe(2)
    expect(lastLine(refused.stderr)).toBe(`aedetect: --out ${foreign}: the folder holds files aedetect did not write for --preset vae (notes.txt); aedetect replaces only its own. Pass a new or empty folder, or --samples FILE.`)
    expect(await readFile(join(foreign, 'notes.txt'), 'utf8')).toBe('mine')
    const existing = join(dir, 'existing.csv')
    await writeFile(existing, 'a,b\n1,2\n')
    const kept = await aedetect(['train', '--preset', 'vae', '--samples', existing])
    expect(kept.code).toBe(2)
    expect(lastLine(kept.stderr)).toBe(`aedetect: --samples ${existing}: the file exists; aedetect writes only new files there and never overwrites one. Pass a new file name, or --out DIR for a folder aedetect manages.`)
    expect(await readFile(existing, 'utf8')).toBe('a,b\n1,2\n')
  }, 300_000)
})
