import { readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ECG5000_FILES, ODDS_NAMES } from '@aedetect/datasets'
import { DATASET_MANIFESTS, DATASET_NAMES } from '@aedetect/datasets/node'
import { dataDir as sharedDataDir, testWith } from '@aedetect/test-data'

const byName = new Map(DATASET_MANIFESTS.map((m) => [m.name, m]))
const paths = (name: string): string[] => byName.get(name)?.files.map((f) => f.path) ?? []

describe('DATASET_MANIFESTS', () => {
  it('has one manifest per name, in the order of DATASET_NAMES', () => {
    expect(DATASET_MANIFESTS.map((m) => m.name)).toEqual([...DATASET_NAMES])
  })

  it('gives every file a SHA-256, a size and a unique path; URLs are https, GitHub ones pinned to a commit', () => {
    for (const manifest of DATASET_MANIFESTS) {
      expect(new Set(paths(manifest.name)).size).toBe(manifest.files.length)
      for (const file of manifest.files) {
        expect(file.sha256).toMatch(/^[0-9a-f]{64}$/)
        expect(file.bytes).toBeGreaterThan(0)
        if (file.source.kind === 'url') {
          expect(file.source.url).toMatch(/^https:\/\//)
          if (file.source.url.includes('github')) expect(file.source.url).toMatch(/^https:\/\/raw\.githubusercontent\.com\/[^/]+\/[^/]+\/[0-9a-f]{40}\//)
          expect(file.source.url.endsWith(`/${file.path}`)).toBe(true)
        } else {
          expect(paths(manifest.name)).toContain(file.source.from)
        }
      }
    }
  })

  it('covers the file names the loaders read', () => {
    // ecg5000: the plain UCR files (loadEcg5000 reads `.txt` when there is no `.txt.gz`) with the loader's own checksums.
    const ecg = byName.get('ecg5000')?.files ?? []
    expect(ecg.map((f) => [f.path, f.sha256])).toEqual([
      [ECG5000_FILES.train.file.replace(/\.gz$/, ''), ECG5000_FILES.train.textSha256],
      [ECG5000_FILES.test.file.replace(/\.gz$/, ''), ECG5000_FILES.test.textSha256],
      ['ecg.csv', '72ce7b040ca0c6ed36c3368e570c6ac4ddf20100476e47373c63b2395e012df1'],
    ])
    // mnist, fashion-mnist: loadMnist reads `<train|t10k>-<images-idx3|labels-idx1>-ubyte.gz`.
    const idx = ['t10k-images-idx3-ubyte.gz', 't10k-labels-idx1-ubyte.gz', 'train-images-idx3-ubyte.gz', 'train-labels-idx1-ubyte.gz']
    expect(paths('mnist')).toEqual(idx)
    expect(paths('fashion-mnist')).toEqual(idx)
    // nab: 51 series in data/<category>/, and both label files (NAB README: 53 files).
    const nab = paths('nab')
    expect(nab.filter((p) => /^data\/[A-Za-z]+\/[^/]+\.csv$/.test(p))).toHaveLength(51)
    expect(nab.filter((p) => p.startsWith('labels/'))).toEqual(['labels/combined_labels.json', 'labels/combined_windows.json'])
    // odds: loadOdds reads `<name>.mat` or `<name>.csv` for each of ODDS_NAMES.
    expect([...paths('odds')].sort()).toEqual(ODDS_NAMES.flatMap((n) => [`${n}.csv`, `${n}.mat`]))
    // smd: loadSmdMachine reads the four parts of each machine.
    const machines = ['machine-1-2', 'machine-1-3', 'machine-1-4', 'machine-1-5']
    expect([...paths('smd')].sort()).toEqual(['interpretation_label', 'test', 'test_label', 'train'].flatMap((part) => machines.map((m) => `${part}/${m}.txt`)))
  })

  // The shared data folder is this project's reference copy; where it is absent there is nothing to compare with.
  const shared = sharedDataDir()
  testWith(['mnist', 'fashion-mnist', 'nab', 'odds', 'smd'], 'agrees with every SHA256SUMS of the shared data folder (ECG5000 aside: stored there as .gz)', () => {
    for (const name of DATASET_NAMES) {
      const sums = new Map(readFileSync(join(shared, name, 'SHA256SUMS'), 'utf8').trim().split('\n').map((line) => line.split(/\s+/).reverse() as [string, string]))
      const ours = new Map((byName.get(name)?.files ?? []).map((f) => [f.path, f.sha256]))
      if (name === 'ecg5000') {
        expect([...sums.keys()].sort()).toEqual(['ECG5000_TEST.txt.gz', 'ECG5000_TRAIN.txt.gz', 'ecg.csv.gz'])
        continue
      }
      expect(ours).toEqual(sums)
      for (const f of byName.get(name)?.files ?? []) expect([f.path, statSync(join(shared, name, f.path)).size]).toEqual([f.path, f.bytes])
    }
  })
})
