import type { WindowDetector } from './window-detector'
import { windowDetectorFromFiles, windowDetectorToFiles, type WindowDetectorFiles } from './window-detector-files'
import { expectFileKinds, fileName, packFiles, readFileText, unpackFiles, type SingleFileFormat } from './_single-file'
import type { DetectorFromFileOptions } from './detector-file'

/** Identifies a window detector saved as one file by {@link windowDetectorToFile}. */
export const WINDOW_DETECTOR_FILE_FORMAT = 'aedetect-window-detector-file'
/** Bumped on an incompatible change of the one-file layout; the inner files carry their own versions. */
export const WINDOW_DETECTOR_FILE_FORMAT_VERSION = 1

const FORMAT: SingleFileFormat = { format: WINDOW_DETECTOR_FILE_FORMAT, formatVersion: WINDOW_DETECTOR_FILE_FORMAT_VERSION, writer: 'windowDetectorToFile()', reader: 'windowDetectorFromFile()' }
const OTHERS = { 'aedetect-detector-file': 'It is a detector of samples, not of a series: load it with detectorFromFile().' }

/**
 * Serialises a window detector to one JSON text, laid out as {@link detectorToFile}'s with `window.json`
 * (window geometry and point threshold) beside the detector's files. Nothing is written.
 */
export async function windowDetectorToFile(windowDetector: WindowDetector): Promise<string> {
  return packFiles({ ...(await windowDetectorToFiles(windowDetector)) }, FORMAT)
}

/**
 * Rebuilds a window detector from a file written by {@link windowDetectorToFile} (text, UTF-8 bytes, or a
 * `Blob` / browser `File`); `options.name` as for {@link detectorFromFile}. Nothing is built from a bad file.
 * @throws AedetectError `E_FORMAT`, `E_FORMAT_VERSION`, `E_CORRUPT`, `E_OPTION`, as {@link detectorFromFile}.
 */
export async function windowDetectorFromFile(file: string | Uint8Array | Blob, options: DetectorFromFileOptions = {}): Promise<WindowDetector> {
  const name = options.name ?? fileName(file) ?? 'window detector file'
  const files = unpackFiles(await readFileText(file, name, FORMAT), name, FORMAT, OTHERS)
  expectFileKinds(files, { 'window.json': 'text', 'detector.json': 'text', 'model.json': 'text?', 'weights.bin': 'bytes?' }, name, FORMAT)
  return windowDetectorFromFiles(files as unknown as WindowDetectorFiles, name)
}
