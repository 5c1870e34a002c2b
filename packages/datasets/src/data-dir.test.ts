import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { DATA_DIR_ENV, loadOdds, resolveDataDir, verifyDataset } from '@aedetect/datasets/node'
import { dataDir as sharedDataDir, describeWith } from '@aedetect/test-data'
import { caught, thrown } from './_test-data'

const saved = process.env[DATA_DIR_ENV]
afterEach(() => {
  if (saved === undefined) delete process.env[DATA_DIR_ENV]
  else process.env[DATA_DIR_ENV] = saved
})

describe('resolveDataDir', () => {
  it('takes the option first, then AEDETECT_DATA_DIR', () => {
    process.env[DATA_DIR_ENV] = tmpdir()
    const option = mkdtempSync(join(tmpdir(), 'aedetect-data-dir-'))
    expect(resolveDataDir({ dataDir: `${option}/` })).toBe(option)
    expect(resolveDataDir()).toBe(tmpdir())
  })

  it('says how to set it when neither is given, and names a folder that does not exist (E_NOT_FOUND)', () => {
    delete process.env[DATA_DIR_ENV]
    expect(thrown(() => resolveDataDir())).toMatchInlineSnapshot(`
      {
        "code": "E_NOT_FOUND",
        "message": "resolveDataDir(): no data directory given. Pass the dataDir option or set the environment variable AEDETECT_DATA_DIR to a folder laid out as in the @aedetect/datasets README (section "Data directory").",
      }
    `)
    expect(thrown(() => resolveDataDir({ dataDir: '/nonexistent/aedetect-data' }))).toMatchInlineSnapshot(`
      {
        "code": "E_NOT_FOUND",
        "message": "resolveDataDir(): data directory /nonexistent/aedetect-data (from the dataDir option) does not exist. Point it at a folder laid out as in the @aedetect/datasets README (section "Data directory").",
      }
    `)
  })
})

describeWith(['odds'], 'verifyDataset', () => {
  it('checks every file of SHA256SUMS (ODDS: 12 files)', async () => {
    const result = await verifyDataset(sharedDataDir(), 'odds')
    expect(result.files.length).toBe(12)
    expect(result.files[0]).toBe('arrhythmia.csv')
  })

  it('names the file whose SHA-256 differs, and loaders refuse it too (E_CHECKSUM)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aedetect-verify-'))
    mkdirSync(join(dir, 'odds'))
    const source = join(sharedDataDir(), 'odds')
    copyFileSync(join(source, 'SHA256SUMS'), join(dir, 'odds', 'SHA256SUMS'))
    for (const name of ['arrhythmia.csv', 'arrhythmia.mat', 'cardio.csv']) copyFileSync(join(source, name), join(dir, 'odds', name))
    const cardio = readFileSync(join(source, 'cardio.mat'))
    cardio[40000] ^= 0x10
    writeFileSync(join(dir, 'odds', 'cardio.mat'), cardio)
    const error = await caught(() => verifyDataset(dir, 'odds'))
    expect(error.code).toBe('E_CHECKSUM')
    expect(error.message).toMatch(
      new RegExp(`^${join(dir, 'odds', 'cardio.mat')}: sha256 is [0-9a-f]{64}; expected 5e568b6a73711012c481fa6cc984ab9c68e9a4fa44d6aeb3b43efa381c3f695b\\. The file is damaged or a different version: copy it again from the original dataset folder\\.$`),
    )
    expect((await caught(() => loadOdds({ dataDir: dir, name: 'cardio' }))).message).toBe(error.message)
    expect((await loadOdds({ dataDir: dir, name: 'arrhythmia' })).x.shape).toEqual([452, 274])
  })

  it('reports a folder without SHA256SUMS (E_NOT_FOUND)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aedetect-verify-'))
    expect(await caught(() => verifyDataset(dir, 'nab'))).toEqual({
      code: 'E_NOT_FOUND',
      message: `verifyDataset(): ${join(dir, 'nab', 'SHA256SUMS')} does not exist. Copy the dataset folder with its SHA256SUMS file.`,
    })
  })
})
