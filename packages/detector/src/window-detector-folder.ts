import { join } from 'node:path'
import { AedetectError } from '@aedetect/core'
import { readFolderFile, recoverFolder, writeFolderAtomic } from '@aedetect/models/node'
import { folderFiles, readDetectorFiles, withExtraFiles, type DetectorFolderOptions, type DetectorSaveOptions } from './detector-folder'
import type { WindowDetector } from './window-detector'
import { windowDetectorFromFiles, windowDetectorToFiles } from './window-detector-files'

// window.json holds a window geometry and a threshold: a few hundred bytes.
const MAX_WINDOW_JSON_BYTES = 64 * 1024

/**
 * Saves a window detector to the folder `dir`: the detector's files (model.json, weights.bin, detector.json)
 * and window.json (window size, stride, point threshold), atomically and durably as `saveDetector` — written
 * to a temporary folder beside `dir`, which then replaces it. A failed save leaves an existing `dir` intact; an
 * interrupted one is recovered by the next save or load (reported through `options.onWarning`).
 * @throws AedetectError `E_NOT_FINITE` (a threshold that is not finite), `E_IO` (writing failed).
 */
export async function saveWindowDetector(windowDetector: WindowDetector, dir: string, options: DetectorSaveOptions = {}): Promise<void> {
  const files = withExtraFiles(folderFiles(await windowDetectorToFiles(windowDetector)), options.extraFiles, 'saveWindowDetector()')
  await writeFolderAtomic(dir, files, { onWarning: options.onWarning, where: 'saveWindowDetector()' })
}

/**
 * Loads a window detector saved by {@link saveWindowDetector}, after recovering an interrupted save. Reads and
 * checks window.json first, then the detector's files as `loadDetector` does (regular files within their size
 * limits, the whole artifact checked before any tensor is made). Throws 'E_NOT_FOUND' for a missing folder or
 * file, 'E_FORMAT' / 'E_FORMAT_VERSION' for a folder of another kind or version, 'E_CORRUPT' for a damaged,
 * oversized or linked file. A failed load leaves no tensor behind.
 */
export async function loadWindowDetector(dir: string, options: DetectorFolderOptions = {}): Promise<WindowDetector> {
  const where = 'loadWindowDetector()'
  await recoverFolder(dir, { onWarning: options.onWarning, where })
  let bytes: Uint8Array
  try {
    bytes = await readFolderFile(dir, 'window.json', { maxBytes: MAX_WINDOW_JSON_BYTES, where, fix: 'Re-save it with saveWindowDetector().' })
  } catch (cause) {
    if ((cause as AedetectError).code !== 'E_NOT_FOUND') throw cause
    throw new AedetectError('E_NOT_FOUND', `loadWindowDetector(): ${join(dir, 'window.json')} is missing. A window detector folder holds window.json, detector.json, model.json and weights.bin; re-save it with saveWindowDetector(), or load a plain detector folder with loadDetector().`, { cause })
  }
  const files = await readDetectorFiles(dir, where)
  return windowDetectorFromFiles({ ...files, 'window.json': new TextDecoder().decode(bytes) }, dir)
}
