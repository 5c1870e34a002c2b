import { selectSamples, type Samples } from '@aedetect/core'
import { loadEcg5000 } from '@aedetect/datasets/node'
import {
  deleteDetectorFromIndexedDb,
  detectorToFiles,
  fitDetector,
  listDetectorsInIndexedDb,
  loadDetectorFromIndexedDb,
  saveDetectorToIndexedDb,
  type Detector,
} from '@aedetect/detector'
import * as tf from '@tensorflow/tfjs'
import { IDBFactory, IDBObjectStore } from 'fake-indexeddb'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { version } from '../package.json'

// ECG5000's UCR protocol, shortened: fit on the 292 normal beats of the TRAIN file, score every tenth TEST beat
// (450 of 4,500). Dense 64-32-16-32-64, seed 7, 3 epochs, cpu; and a PCA detector (90 % of the variance) on the
// same beats as a second, different detector. The file is about persistence, not quality.
let dense: Detector
let pca: Detector
let test: Samples
let denseScores: Float32Array
let pcaScores: Float32Array
let tensorsBefore: number

beforeAll(async () => {
  await tf.setBackend('cpu')
  const ecg = await loadEcg5000()
  const rows = Array.from(ecg.ucrSplit.keys())
  const normal = selectSamples(ecg.x, rows.filter((i) => ecg.ucrSplit[i] === 0 && ecg.labels[i] === 0))
  test = selectSamples(ecg.x, rows.filter((i) => ecg.ucrSplit[i] === 1).filter((_, k) => k % 10 === 0))
  dense = await fitDetector(normal, { architecture: { kind: 'dense', hiddenUnits: [64, 32, 16, 32, 64] }, training: { epochs: 3, batchSize: 32 }, seed: 7, featureNames: ecg.featureNames })
  pca = await fitDetector(normal, { architecture: { kind: 'pca', components: { varianceFraction: 0.9 } }, scaler: { kind: 'standard' } })
  denseScores = await dense.score(test)
  pcaScores = await pca.score(test)
  tensorsBefore = tf.memory().numTensors
})

afterAll(() => {
  dense?.dispose()
  pca?.dispose()
})

// A fresh, empty IndexedDB for every test.
beforeEach(() => vi.stubGlobal('indexedDB', new IDBFactory()))
afterEach(() => {
  vi.restoreAllMocks()
  vi.unstubAllGlobals()
})

/** Writes a record into aedetect's store directly, as another program or an older aedetect could have. */
function putRaw(key: string, value: unknown): Promise<void> {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open('aedetect', 1)
    open.onupgradeneeded = () => open.result.createObjectStore('detectors')
    open.onerror = () => reject(open.error)
    open.onsuccess = () => {
      const transaction = open.result.transaction('detectors', 'readwrite')
      transaction.objectStore('detectors').put(value, key)
      transaction.oncomplete = () => { open.result.close(); resolve() }
      transaction.onabort = () => reject(transaction.error)
    }
  })
}

