import { AedetectError, permutation, type Labels } from '@aedetect/core'
import { trainValidationTestSplit } from '@aedetect/preprocessing'

/** The format name written in every {@link SplitRecord}. */
export const SPLIT_FORMAT = 'aedetect-split'
/** The version of the {@link SplitRecord} layout this package writes and reads. */
export const SPLIT_FORMAT_VERSION = 1

/**
 * The rows an experiment trained, validated, calibrated and was tested on, as plain JSON (0-based data rows,
 * each list sorted ascending). Saved beside the detector, it lets a later evaluation reuse exactly these rows.
 */
export interface SplitRecord {
  format: typeof SPLIT_FORMAT
  formatVersion: typeof SPLIT_FORMAT_VERSION
  /** Where the train and test rows came from: a seeded stratified split, a split file, or ECG5000's UCR files. */
  source: 'seeded-stratified' | 'file' | 'ucr'
  /** Seed of the split (and of the validation rows drawn from the normal training rows). */
  seed: number
  /** Share of all rows in the test split, as asked; null when the rows were given (file, ucr). */
  testFraction: number | null
  /** Share of the normal training rows held out for validation. */
  validationFraction: number
  /** Rows in the data. */
  rows: number
  /** Normal rows the model is fitted on. */
  trainRows: number[]
  /** Normal rows held out for validation (early stopping, label-free thresholds). */
  validationRows: number[]
  /** The training part's anomalies: used to choose a labelled threshold only, never trained on. */
  calibrationRows: number[]
  /** Rows evaluated on. */
  testRows: number[]
}

/** Options of {@link createSplitRecord}. */
export interface SplitOptions {
  /** Seed. Default 42. */
  seed: number
  /** Share of all rows in the seeded stratified test split; ignored when `given` holds rows. */
  testFraction: number
  /** Share of the normal training rows held out for validation. */
  validationFraction: number
  /** Train and test rows given (a split file, ECG5000's UCR files) instead of a seeded split. */
  given?: { source: 'file' | 'ucr'; trainRows: ArrayLike<number>; testRows: ArrayLike<number> }
}

/**
 * Splits labelled rows for a novelty experiment and records the split: a seeded stratified test split (or the
 * given train and test rows); the training part's normal rows, minus a seeded validation share, train; its
 * anomalies calibrate the threshold only. Throws the split's `E_OPTION` / `E_LABELS` errors.
 */
export function createSplitRecord(labels: Labels, options: SplitOptions): SplitRecord {
  const base = { format: SPLIT_FORMAT, formatVersion: SPLIT_FORMAT_VERSION, seed: options.seed, validationFraction: options.validationFraction, rows: labels.length } as const
  if (options.given === undefined) {
    const split = trainValidationTestSplit(labels, { testFraction: options.testFraction, validationFraction: options.validationFraction, seed: options.seed, stratify: true, normalOnlyTraining: true })
    return { ...base, source: 'seeded-stratified', testFraction: options.testFraction, trainRows: Array.from(split.trainRows), validationRows: Array.from(split.validationRows), calibrationRows: Array.from(split.droppedRows), testRows: Array.from(split.testRows) }
  }
  // Given rows: the validation part is still held out of the normal training rows, seeded.
  const train = Array.from(options.given.trainRows)
  const normal = train.filter((r) => labels[r] === 0)
  const order = permutation(normal.length, options.seed)
  const held = Math.max(1, Math.round(normal.length * options.validationFraction))
  const pick = (from: number, to: number): number[] => Array.from(order.subarray(from, to), (i) => normal[i]).sort((a, b) => a - b)
  return {
    ...base,
    source: options.given.source,
    testFraction: null,
    trainRows: pick(held, order.length),
    validationRows: pick(0, held),
    calibrationRows: train.filter((r) => labels[r] === 1).sort((a, b) => a - b),
    testRows: Array.from(options.given.testRows).sort((a, b) => a - b),
  }
}

/**
 * Reads a {@link SplitRecord} back from parsed JSON, checking every field. `where` names the file in messages.
 * Throws `E_FORMAT` when it is not a split record, `E_FORMAT_VERSION` for another version, `E_CORRUPT` for a
 * missing or malformed field (rows outside [0, rows), a row in two parts).
 */
