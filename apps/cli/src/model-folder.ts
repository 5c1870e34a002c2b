import type { Detector } from '@aedetect/detector'
import { loadDetector } from '@aedetect/detector/node'
import { asModelError } from './exit-codes'

/** Loads a detector folder; its errors (a missing or foreign folder) exit with the model code. */
export async function openDetector(dir: string): Promise<Detector> {
  return loadDetector(dir, { onWarning: (message) => process.stderr.write(`${message}\n`) }).catch((error: unknown) => {
    throw asModelError(error)
  })
}