describe('saveDetectorToIndexedDb / loadDetectorFromIndexedDb', () => {
  it('round-trips a detector to the same scores, bit for bit, and lists it', async () => {
    const info = await saveDetectorToIndexedDb(dense, 'ecg')
    const files = await detectorToFiles(dense)
    // Dense 140-64-32-16-32-64-140 in float32: 23,388 weights · 4 bytes, plus the two JSON texts.
    expect(info).toEqual({ key: 'ecg', savedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/), formatVersion: 1, libraryVersion: version, architecture: 'dense', sampleShape: [140], backend: 'cpu', byteLength: 23_388 * 4 + files['detector.json'].length + files['model.json']!.length })
    expect(await listDetectorsInIndexedDb()).toEqual([info])
    const loaded = await loadDetectorFromIndexedDb('ecg')
    // Same weights on the same backend: float32 scores equal exactly.
    expect(await loaded.score(test)).toEqual(denseScores)
    expect(loaded.threshold).toEqual(dense.threshold)
    loaded.dispose()
    expect(tf.memory().numTensors).toBe(tensorsBefore)
  })

  it('replaces a detector of the same key whole, keeps other keys, and lists them in key order', async () => {
    await saveDetectorToIndexedDb(dense, 'b')
    await saveDetectorToIndexedDb(dense, 'a')
    await saveDetectorToIndexedDb(pca, 'b')
    expect((await listDetectorsInIndexedDb()).map((d) => [d.key, d.architecture, d.backend])).toEqual([['a', 'dense', 'cpu'], ['b', 'pca', 'none']])
    const b = await loadDetectorFromIndexedDb('b')
    expect(await b.score(test)).toEqual(pcaScores)
    const a = await loadDetectorFromIndexedDb('a')
    expect(await a.score(test)).toEqual(denseScores)
    a.dispose()
    b.dispose()
    expect(tf.memory().numTensors).toBe(tensorsBefore)
  })

  it('leaves the earlier detector intact when a save is aborted (quota exceeded)', async () => {
    await saveDetectorToIndexedDb(dense, 'ecg')
    // What a full disk does: the put is accepted, then the transaction aborts with QuotaExceededError.
    const put = IDBObjectStore.prototype.put
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (this: IDBObjectStore, value: unknown, key?: IDBValidKey) {
      const request = put.call(this, value, key)
      this.transaction.abort()
      return request
    })
    await expect(saveDetectorToIndexedDb(pca, 'ecg')).rejects.toMatchObject({ code: 'E_IO', message: "saveDetectorToIndexedDb(): IndexedDB was aborted (AbortError: A request was aborted, for example through a call to IDBTransaction.abort.). Check the browser's storage quota and that this site may store data." })
    vi.restoreAllMocks()
    const kept = await loadDetectorFromIndexedDb('ecg')
    expect(await kept.score(test)).toEqual(denseScores)
    kept.dispose()
  })

  it('deletes by key, saying whether there was one', async () => {
    await saveDetectorToIndexedDb(pca, 'p')
    expect(await deleteDetectorFromIndexedDb('p')).toBe(true)
    expect(await deleteDetectorFromIndexedDb('p')).toBe(false)
    expect(await listDetectorsInIndexedDb()).toEqual([])
  })
})

