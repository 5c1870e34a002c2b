import { join } from 'node:path'
import { AedetectError } from '@aedetect/core'
import type { Detector } from '@aedetect/detector'
import { checkRequestedSplit, createSplitRecord, type ExperimentDefaults, type SplitRecord } from '@aedetect/evaluation'
import type { LoadedTable } from '../data-source'
import { EXPERIMENT_FILE, readExperiment } from '../model-folder'
import type { SplitRows } from '../split-file'

/** What `evaluate`, `report` and `explain` were asked for; undefined = not given on the command line. */
export interface SplitRequest {
  testFraction?: number
  seed?: number
  /** Rows of `--split-file` or `--split ucr`. */
  rows?: SplitRows
  /** The flag that gave `rows`, for messages: `--split-file FILE` or `--split ucr`. */
  rowsFrom?: string
}

/**
 * The split the detector in `modelDir` was trained beside: the rows recorded in its experiment.json (an explicit
 * `--test-fraction`, `--seed` or `--split-file` that contradicts them is refused with `E_OPTION`), or, for a
 * detector saved without a record, the seeded split `train` made (its seed unless --seed, --test-fraction, the
 * split file's rows). `config` is the recorded configuration (null without a record).
 */
export async function recordedSplit(modelDir: string, detector: Detector, data: LoadedTable, request: SplitRequest): Promise<{ split: SplitRecord; config: ExperimentDefaults | null }> {
  const record = await readExperiment(modelDir)
  const split = record?.split
  if (!record || !split) {
    const seeded = createSplitRecord(data.labels, {
      seed: request.seed ?? detector.state.seed,
      testFraction: request.testFraction ?? 0.2,
      validationFraction: 0.15,
      given: request.rows ? { source: request.rowsFrom === '--split ucr' ? 'ucr' : 'file', ...request.rows } : undefined,
    })
    return { split: seeded, config: null }
  }
  const recordedIn = join(modelDir, EXPERIMENT_FILE)
  checkRequestedSplit(split, { testFraction: request.testFraction, rows: data.labels.length }, { option: '--test-fraction', model: modelDir, recordedIn })
  if (request.seed !== undefined && request.seed !== split.seed) {
    throw new AedetectError('E_OPTION', `--seed ${request.seed} contradicts the split ${modelDir} was trained on (seed ${split.seed}, recorded in ${recordedIn}); leave --seed out to evaluate on the recorded test rows.`)
  }
  if (request.rows && !sameRows(request.rows.testRows, split.testRows)) {
    throw new AedetectError('E_OPTION', `${request.rowsFrom ?? '--split-file'}: its test rows differ from those ${modelDir} was trained beside (recorded in ${recordedIn}); leave --split-file out to evaluate on the recorded test rows.`)
  }
  return { split, config: record.config as ExperimentDefaults }
}

function sameRows(given: Uint32Array, recorded: number[]): boolean {
  const sorted = Array.from(given).sort((a, b) => a - b)
  return sorted.length === recorded.length && sorted.every((r, i) => r === recorded[i])
}
