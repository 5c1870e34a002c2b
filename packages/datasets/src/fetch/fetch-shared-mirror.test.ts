import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { fetchDatasets, listNabSeries, loadEcg5000, loadMnist, loadOdds, verifyDataset } from '@aedetect/datasets/node'
import { dataDir as sharedDataDir, describeWith } from '@aedetect/test-data'
import { startLoopbackServer, type LoopbackServer } from './_loopback-server'

// The real manifest against a loopback mirror of the shared data folder: what fetchDatasets writes is what
// the loaders read. (ECG5000 is stored gzipped there; the mirror serves the plain files the manifest names.)

let server: LoopbackServer
let ecgMirror: string
let ecgServer: LoopbackServer
let dataDir: string

describeWith(['ecg5000', 'mnist', 'nab', 'odds'], 'fetchDatasets with the real manifest from a mirror of the shared data folder', () => {
  beforeAll(async () => {
    server = await startLoopbackServer(sharedDataDir())
    ecgMirror = await mkdtemp(join(tmpdir(), 'aedetect-ecg-mirror-'))
    await mkdir(join(ecgMirror, 'ecg5000'))
    for (const name of ['ECG5000_TRAIN.txt', 'ECG5000_TEST.txt', 'ecg.csv']) {
      await writeFile(join(ecgMirror, 'ecg5000', name), gunzipSync(await readFile(join(sharedDataDir(), 'ecg5000', `${name}.gz`))))
    }
    ecgServer = await startLoopbackServer(ecgMirror)
    dataDir = await mkdtemp(join(tmpdir(), 'aedetect-fetch-real-'))
  })

  afterAll(async () => {
    await server.close()
    await ecgServer.close()
    await rm(ecgMirror, { recursive: true, force: true })
    await rm(dataDir, { recursive: true, force: true })
  })

  it('mnist, odds and nab: every file checked, the loaders read the result, SHA256SUMS verifies', async () => {
    // One signal for 69 files: no listener may pile up on it (Node warns past 10).
    const warnings: string[] = []
    const onWarning = (w: Error): void => void warnings.push(w.name)
    process.on('warning', onWarning)
    const report = await fetchDatasets(['mnist', 'odds', 'nab'], { dataDir, baseUrl: server.baseUrl, signal: new AbortController().signal })
    await new Promise((done) => setTimeout(done, 10))
    process.off('warning', onWarning)
    expect(warnings).toEqual([])
    // Expected: the file counts and sizes of the shared folders' READMEs (mnist 4 files, nab 53, odds 12 with 6 CSVs made from
    // the .mat files), in the order of DATASET_NAMES.
    expect(report.datasets.map((d) => [d.name, d.files.length, d.writtenBytes])).toEqual([['mnist', 4, 11_594_722], ['nab', 53, 7_517_929], ['odds', 12, 9_230_243]])
    expect(report.datasets[2].files.filter((f) => f.action === 'converted').map((f) => f.file)).toEqual(['arrhythmia.csv', 'cardio.csv', 'ionosphere.csv', 'musk.csv', 'satimage-2.csv', 'shuttle.csv'])
    expect((await loadMnist({ dataDir, split: 'test' })).images.shape).toEqual([10000, 28, 28, 1])
    expect((await loadOdds({ dataDir, name: 'cardio', format: 'csv' })).x.shape).toEqual([1831, 21])
    expect(listNabSeries({ dataDir })).toHaveLength(51)
    for (const name of ['mnist', 'odds', 'nab']) expect((await verifyDataset(dataDir, name)).files.length).toBe(report.datasets.find((d) => d.name === name)?.files.length)
  })

  it('ecg5000: the plain UCR files and ecg.csv, read by loadEcg5000', async () => {
    const report = await fetchDatasets(['ecg5000'], { dataDir, baseUrl: ecgServer.baseUrl })
    expect(report.datasets[0].files.map((f) => [f.file, f.action, f.bytes])).toEqual([['ECG5000_TRAIN.txt', 'downloaded', 1_128_500], ['ECG5000_TEST.txt', 'downloaded', 10_156_500], ['ecg.csv', 'downloaded', 7_877_383]])
    expect((await loadEcg5000({ dataDir })).x.shape).toEqual([5000, 140])
  })
})