describe('IndexedDB errors', () => {
  it('E_NOT_FOUND for a key with no detector, listing the saved keys', async () => {
    await expect(loadDetectorFromIndexedDb('ecg')).rejects.toMatchObject({ code: 'E_NOT_FOUND', message: "loadDetectorFromIndexedDb(): no detector under key 'ecg' in IndexedDB database 'aedetect' (none is saved). Save it first with saveDetectorToIndexedDb(), or pass one of the saved keys." })
    await saveDetectorToIndexedDb(pca, 'pca')
    await saveDetectorToIndexedDb(pca, 'ecg-pca')
    await expect(loadDetectorFromIndexedDb('ecg')).rejects.toMatchObject({ code: 'E_NOT_FOUND', message: "loadDetectorFromIndexedDb(): no detector under key 'ecg' in IndexedDB database 'aedetect' (saved: 'ecg-pca', 'pca'). Save it first with saveDetectorToIndexedDb(), or pass one of the saved keys." })
  })

  it('E_UNSUPPORTED where there is no IndexedDB (Node without a polyfill)', async () => {
    vi.stubGlobal('indexedDB', undefined)
    const message = "IndexedDB is not available here (no global indexedDB: Node, or a browser that blocks storage). In Node save to a folder with saveDetector() from '@aedetect/detector/node', or keep the text of detectorToFile()."
    await expect(saveDetectorToIndexedDb(dense, 'ecg')).rejects.toMatchObject({ code: 'E_UNSUPPORTED', message: `saveDetectorToIndexedDb(): ${message}` })
    await expect(loadDetectorFromIndexedDb('ecg')).rejects.toMatchObject({ code: 'E_UNSUPPORTED', message: `loadDetectorFromIndexedDb(): ${message}` })
    await expect(listDetectorsInIndexedDb()).rejects.toMatchObject({ code: 'E_UNSUPPORTED', message: `listDetectorsInIndexedDb(): ${message}` })
    await expect(deleteDetectorFromIndexedDb('ecg')).rejects.toMatchObject({ code: 'E_UNSUPPORTED', message: `deleteDetectorFromIndexedDb(): ${message}` })
  })

  it('E_OPTION for an empty key', async () => {
    await expect(saveDetectorToIndexedDb(dense, '')).rejects.toMatchObject({ code: 'E_OPTION', message: `saveDetectorToIndexedDb(): key must be a non-empty string, got "". Name the detector, e.g. 'ecg5000'.` })
  })

  it('E_FORMAT / E_FORMAT_VERSION / E_CORRUPT for records of another kind, version, or damaged', async () => {
    await putRaw('other', { format: 'something-else', data: [1, 2] })
    await expect(loadDetectorFromIndexedDb('other')).rejects.toMatchObject({ code: 'E_FORMAT', message: `loadDetectorFromIndexedDb(): the record under 'indexeddb://aedetect/other' has format "something-else"; expected "aedetect-detector-record". It was not written by saveDetectorToIndexedDb(); delete it with deleteDetectorFromIndexedDb('other').` })
    await saveDetectorToIndexedDb(dense, 'ecg')
    const record = await new Promise<Record<string, unknown>>((resolve) => {
      const open = indexedDB.open('aedetect', 1)
      open.onsuccess = () => {
        const get = open.result.transaction('detectors').objectStore('detectors').get('ecg')
        get.onsuccess = () => { open.result.close(); resolve(get.result as Record<string, unknown>) }
      }
    })
    await putRaw('newer', { ...record, formatVersion: 2, libraryVersion: '9.0.0' })
    await expect(loadDetectorFromIndexedDb('newer')).rejects.toMatchObject({ code: 'E_FORMAT_VERSION', message: `loadDetectorFromIndexedDb(): the record under 'indexeddb://aedetect/newer' has format version 2 (saved by aedetect 9.0.0); this aedetect (${version}) reads version 1. Load it with the version that saved it, or save the detector again with this version.` })
    // Another version is still listed, so a page can show it and offer to delete it.
    expect((await listDetectorsInIndexedDb()).map((d) => [d.key, d.formatVersion])).toEqual([['ecg', 1], ['newer', 2]])
    const files = record.files as Record<string, unknown>
    await putRaw('no-files', { ...record, files: { 'weights.bin': files['weights.bin'] } })
    await expect(loadDetectorFromIndexedDb('no-files')).rejects.toMatchObject({ code: 'E_CORRUPT', message: `loadDetectorFromIndexedDb(): the record under 'indexeddb://aedetect/no-files' lacks its files (detector.json as text, weights.bin as bytes). Save the detector again with saveDetectorToIndexedDb().` })
    // Truncated weights: the model's manifest expects 93,552 bytes.
    await putRaw('cut', { ...record, files: { ...files, 'weights.bin': (files['weights.bin'] as Uint8Array).slice(0, 50_000) } })
    await expect(loadDetectorFromIndexedDb('cut')).rejects.toMatchObject({ code: 'E_CORRUPT', message: 'indexeddb://aedetect/cut: the weights hold 50000 bytes; the manifest expects 93552. The weights file is truncated or belongs to another model: re-save the detector with saveDetector() or \'aedetect train\'.' })
    const inner = (files['detector.json'] as string).replace('"formatVersion": 1', '"formatVersion": 3')
    await putRaw('inner', { ...record, files: { ...files, 'detector.json': inner } })
    await expect(loadDetectorFromIndexedDb('inner')).rejects.toMatchObject({ code: 'E_FORMAT_VERSION', message: `indexeddb://aedetect/inner/detector.json has format version 3 (written by aedetect ${version}); this aedetect (${version}) reads versions 1 to 2. Retrain the detector with this version, or load it with the version that saved it.` })
    // Nothing was built from any of these records.
    expect(tf.memory().numTensors).toBe(tensorsBefore)
  })

  it('E_FORMAT_VERSION when a newer aedetect has upgraded the database', async () => {
    await new Promise<void>((resolve) => {
      const open = indexedDB.open('aedetect', 2)
      open.onsuccess = () => { open.result.close(); resolve() }
    })
    await expect(listDetectorsInIndexedDb()).rejects.toMatchObject({ code: 'E_FORMAT_VERSION', message: expect.stringMatching(/^listDetectorsInIndexedDb\(\): the IndexedDB database 'aedetect' was upgraded by a newer aedetect \(.+\); this aedetect opens version 1\. Use the newer aedetect in this browser, or delete the database 'aedetect' to start afresh\.$/) })
  })
})
