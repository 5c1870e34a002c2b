import { AedetectError } from '@aedetect/core'
import { version as libraryVersion } from '../package.json'
import type { Detector } from './detector'
import { detectorFromFiles, detectorToFiles, type DetectorFiles } from './detector-files'
import { DATABASE_NAME, inTransaction } from './_indexed-db'

/** Identifies a detector record in aedetect's IndexedDB store. */
export const DETECTOR_RECORD_FORMAT = 'aedetect-detector-record'
/** Bumped on an incompatible change of the record; loading refuses other versions. */
export const DETECTOR_RECORD_FORMAT_VERSION = 1

/** What {@link listDetectorsInIndexedDb} says of one saved detector, without loading its model. */
export interface SavedDetectorInfo {
  /** The key it was saved under. */
  key: string
  /** When it was saved, ISO 8601 in UTC (`2026-11-30T10:05:00.000Z`). */
  savedAt: string
  /** The record's format version; only {@link DETECTOR_RECORD_FORMAT_VERSION} loads. */
  formatVersion: number
  /** The aedetect version that saved it. */
  libraryVersion: string
  /** The architecture's kind: 'dense', 'conv1d', 'lstm', 'pca', … */
  architecture: string
  /** The shape of one sample, e.g. `[140]`. */
  sampleShape: number[]
  /** The tfjs backend it was trained on ('none' for PCA). */
  backend: string
  /** Bytes of the stored files (UTF-16 text counted as one byte per character), for a storage display. */
  byteLength: number
}

interface DetectorRecord extends SavedDetectorInfo {
  format: string
  files: DetectorFiles
}

function storeName(key: string): string {
  return `indexeddb://${DATABASE_NAME}/${key}`
}

function expectKey(key: unknown, where: string): string {
  if (typeof key !== 'string' || key.length === 0) {
    throw new AedetectError('E_OPTION', `${where}: key must be a non-empty string, got ${JSON.stringify(key) ?? String(key)}. Name the detector, e.g. 'ecg5000'.`)
  }
  return key
}

/**
 * Saves a detector in the browser's IndexedDB (database 'aedetect', store 'detectors') under `key`, as one
 * record holding {@link detectorToFiles}' files, in one transaction: it replaces an earlier detector of that
 * key whole, and a failed save leaves the earlier one intact. Resolves once the transaction has committed.
 * @throws AedetectError `E_OPTION` (empty key), `E_UNSUPPORTED` (no IndexedDB: Node), `E_IO` (quota, storage
 *   blocked), `E_FORMAT_VERSION` (the database was upgraded by a newer aedetect).
 */
export async function saveDetectorToIndexedDb(detector: Detector, key: string): Promise<SavedDetectorInfo> {
  const where = 'saveDetectorToIndexedDb()'
  expectKey(key, where)
  const files = await detectorToFiles(detector)
  const { state } = detector
  const record: DetectorRecord = {
    format: DETECTOR_RECORD_FORMAT,
    formatVersion: DETECTOR_RECORD_FORMAT_VERSION,
    libraryVersion,
    key,
    savedAt: new Date().toISOString(),
    architecture: state.architecture.kind,
    sampleShape: [...state.sampleShape],
    backend: state.backend,
    byteLength: files['detector.json'].length + (files['model.json']?.length ?? 0) + (files['weights.bin']?.byteLength ?? 0),
    files,
  }
  await inTransaction(where, 'readwrite', (store) => store.put(record, key))
  return infoOf(record)
}

/**
 * Loads a detector saved by {@link saveDetectorToIndexedDb}. Checks the record's format and version, then the
 * detector's own files, before any model is built; call `dispose()` on the result to free its tensors.
 * @throws AedetectError `E_OPTION` (empty key), `E_UNSUPPORTED` (no IndexedDB), `E_NOT_FOUND` (no detector
 *   under `key`; the message lists the saved keys), `E_FORMAT` / `E_FORMAT_VERSION` (a record of another kind or
 *   version), `E_CORRUPT` (files missing or damaged), `E_IO`.
 */
