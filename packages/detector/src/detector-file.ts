import type { Detector } from './detector'
import { detectorFromFiles, detectorToFiles, type DetectorFiles } from './detector-files'
import { expectFileKinds, fileName, packFiles, readFileText, unpackFiles, type SingleFileFormat } from './_single-file'

/** Identifies a detector saved as one file by {@link detectorToFile}. */
export const DETECTOR_FILE_FORMAT = 'aedetect-detector-file'
/** Bumped on an incompatible change of the one-file layout; the inner `detector.json` carries its own version. */
export const DETECTOR_FILE_FORMAT_VERSION = 1

const FORMAT: SingleFileFormat = { format: DETECTOR_FILE_FORMAT, formatVersion: DETECTOR_FILE_FORMAT_VERSION, writer: 'detectorToFile()', reader: 'detectorFromFile()' }
const OTHERS = { 'aedetect-window-detector-file': 'It is a window detector: load it with windowDetectorFromFile().' }

/** Options of {@link detectorFromFile}. */
export interface DetectorFromFileOptions {
  /** The file's name in error messages. Default: the `File`'s name for a browser `File`, else `'detector file'`. */
  name?: string
}

/**
 * Serialises a detector to one self-describing JSON text, for a download or any key-value store: `format`
 * ('aedetect-detector-file') and `formatVersion` first, then the files of {@link detectorToFiles} —
 * `detector.json` and `model.json` as strings, `weights.bin` as base64 with its byte length. Nothing is written.
 * JSON rather than bytes: a browser reads it with `File.text()`, any tool can read its format and version, and
 * base64 adds a third to weights of a few hundred kB at most.
 * @throws the errors of {@link detectorToFiles} (a disposed detector).
 */
export async function detectorToFile(detector: Detector): Promise<string> {
  return packFiles({ ...(await detectorToFiles(detector)) }, FORMAT)
}

/**
 * Rebuilds a detector from a file written by {@link detectorToFile}: the text, its UTF-8 bytes, or a `Blob` /
 * browser `File`. Checks everything it can before any model is built, so a bad file loads nothing.
 * Call `dispose()` on the result to free its tensors.
 * @throws AedetectError `E_FORMAT` (not this kind of file: not UTF-8, not JSON, another `format`),
 *   `E_FORMAT_VERSION` (another version of the file or of its `detector.json`), `E_CORRUPT` (cut short, bad
 *   base64, weights of another length than written or than the model's manifest expects), `E_OPTION` (not a
 *   string, Uint8Array or Blob).
 */
export async function detectorFromFile(file: string | Uint8Array | Blob, options: DetectorFromFileOptions = {}): Promise<Detector> {
  const name = options.name ?? fileName(file) ?? 'detector file'
  const files = unpackFiles(await readFileText(file, name, FORMAT), name, FORMAT, OTHERS)
  expectFileKinds(files, { 'detector.json': 'text', 'model.json': 'text?', 'weights.bin': 'bytes?' }, name, FORMAT)
  return detectorFromFiles(files as unknown as DetectorFiles, name)
}
