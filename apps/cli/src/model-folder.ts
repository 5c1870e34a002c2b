import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Detector } from '@aedetect/detector'
import { loadDetector } from '@aedetect/detector/node'
import { parseExperimentRecord, type ExperimentRecord } from '@aedetect/evaluation'
import { asModelError } from './exit-codes'

/** The file `train` saves beside the detector: the split and the configuration of its experiment. */
export const EXPERIMENT_FILE = 'experiment.json'

/** Loads a detector folder; its errors (a missing or foreign folder) exit with the model code. */
export async function openDetector(dir: string): Promise<Detector> {
  return loadDetector(dir, { onWarning: (message) => process.stderr.write(`${message}\n`) }).catch((error: unknown) => {
    throw asModelError(error)
  })
}

/**
 * The experiment record saved with the detector in `dir`, or null for a detector saved before aedetect recorded
 * its split (or by `saveDetector` directly). A damaged record is a model error (`E_FORMAT`, `E_CORRUPT`).
 */
export async function readExperiment(dir: string): Promise<ExperimentRecord | null> {
  const file = join(dir, EXPERIMENT_FILE)
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw asModelError(error)
  }
  try {
    return parseExperimentRecord(text, file)
  } catch (error) {
    throw asModelError(error)
  }
}
