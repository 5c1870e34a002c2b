import { AedetectError } from '@aedetect/core'
import { detectorFromFiles, type Detector, type DetectorFiles } from '@aedetect/detector'
import { parseExperimentRecord, type ExperimentDefaults, type SplitRecord } from '@aedetect/evaluation'

/** A detector read from the folder `aedetect train` writes, with the split recorded beside it (null when none). */
export interface LoadedFolder {
  /** The folder's name, for the page. */
  name: string
  detector: Detector
  recorded: { split: SplitRecord; config: ExperimentDefaults | null; where: string } | null
}

// The files `aedetect train --out DIR` writes; anything else in the folder is ignored.
const KNOWN = ['detector.json', 'model.json', 'weights.bin', 'experiment.json'] as const

/**
 * Reads the CLI's model folder from the files of a directory picker (`webkitdirectory`) or of one drop:
 * detector.json, model.json and weights.bin with `detectorFromFiles`, and experiment.json's split when present.
 * Files are matched by name, in the folder itself (not in a subfolder of it). Throws `E_NOT_FOUND` without
 * detector.json, and the detector's and the record's format errors.
 */
export async function loadFolder(list: ArrayLike<File>): Promise<LoadedFolder> {
  const files = Array.from(list)
  const byName = new Map<string, File>()
  let folder = ''
  for (const file of files) {
    // webkitRelativePath is 'folder/detector.json' from a picker, '' from a drop.
    const parts = (file.webkitRelativePath || file.name).split('/')
    if (parts.length > 2) continue
    if (parts.length === 2) folder = parts[0]
    if ((KNOWN as readonly string[]).includes(parts[parts.length - 1])) byName.set(parts[parts.length - 1], file)
  }
  const name = folder || 'the dropped files'
  if (!byName.has('detector.json')) {
    const seen = files.slice(0, 6).map((f) => f.name).join(', ')
    throw new AedetectError('E_NOT_FOUND', `${name}: no detector.json among ${files.length} file(s) (${seen || 'none'}). Choose the folder 'aedetect train --out DIR' wrote, or drop its detector.json, model.json, weights.bin and experiment.json together.`)
  }
  const text = (n: string): Promise<string> | undefined => byName.get(n)?.text()
  const weights = byName.get('weights.bin')
  const detectorFiles: DetectorFiles = {
    'detector.json': (await text('detector.json')) as string,
    ...(byName.has('model.json') ? { 'model.json': await text('model.json') } : {}),
    ...(weights ? { 'weights.bin': new Uint8Array(await weights.arrayBuffer()) } : {}),
  }
  const detector = await detectorFromFiles(detectorFiles, name)
  const experimentText = await text('experiment.json')
  if (experimentText === undefined) return { name, detector, recorded: null }
  try {
    const where = `${name}/experiment.json`
    const record = parseExperimentRecord(experimentText, where)
    if (record.split === null) throw new AedetectError('E_OPTION', `${where}: the detector was trained on a time series (kind '${record.kind}'); this page evaluates detectors of single rows. Open a folder trained on a table.`)
    return { name, detector, recorded: { split: record.split, config: record.kind === 'series' ? null : (record.config as ExperimentDefaults), where } }
  } catch (error) {
    detector.dispose()
    throw error
  }
}