export async function loadDetectorFromIndexedDb(key: string): Promise<Detector> {
  const where = 'loadDetectorFromIndexedDb()'
  expectKey(key, where)
  const found = await inTransaction(where, 'readonly', (store) => store.get(key))
  if (found === undefined) {
    const keys = await inTransaction(where, 'readonly', (store) => store.getAllKeys())
    const saved = keys.length === 0 ? 'none is saved' : `saved: ${keys.map((k) => `'${String(k)}'`).join(', ')}`
    throw new AedetectError('E_NOT_FOUND', `${where}: no detector under key '${key}' in IndexedDB database '${DATABASE_NAME}' (${saved}). Save it first with saveDetectorToIndexedDb(), or pass one of the saved keys.`)
  }
  const record = checkRecord(found, key, where)
  return detectorFromFiles(record.files, storeName(key))
}

/**
 * Deletes the detector saved under `key`, in one transaction. Resolves `true` when one was deleted, `false`
 * when there was none.
 * @throws AedetectError `E_OPTION` (empty key), `E_UNSUPPORTED` (no IndexedDB), `E_IO`.
 */
export async function deleteDetectorFromIndexedDb(key: string): Promise<boolean> {
  const where = 'deleteDetectorFromIndexedDb()'
  expectKey(key, where)
  let existed = false
  await inTransaction(where, 'readwrite', (store) => {
    const count = store.count(key)
    count.onsuccess = () => {
      existed = count.result > 0
      if (existed) store.delete(key)
    }
    return count
  })
  return existed
}

/**
 * Lists the detectors saved in IndexedDB, in key order, from their records' summaries (no model is built).
 * Records of another format version are listed too (see `formatVersion`); they do not load.
 * @throws AedetectError `E_UNSUPPORTED` (no IndexedDB), `E_IO`.
 */
export async function listDetectorsInIndexedDb(): Promise<SavedDetectorInfo[]> {
  const where = 'listDetectorsInIndexedDb()'
  // Keys and values from one transaction, in the same (key) order; the store's key, not the record's copy, names it.
  let keys: IDBValidKey[] = []
  const records = await inTransaction(where, 'readonly', (store) => {
    const keyRequest = store.getAllKeys()
    keyRequest.onsuccess = () => { keys = keyRequest.result }
    return store.getAll()
  })
  const infos: SavedDetectorInfo[] = []
  records.forEach((record: Partial<DetectorRecord> | null, i) => {
    if (record?.format === DETECTOR_RECORD_FORMAT && typeof keys[i] === 'string') infos.push(infoOf({ ...(record as DetectorRecord), key: keys[i] as string }))
  })
  return infos
}

function infoOf(record: DetectorRecord): SavedDetectorInfo {
  const { key, savedAt, formatVersion, libraryVersion: version, architecture, sampleShape, backend, byteLength } = record
  return { key, savedAt, formatVersion, libraryVersion: version, architecture, sampleShape: [...sampleShape], backend, byteLength }
}

function checkRecord(found: unknown, key: string, where: string): DetectorRecord {
  const record = found as Partial<DetectorRecord> | null
  const name = storeName(key)
  if (record === null || typeof record !== 'object' || record.format !== DETECTOR_RECORD_FORMAT) {
    throw new AedetectError('E_FORMAT', `${where}: the record under '${name}' has format ${JSON.stringify(record?.format)}; expected "${DETECTOR_RECORD_FORMAT}". It was not written by saveDetectorToIndexedDb(); delete it with deleteDetectorFromIndexedDb('${key}').`)
  }
  if (record.formatVersion !== DETECTOR_RECORD_FORMAT_VERSION) {
    throw new AedetectError('E_FORMAT_VERSION', `${where}: the record under '${name}' has format version ${String(record.formatVersion)} (saved by aedetect ${String(record.libraryVersion)}); this aedetect (${libraryVersion}) reads version ${DETECTOR_RECORD_FORMAT_VERSION}. Load it with the version that saved it, or save the detector again with this version.`)
  }
  const files = record.files as Partial<DetectorFiles> | undefined
  const weights = files?.['weights.bin']
  if (!files || typeof files['detector.json'] !== 'string' || (weights !== undefined && !(weights instanceof Uint8Array))) {
    throw new AedetectError('E_CORRUPT', `${where}: the record under '${name}' lacks its files (detector.json as text, weights.bin as bytes). Save the detector again with saveDetectorToIndexedDb().`)
  }
  return record as DetectorRecord
}
