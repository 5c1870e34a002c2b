import { stat } from 'node:fs/promises'
import { join } from 'node:path'
import { AedetectError } from '@aedetect/core'
import { MAX_MODEL_JSON_BYTES, MAX_WEIGHTS_BYTES } from '@aedetect/models'
import { readFolderFile, recoverFolder, writeFolderAtomic } from '@aedetect/models/node'
import type { Detector } from './detector'
import { detectorFromFiles, detectorToFiles, type DetectorFiles } from './detector-files'
import { MAX_DETECTOR_JSON_BYTES } from './_detector-record'

/** Options of {@link saveDetector}, {@link loadDetector} and the window-detector folder functions. */
export interface DetectorFolderOptions {
  /**
   * Called with a one-line message for each recovery step taken beside the folder: a previous detector
   * restored after a save was interrupted (killed, power cut), stale temporary folders removed. Default: none
   * (recovery still happens).
   */
  onWarning?: (message: string) => void
}

/** Options of {@link saveDetector} and `saveWindowDetector`. */
export interface DetectorSaveOptions extends DetectorFolderOptions {
  /**
   * More files saved in the same atomic write, beside the detector's own (e.g. the CLI's `experiment.json`, the
   * split it trained and calibrated on). Names are plain file names, none of the detector's own. Default: none.
   */
  extraFiles?: Record<string, string>
}

const OWN_FILES = new Set(['detector.json', 'model.json', 'weights.bin', 'window.json'])

/** The detector's files with `extra` added before detector.json, which goes last. */
export function withExtraFiles(files: Record<string, string | Uint8Array>, extra: Record<string, string> | undefined, where: string): Record<string, string | Uint8Array> {
  if (extra === undefined) return files
  const { 'detector.json': manifest, ...rest } = files
  for (const name of Object.keys(extra)) {
    if (OWN_FILES.has(name) || !/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name)) {
      throw new AedetectError('E_OPTION', `${where}: extraFiles names '${name}', which is ${OWN_FILES.has(name) ? "one of the detector's own files" : 'not a plain file name'}. Pass plain names such as experiment.json.`)
    }
  }
  return { ...rest, ...extra, 'detector.json': manifest }
}

/**
 * Saves a detector to the folder `dir` (model.json, weights.bin, then detector.json with the weights' SHA-256),
 * atomically and durably: the files are written and fsynced in a temporary folder beside `dir`, which then
 * replaces `dir` by rename. A failed or interrupted save leaves an existing `dir` intact — or, if the process died
 * between the two renames, restorable: the next save or load puts it back (`recoverFolder` of
 * `@aedetect/models/node`) and reports that through `options.onWarning`.
 * @throws AedetectError `E_NOT_FINITE` (a threshold that is not finite), `E_IO` (writing failed; `dir` is intact).
 */
export async function saveDetector(detector: Detector, dir: string, options: DetectorSaveOptions = {}): Promise<void> {
  const files = withExtraFiles(folderFiles(await detectorToFiles(detector)), options.extraFiles, 'saveDetector()')
  await writeFolderAtomic(dir, files, { onWarning: options.onWarning, where: 'saveDetector()' })
}

/** The files in write order: detector.json, the manifest that names the weights' checksum, goes last. */
export function folderFiles(files: DetectorFiles): Record<string, string | Uint8Array> {
  const ordered: Record<string, string | Uint8Array> = {}
  for (const [name, content] of Object.entries(files as unknown as Record<string, string | Uint8Array | undefined>)) if (content !== undefined && name !== 'detector.json') ordered[name] = content
  ordered['detector.json'] = files['detector.json']
  return ordered
}

/**
 * Loads a detector saved by {@link saveDetector}. First finishes what an interrupted save left beside `dir`
 * (reported through `options.onWarning`); then reads `detector.json` and checks its format and version before
 * touching the weights, then the whole artifact before any tensor is made. Every file must be a regular file —
 * never a symbolic link — within its size limit (detector.json 32 MiB, model.json 4 MiB, weights.bin 256 MiB).
 * Throws 'E_NOT_FOUND' for a missing folder or file, 'E_FORMAT' / 'E_FORMAT_VERSION' for a folder of another
 * kind or version, 'E_CORRUPT' for a damaged, oversized, linked or mismatched file (a weights checksum that
 * differs included), 'E_IO' for a file that cannot be read. A failed load leaves no tensor behind.
 */
export async function loadDetector(dir: string, options: DetectorFolderOptions = {}): Promise<Detector> {
  const where = 'loadDetector()'
  await recoverFolder(dir, { onWarning: options.onWarning, where })
  const info = await stat(dir).catch(() => null)
  if (!info || !info.isDirectory()) {
    throw new AedetectError('E_NOT_FOUND', `loadDetector(): ${dir} is not a folder. Pass the folder written by 'aedetect train' or saveDetector().`)
  }
  return detectorFromFiles(await readDetectorFiles(dir, where), dir)
}

/** Reads a detector folder's files (checked: regular files within their size limits); weights only for an autoencoder. */
export async function readDetectorFiles(dir: string, where: string): Promise<DetectorFiles> {
  const fix = 'A detector folder holds detector.json, model.json and weights.bin; re-save it with \'aedetect train\' or saveDetector().'
  const read = async (name: string, maxBytes: number): Promise<Uint8Array> => {
    try {
      return await readFolderFile(dir, name, { maxBytes, where, fix })
    } catch (cause) {
      if ((cause as AedetectError).code !== 'E_NOT_FOUND') throw cause
      throw new AedetectError('E_NOT_FOUND', `${where}: ${join(dir, name)} is missing. ${fix}`, { cause })
    }
  }
  const text = async (name: string, maxBytes: number): Promise<string> => decodeUtf8(await read(name, maxBytes), join(dir, name))
  const detectorJson = await text('detector.json', MAX_DETECTOR_JSON_BYTES)
  // A PCA detector is detector.json alone; detectorFromFiles checks the format before anything else.
  if (isPcaRecord(detectorJson)) return { 'detector.json': detectorJson }
  const modelJson = await text('model.json', MAX_MODEL_JSON_BYTES)
  const weights = await read('weights.bin', MAX_WEIGHTS_BYTES)
  return { 'detector.json': detectorJson, 'model.json': modelJson, 'weights.bin': weights }
}

function decodeUtf8(bytes: Uint8Array, path: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch (cause) {
    throw new AedetectError('E_CORRUPT', `loadDetector(): ${path} is not UTF-8 text, so it is not a file aedetect wrote. Re-save the detector with saveDetector() or 'aedetect train'.`, { cause })
  }
}

function isPcaRecord(text: string): boolean {
  try {
    return (JSON.parse(text) as { architecture?: { kind?: string } }).architecture?.kind === 'pca'
  } catch {
    return false
  }
}
