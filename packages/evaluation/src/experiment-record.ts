import { AedetectError } from '@aedetect/core'
import type { ExperimentDefaults, SampleKind, SeriesDefaults } from './defaults'
import { parseSplitRecord, type SplitRecord } from './split-record'

/** The format name written in every {@link ExperimentRecord}. */
export const EXPERIMENT_FORMAT = 'aedetect-experiment'
/** The version of the {@link ExperimentRecord} layout this package writes and reads. */
export const EXPERIMENT_FORMAT_VERSION = 1

/**
 * What an experiment ran, saved beside its detector (the CLI's `experiment.json`): the data's name, the kind of
 * data, the configuration after the overrides and, for samples, the split with every row.
 */
export interface ExperimentRecord {
  format: typeof EXPERIMENT_FORMAT
  formatVersion: typeof EXPERIMENT_FORMAT_VERSION
  /** What the data is, e.g. 'ECG5000 (bundled copy)'. */
  data: string
  kind: SampleKind | 'series'
  /** The configuration fitted (defaults with the overrides applied). */
  config: ExperimentDefaults | SeriesDefaults
  /** Samples: the rows trained, validated, calibrated and tested on. Series: null (the data's own train and test parts). */
  split: SplitRecord | null
  /** Series: the training and test parts' lengths, points; samples: null. */
  series: { trainPoints: number; testPoints: number; testFollowsTrain: boolean } | null
}

/** The record as the JSON text to save (two-space indented, lists of numbers on one line, one trailing newline). */
export function experimentToJson(record: ExperimentRecord): string {
  // Row lists hold thousands of numbers: one per line would make the file unreadable.
  return `${JSON.stringify(record, null, 2).replace(/\[\s*(-?[\d.e+-]+(?:,\s*-?[\d.e+-]+)*)\s*\]/g, (_, inner: string) => `[${inner.replace(/\s+/g, '')}]`)}\n`
}

/**
 * Reads an {@link ExperimentRecord} from its JSON text; `where` names the file in messages.
 * Throws `E_FORMAT` for text that is not JSON or not an experiment record, `E_FORMAT_VERSION` for another
 * version, `E_CORRUPT` for a malformed field (the split's fields included).
 */
export function parseExperimentRecord(text: string, where: string): ExperimentRecord {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (cause) {
    throw new AedetectError('E_FORMAT', `${where}: not JSON (${(cause as Error).message}). Pass the experiment.json that 'aedetect train' saved beside the detector, or train again.`, { cause })
  }
  const record = value as Record<string, unknown> | null
  if (typeof record !== 'object' || record === null || record.format !== EXPERIMENT_FORMAT) {
    throw new AedetectError('E_FORMAT', `${where}: not an experiment record (format ${JSON.stringify(record?.format)}, expected '${EXPERIMENT_FORMAT}'). Pass the experiment.json that 'aedetect train' saved beside the detector.`)
  }
  if (record.formatVersion !== EXPERIMENT_FORMAT_VERSION) {
    throw new AedetectError('E_FORMAT_VERSION', `${where}: experiment record version ${JSON.stringify(record.formatVersion)}; this version of @aedetect/evaluation reads version ${EXPERIMENT_FORMAT_VERSION}. Train the detector again, or use the aedetect version that wrote it.`)
  }
  const corrupt = (field: string, expected: string): AedetectError => new AedetectError('E_CORRUPT', `${where}: field '${field}' is ${JSON.stringify(record[field])?.slice(0, 60)}; expected ${expected}. The file was edited or damaged: train the detector again.`)
  if (typeof record.data !== 'string') throw corrupt('data', 'a string')
  if (!['tabular', 'sequence', 'image', 'series'].includes(record.kind as string)) throw corrupt('kind', "'tabular' | 'sequence' | 'image' | 'series'")
  if (typeof record.config !== 'object' || record.config === null) throw corrupt('config', 'an object')
  const split = record.split === null ? null : parseSplitRecord(record.split, `${where} (field 'split')`)
  if ((split === null) !== (record.kind === 'series')) throw corrupt('split', record.kind === 'series' ? 'null for a series' : 'a split record')
  return { ...(record as unknown as ExperimentRecord), split }
}