export function parseSplitRecord(value: unknown, where: string): SplitRecord {
  const record = value as Record<string, unknown> | null
  if (typeof record !== 'object' || record === null || record.format !== SPLIT_FORMAT) {
    throw new AedetectError('E_FORMAT', `${where}: not a split record (format ${JSON.stringify(record?.format)}, expected '${SPLIT_FORMAT}'). Pass the experiment.json that 'aedetect train' saved beside the detector.`)
  }
  if (record.formatVersion !== SPLIT_FORMAT_VERSION) {
    throw new AedetectError('E_FORMAT_VERSION', `${where}: split record version ${JSON.stringify(record.formatVersion)}; this version of @aedetect/evaluation reads version ${SPLIT_FORMAT_VERSION}. Train the detector again, or use the aedetect version that wrote it.`)
  }
  const corrupt = (field: string, expected: string): AedetectError => new AedetectError('E_CORRUPT', `${where}: split field '${field}' is ${JSON.stringify(record[field])?.slice(0, 60)}; expected ${expected}. The file was edited or damaged: train the detector again.`)
  if (!['seeded-stratified', 'file', 'ucr'].includes(record.source as string)) throw corrupt('source', "'seeded-stratified' | 'file' | 'ucr'")
  if (!Number.isInteger(record.seed)) throw corrupt('seed', 'an integer')
  const fraction = (v: unknown): boolean => typeof v === 'number' && v >= 0 && v < 1
  if (!(record.testFraction === null ? record.source !== 'seeded-stratified' : fraction(record.testFraction) && record.testFraction !== 0)) throw corrupt('testFraction', record.source === 'seeded-stratified' ? 'a number in (0, 1)' : 'null (given rows)')
  if (!fraction(record.validationFraction)) throw corrupt('validationFraction', 'a number in [0, 1)')
  const rows = record.rows
  if (!Number.isInteger(rows) || (rows as number) <= 0) throw corrupt('rows', 'a positive integer')
  const seen = new Set<number>()
  for (const field of ['trainRows', 'validationRows', 'calibrationRows', 'testRows'] as const) {
    const list = record[field]
    if (!Array.isArray(list) || !list.every((r) => Number.isInteger(r) && r >= 0 && r < (rows as number))) throw corrupt(field, `an array of integers in [0, ${String(rows)})`)
    for (const r of list as number[]) {
      if (seen.has(r)) throw new AedetectError('E_CORRUPT', `${where}: row ${r} is in two parts of the split (found again in '${field}'). The file was edited or damaged: train the detector again.`)
      seen.add(r)
    }
  }
  if ((record.trainRows as number[]).length === 0 || (record.testRows as number[]).length === 0) throw corrupt((record.trainRows as number[]).length === 0 ? 'trainRows' : 'testRows', 'a non-empty array')
  return record as unknown as SplitRecord
}

/** How a caller names things in {@link checkRequestedSplit}'s messages. */
export interface SplitCheckContext {
  /** The option that sets the test fraction, e.g. '--test-fraction'. */
  option: string
  /** The detector, e.g. 'aedetect-model'. */
  model: string
  /** Where the record was read, e.g. 'aedetect-model/experiment.json'. */
  recordedIn: string
}

/**
 * Refuses a requested test fraction that contradicts the recorded split (rows of the training part would be
 * evaluated as test rows), and data of another size. `requested` undefined (not asked for) always passes.
 * Throws `E_OPTION` in one line naming both values.
 */
export function checkRequestedSplit(split: SplitRecord, requested: { testFraction?: number; rows: number }, context: SplitCheckContext): void {
  const { option, model, recordedIn } = context
  if (requested.rows !== split.rows) {
    throw new AedetectError('E_OPTION', `the data has ${requested.rows} rows, but ${model} was trained on data of ${split.rows} rows (recorded in ${recordedIn}); pass the data it was trained on.`)
  }
  const asked = requested.testFraction
  if (asked === undefined || asked === split.testFraction) return
  const recorded = split.testFraction === null ? `rows given by ${split.source === 'ucr' ? "ECG5000's UCR files" : 'a split file'}` : `test fraction ${split.testFraction}`
  throw new AedetectError('E_OPTION', `${option} ${asked} contradicts the split ${model} was trained on (${recorded}, recorded in ${recordedIn}); leave ${option} out to evaluate on the recorded test rows.`)
}
