import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { ecgTutorialFromUcr, fetchEcg5000, parseEcg5000, type Ecg5000 } from '@aedetect/datasets'
import { bundledDataDir, loadEcg5000, loadEcgTutorialCsv } from '@aedetect/datasets/node'
import { dataDir as sharedDataDir, describeWith, testWith } from '@aedetect/test-data'
import { mismatches, thrown, readmeNumber, readmeRows } from './_test-data'

let ecg: Ecg5000
beforeAll(async () => {
  ecg = await loadEcg5000()
})

function classCounts(classes: Uint8Array, split: Uint8Array, part: number): number[] {
  const counts = [0, 0, 0, 0, 0]
  for (let i = 0; i < classes.length; i++) if (split[i] === part) counts[classes[i] - 1]++
  return counts
}

describe('loadEcg5000 (bundled copy)', () => {
  it('has 5,000 × 140 beats and the per-class counts of the dataset README', () => {
    expect(ecg.x.shape).toEqual([5000, 140])
    expect(ecg.featureNames[0]).toBe('t0')
    expect(ecg.featureNames[139]).toBe('t139')
    // Expected: the "train (ECG5000_TRAIN.txt)" and "test (ECG5000_TEST.txt)" rows of the README's class table.
    const [train] = readmeRows('ecg5000', /^train \(/)
    const [test] = readmeRows('ecg5000', /^test \(/)
    expect(classCounts(ecg.classes, ecg.ucrSplit, 0)).toEqual(train.slice(1, 6).map(readmeNumber))
    expect(classCounts(ecg.classes, ecg.ucrSplit, 1)).toEqual(test.slice(1, 6).map(readmeNumber))
    expect(ecg.ucrSplit.slice(0, 500).every((s) => s === 0)).toBe(true)
    expect(ecg.ucrSplit.slice(500).every((s) => s === 1)).toBe(true)
  })

  it('labels every class other than 1 as an anomaly: 2,081 of 5,000 (41.62 %), 1,873 in the UCR test split', () => {
    let anomalies = 0
    let testAnomalies = 0
    for (let i = 0; i < 5000; i++) {
      expect(ecg.labels[i]).toBe(ecg.classes[i] === 1 ? 0 : 1)
      anomalies += ecg.labels[i]
      if (ecg.ucrSplit[i] === 1) testAnomalies += ecg.labels[i]
    }
    expect(anomalies).toBe(5000 - 2919)
    // Expected: README protocol, "2,627 normal vs 1,873 anomalous beats" in ECG5000_TEST.txt.
    expect(testAnomalies).toBe(1873)
  })

  it('reads the values as written: first beat, and each beat z-normalised (mean 0, sample std 1)', () => {
    // Expected: README example line '   1.0000000e+00  -1.1252183e-01' (first value of the first train beat).
    expect(ecg.x.data[0]).toBe(Math.fround(-0.11252183))
    for (const row of [0, 499, 500, 4999]) {
      let sum = 0
      let sq = 0
      for (let j = 0; j < 140; j++) sum += ecg.x.data[row * 140 + j]
      const mean = sum / 140
      for (let j = 0; j < 140; j++) sq += (ecg.x.data[row * 140 + j] - mean) ** 2
      // 8 significant digits written, float32 stored: 1e-5 covers both roundings.
      expect(Math.abs(mean)).toBeLessThan(1e-5)
      expect(Math.sqrt(sq / 139)).toBeCloseTo(1, 4)
    }
  })

  testWith(['ecg5000'], 'gives the same data from a data directory as from the bundled copy', async () => {
    const fromDir = await loadEcg5000({ dataDir: sharedDataDir() })
    expect(mismatches(fromDir.x.data, ecg.x.data)).toBe(0)
    expect(mismatches(fromDir.classes, ecg.classes)).toBe(0)
  })
})

describeWith(['ecg5000'], 'the TensorFlow tutorial variant', () => {
  it('ecgTutorialFromUcr equals ecg.csv row for row: 4,998 rows, 2,919 normal, 2,079 anomalous', async () => {
    const fromCsv = await loadEcgTutorialCsv({ dataDir: sharedDataDir() })
    const fromUcr = ecgTutorialFromUcr(ecg)
    expect(fromCsv.x.shape).toEqual([4998, 140])
    expect(fromUcr.x.shape).toEqual([4998, 140])
    // Expected: README — "Row i of ecg.csv equals row i of (UCR train followed by UCR test) for all i < 4,998"; same decimals → same float32.
    expect(mismatches(fromUcr.x.data, fromCsv.x.data)).toBe(0)
    expect(mismatches(fromUcr.labels, fromCsv.labels)).toBe(0)
    expect(fromCsv.labels.reduce((a, b) => a + b, 0)).toBe(2079)
  })
})

describe('checks and errors', () => {
  it('fetchEcg5000 verifies the SHA-256 with Web Crypto and parses the same data', async () => {
    const train = readFileSync(join(bundledDataDir(), 'ECG5000_TRAIN.txt.gz'))
    const test = readFileSync(join(bundledDataDir(), 'ECG5000_TEST.txt.gz'))
    const fetched = await fetchEcg5000({ train: new Uint8Array(train), test: new Uint8Array(test) })
    expect(mismatches(fetched.x.data, ecg.x.data)).toBe(0)
    // A File/Blob (what an <input type="file"> gives) works the same way.
    const fromBlobs = await fetchEcg5000({ train: new Blob([train]), test: new Blob([test]) })
    expect(mismatches(fromBlobs.classes, ecg.classes)).toBe(0)
    const damaged = new Uint8Array(train)
    damaged[1000] ^= 0xff
    await expect(fetchEcg5000({ train: damaged, test: new Uint8Array(test) })).rejects.toThrow(
      'ECG5000_TRAIN.txt.gz: sha256 is dc66a7907f68cef83f05afebd5ea222f3e32bbbb83628ecfa3aa75d0536ace6c; expected 8cf30d797ca046f1fe824a41956d45c81eeb63575da7d9ef391189f9363ea3d7. The file is damaged or a different version: copy it again from the original dataset folder.',
    )
  })

  it('loadEcg5000 names the file whose checksum differs (E_CHECKSUM)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aedetect-ecg-'))
    mkdirSync(join(dir, 'ecg5000'))
    copyFileSync(join(bundledDataDir(), 'ECG5000_TRAIN.txt.gz'), join(dir, 'ecg5000', 'ECG5000_TRAIN.txt.gz'))
    const test = readFileSync(join(bundledDataDir(), 'ECG5000_TEST.txt.gz'))
    test[5000] ^= 0x01
    writeFileSync(join(dir, 'ecg5000', 'ECG5000_TEST.txt.gz'), test)
    const error = await loadEcg5000({ dataDir: dir }).catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'E_CHECKSUM' })
    expect((error as Error).message).toMatch(
      new RegExp(`^${join(dir, 'ecg5000', 'ECG5000_TEST.txt.gz')}: sha256 is [0-9a-f]{64}; expected 707563d7095e8ec935a0ad099ec231a782f3bb8eeffbeead57082c47be847cd5\\. The file is damaged or a different version: copy it again from the original dataset folder\\.$`),
    )
  })

  it('parseEcg5000 rejects a truncated gzip stream (E_CORRUPT)', () => {
    const train = readFileSync(join(bundledDataDir(), 'ECG5000_TRAIN.txt.gz'))
    const test = readFileSync(join(bundledDataDir(), 'ECG5000_TEST.txt.gz'))
    expect(thrown(() => parseEcg5000({ train: train.subarray(0, 100_000), test }))).toMatchInlineSnapshot(`
      {
        "code": "E_CORRUPT",
        "message": "parseEcg5000(): ECG5000_TRAIN.txt.gz is not a complete gzip stream (unexpected EOF; 100000 bytes read). The file is truncated or damaged: copy it again and check its SHA256SUMS entry.",
      }
    `)
  })

  it('parseEcg5000 rejects a file with a missing field (E_RAGGED, file and line)', () => {
    const line = (cls: number) => [cls, ...Array.from({ length: 140 }, (_, j) => j / 100)].map((v) => v.toExponential(7).padStart(16)).join('')
    const train = Array.from({ length: 500 }, (_, i) => line(1 + (i % 5))).join('\n')
    const broken = train.split('\n')
    broken[41] = broken[41].slice(0, -16)
    expect(thrown(() => parseEcg5000({ train: broken.join('\n'), test: '' }))).toMatchInlineSnapshot(`
      {
        "code": "E_RAGGED",
        "message": "parseEcg5000(): ECG5000_TRAIN.txt.gz line 42 has 140 fields; expected 141 (class, then 140 samples). Pass the UCR ECG5000 text files.",
      }
    `)
    expect(thrown(() => parseEcg5000({ train, test: train }))).toMatchInlineSnapshot(`
      {
        "code": "E_FORMAT",
        "message": "parseEcg5000(): ECG5000_TEST.txt.gz holds 500 beats; expected 4500. Pass the complete UCR ECG5000 file.",
      }
    `)
  })
})
