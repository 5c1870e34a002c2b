import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { AedetectError } from '@aedetect/core'
import { writeFolderAtomic } from '@aedetect/models/node'
import { loadDetector } from './detector-folder'
import { createWindowDetector, type WindowDetector } from './window-detector'
import { parseWindowRecord, windowDetectorToFiles } from './window-detector-files'

/**
 * Saves a window detector to the folder `dir`: the detector's files (model.json, weights.bin, detector.json)
 * and window.json (window size, stride, point threshold), atomically — written to a temporary folder beside
 * `dir`, which then replaces it. A failed save leaves an existing `dir` intact.
 */
export async function saveWindowDetector(windowDetector: WindowDetector, dir: string): Promise<void> {
  const files = await windowDetectorToFiles(windowDetector)
  await writeFolderAtomic(dir, files as unknown as Record<string, string | Uint8Array>)
}

/**
 * Loads a window detector saved by {@link saveWindowDetector}. Reads and checks window.json first, then
 * loads the detector with `loadDetector`. Throws 'E_NOT_FOUND' for a missing folder or file, 'E_FORMAT' /
 * 'E_FORMAT_VERSION' for a folder of another kind or version, 'E_CORRUPT' for a damaged file.
 */
export async function loadWindowDetector(dir: string): Promise<WindowDetector> {
  let text: string
  try {
    text = await readFile(join(dir, 'window.json'), 'utf8')
  } catch (cause) {
    throw new AedetectError('E_NOT_FOUND', `loadWindowDetector(): ${join(dir, 'window.json')} is missing. A window detector folder holds window.json, detector.json, model.json and weights.bin; re-save it with saveWindowDetector(), or load a plain detector folder with loadDetector().`, { cause })
  }
  const state = parseWindowRecord(text, dir)
  return createWindowDetector(await loadDetector(dir), state)
}
