import { AedetectError } from '@aedetect/core'
import { detectorFromFiles, detectorToFiles, type Detector, type DetectorFiles } from '@aedetect/detector'

/** Identifies the demo's one-file detector: the detector package's three files in one JSON. */
export const DETECTOR_FILE_FORMAT = 'aedetect-web-detector'
/** Bumped on an incompatible change of the one-file layout (the inner files carry their own version). */
export const DETECTOR_FILE_FORMAT_VERSION = 1

interface DetectorFileRecord {
  format: string
  formatVersion: number
  files: { 'detector.json': string; 'model.json'?: string; 'weights.bin'?: string }
}

// btoa takes a binary string; build it in slices, as one String.fromCharCode(...bytes) overflows the stack.
function toBase64(bytes: Uint8Array): string {
  let binary = ''
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  return btoa(binary)
}

function fromBase64(text: string): Uint8Array {
  const binary = atob(text)
  const bytes = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i)
  return bytes
}

/**
 * The detector as one JSON text: `detectorToFiles`' `detector.json` and `model.json` as strings and
 * `weights.bin` in base64, so a browser can download it as a single file.
 */
export async function detectorToFile(detector: Detector): Promise<string> {
  const files = await detectorToFiles(detector)
  const record: DetectorFileRecord = {
    format: DETECTOR_FILE_FORMAT,
    formatVersion: DETECTOR_FILE_FORMAT_VERSION,
    files: {
      'detector.json': files['detector.json'],
      'model.json': files['model.json'],
      'weights.bin': files['weights.bin'] ? toBase64(files['weights.bin']) : undefined,
    },
  }
  return JSON.stringify(record)
}

/**
 * Reads a file written by {@link detectorToFile}. Throws `E_CORRUPT` (not JSON), `E_FORMAT` (another kind
 * of file) or `E_FORMAT_VERSION` before any model is built, and the detector package's errors for the inner files.
 */
export async function detectorFromFile(text: string, name: string): Promise<Detector> {
  let record: Partial<DetectorFileRecord>
  try {
    record = JSON.parse(text) as Partial<DetectorFileRecord>
  } catch (cause) {
    throw new AedetectError('E_CORRUPT', `${name} is not valid JSON (${(cause as Error).message}). Load a file saved with "download detector".`, { cause })
  }
  if (record?.format !== DETECTOR_FILE_FORMAT) {
    throw new AedetectError('E_FORMAT', `${name} has format ${JSON.stringify(record?.format)}; expected "${DETECTOR_FILE_FORMAT}". Load a file saved with "download detector".`)
  }
  if (record.formatVersion !== DETECTOR_FILE_FORMAT_VERSION || !record.files) {
    throw new AedetectError('E_FORMAT_VERSION', `${name} has format version ${String(record.formatVersion)}; this demo reads version ${DETECTOR_FILE_FORMAT_VERSION}. Train and download the detector again with this demo.`)
  }
  const files: DetectorFiles = { 'detector.json': record.files['detector.json'] }
  if (record.files['model.json'] !== undefined) files['model.json'] = record.files['model.json']
  if (record.files['weights.bin'] !== undefined) files['weights.bin'] = fromBase64(record.files['weights.bin'])
  return detectorFromFiles(files, name)
}
