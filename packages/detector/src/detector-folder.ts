import { readFile, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { AedetectError } from '@aedetect/core'
import { writeFolderAtomic } from '@aedetect/models/node'
import type { Detector } from './detector'
import { detectorFromFiles, detectorToFiles } from './detector-files'

/**
 * Saves a detector to the folder `dir` (model.json, weights.bin, detector.json), atomically: the files are
 * written to a temporary folder beside `dir`, which then replaces `dir`. A failed save leaves an existing
 * `dir` intact.
 */
export async function saveDetector(detector: Detector, dir: string): Promise<void> {
  const files: Record<string, string | Uint8Array> = {}
  for (const [name, content] of Object.entries(await detectorToFiles(detector))) if (content !== undefined) files[name] = content
  await writeFolderAtomic(dir, files)
}

/**
 * Loads a detector saved by {@link saveDetector}. Reads `detector.json` first and checks its format and
 * version before touching the weights. Throws 'E_NOT_FOUND' for a missing folder or file, 'E_FORMAT' /
 * 'E_FORMAT_VERSION' for a folder of another kind or version, 'E_CORRUPT' for a damaged file.
 */
export async function loadDetector(dir: string): Promise<Detector> {
  const info = await stat(dir).catch(() => null)
  if (!info || !info.isDirectory()) {
    throw new AedetectError('E_NOT_FOUND', `loadDetector(): ${dir} is not a folder. Pass the folder written by 'aedetect train' or saveDetector().`)
  }
  const read = async (name: string): Promise<Buffer> => {
    try {
      return await readFile(join(dir, name))
    } catch (cause) {
      throw new AedetectError('E_NOT_FOUND', `loadDetector(): ${join(dir, name)} is missing. A detector folder holds detector.json, model.json and weights.bin; re-save it with 'aedetect train' or saveDetector().`, { cause })
    }
  }
  const detectorJson = (await read('detector.json')).toString('utf8')
  // A PCA detector is detector.json alone; detectorFromFiles checks the format before anything else.
  if (isPcaRecord(detectorJson)) return detectorFromFiles({ 'detector.json': detectorJson }, dir)
  const modelJson = (await read('model.json')).toString('utf8')
  const weights = await read('weights.bin')
  // Copy into an ArrayBuffer of its own: a Node Buffer may be a view into a shared pool.
  const ownWeights = new Uint8Array(weights.byteLength)
  ownWeights.set(weights)
  return detectorFromFiles({ 'detector.json': detectorJson, 'model.json': modelJson, 'weights.bin': ownWeights }, dir)
}

function isPcaRecord(text: string): boolean {
  try {
    return (JSON.parse(text) as { architecture?: { kind?: string } }).architecture?.kind === 'pca'
  } catch {
    return false
  }
}
