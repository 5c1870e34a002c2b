import { AedetectError } from '@aedetect/core'

/** aedetect's IndexedDB database and its one object store (keys are the caller's strings, out of line). */
export const DATABASE_NAME = 'aedetect'
export const STORE_NAME = 'detectors'
// Bumped only when the database's stores change; an older aedetect then gets a VersionError on open.
const DATABASE_VERSION = 1

/** Opens aedetect's database, creating its store on first use. */
export function openDatabase(where: string): Promise<IDBDatabase> {
  if (typeof indexedDB === 'undefined' || indexedDB === null) {
    throw new AedetectError('E_UNSUPPORTED', `${where}: IndexedDB is not available here (no global indexedDB: Node, or a browser that blocks storage). In Node save to a folder with saveDetector() from '@aedetect/detector/node', or keep the text of detectorToFile().`)
  }
  return new Promise((resolve, reject) => {
    let request: IDBOpenDBRequest
    try {
      request = indexedDB.open(DATABASE_NAME, DATABASE_VERSION)
    } catch (cause) {
      reject(ioError(where, 'could not open', cause))
      return
    }
    request.onupgradeneeded = () => {
      const db = request.result
      if (!db.objectStoreNames.contains(STORE_NAME)) db.createObjectStore(STORE_NAME)
    }
    request.onsuccess = () => {
      const db = request.result
      // Another tab upgrading the database (a newer aedetect) must not wait on this connection.
      db.onversionchange = () => db.close()
      resolve(db)
    }
    request.onerror = () => {
      const cause = request.error
      if (cause?.name === 'VersionError') {
        reject(new AedetectError('E_FORMAT_VERSION', `${where}: the IndexedDB database '${DATABASE_NAME}' was upgraded by a newer aedetect (${cause.message}); this aedetect opens version ${DATABASE_VERSION}. Use the newer aedetect in this browser, or delete the database '${DATABASE_NAME}' to start afresh.`, { cause }))
      } else {
        reject(ioError(where, 'could not open', cause))
      }
    }
  })
}

/**
 * Runs `body` in one transaction on the store and resolves with the value of the request it returns once the
 * transaction has committed: a write is then durable, and a failed write leaves the store as it was.
 */
export async function inTransaction<T>(where: string, mode: IDBTransactionMode, body: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await openDatabase(where)
  try {
    return await new Promise<T>((resolve, reject) => {
      let request: IDBRequest<T>
      let transaction: IDBTransaction
      try {
        transaction = db.transaction(STORE_NAME, mode)
        request = body(transaction.objectStore(STORE_NAME))
      } catch (cause) {
        reject(ioError(where, 'failed', cause))
        return
      }
      transaction.oncomplete = () => resolve(request.result)
      transaction.onabort = () => reject(ioError(where, 'was aborted', transaction.error ?? request.error))
    })
  } finally {
    db.close()
  }
}

function ioError(where: string, what: string, cause: unknown): AedetectError {
  const error = cause as { name?: string; message?: string } | null
  const detail = error ? `${error.name ?? 'Error'}: ${error.message ?? ''}` : 'no error given'
  return new AedetectError('E_IO', `${where}: IndexedDB ${what} (${detail}). Check the browser's storage quota and that this site may store data.`, { cause })
}
