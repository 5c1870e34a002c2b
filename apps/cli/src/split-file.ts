import { readFile } from 'node:fs/promises'
import { AedetectError, type Labels } from '@aedetect/core'
import { trainValidationTestSplit } from '@aedetect/preprocessing'
import { jsonSyntaxError } from './json-file'

/** Train and test rows given explicitly: 0-based data rows. */
export interface SplitRows {
  trainRows: Uint32Array
  testRows: Uint32Array
}

/**
 * Reads `--split-file FILE` (JSON `{ "trainRows": [...], "testRows": [...] }`, 0-based data rows); with
 * `key` (`--split-key tables.cardio.0`), the object at that dotted path of the file. Rows must be
 * integers in [0, rows) and the two lists must not share a row.
 * Throws `E_NOT_FOUND` for a missing file, `E_PARSE` naming the line and column of bad JSON or the field
 * at fault.
 */
export async function readSplitFile(file: string, rows: number, key?: string): Promise<SplitRows> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (cause) {
    throw new AedetectError('E_NOT_FOUND', `--split-file ${file}: cannot read the file (${(cause as NodeJS.ErrnoException).code ?? 'error'}). Pass a JSON file { "trainRows": [...], "testRows": [...] }.`, { cause })
  }
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (cause) {
    throw jsonSyntaxError(file, text, cause, 'Pass a JSON file { "trainRows": [...], "testRows": [...] }.')
  }
  let where = file
  if (key !== undefined) {
    for (const part of key.split('.')) {
      value = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[part] : undefined
      if (value === undefined) {
        throw new AedetectError('E_PARSE', `--split-key ${key}: ${file} has no field '${part}' on that path. Pass the dotted path of an object { trainRows, testRows } in the file.`)
      }
    }
    where = `${file} at ${key}`
  }
  const list = (name: 'trainRows' | 'testRows'): Uint32Array => {
    const got = (value as Record<string, unknown> | null)?.[name]
    if (!Array.isArray(got) || got.length === 0) {
      throw new AedetectError('E_PARSE', `--split-file ${where}: field '${name}' is missing or empty; expected a non-empty array of 0-based data rows.`)
    }
    const out = new Uint32Array(got.length)
    for (let i = 0; i < got.length; i++) {
      const r = got[i]
      if (!Number.isInteger(r) || r < 0 || r >= rows) {
        throw new AedetectError('E_PARSE', `--split-file ${where}: ${name}[${i}] is ${JSON.stringify(r)}; the data has ${rows} rows, so rows are integers 0 to ${rows - 1}.`)
      }
      out[i] = r
    }
    return out
  }
  const trainRows = list('trainRows')
  const testRows = list('testRows')
  const train = new Set(trainRows)
  const shared = testRows.find((r) => train.has(r))
  if (shared !== undefined) {
    throw new AedetectError('E_PARSE', `--split-file ${where}: row ${shared} is in both trainRows and testRows. A row belongs to one part only.`)
  }
  return { trainRows, testRows }
}

/** The values of `--split`: 'ucr', ECG5000's original UCR train and test files. */
export const SPLIT_CHOICES = ['ucr'] as const

/**
 * The rows of `--split ucr`: ECG5000's UCR train file (500 beats) as the training part and its test file (4,500)
 * as the test split, as `--split-file` would give them. Throws `E_OPTION` for data without a UCR split (naming
 * `--data`) or with `--split-file` as well.
 */
export function ucrSplitRows(data: { name: string; ucrSplit?: Uint8Array }, opts: { splitFile?: string; data?: string; csv?: string }): SplitRows {
  if (opts.splitFile !== undefined) {
    throw new AedetectError('E_OPTION', `--split ucr and --split-file ${opts.splitFile} both name the split; pass one of them.`)
  }
  const split = data.ucrSplit
  if (split === undefined) {
    const given = opts.csv !== undefined ? `--csv ${opts.csv}` : `--data ${opts.data}`
    throw new AedetectError('E_OPTION', `--split ucr: ${given} has no UCR train/test files; only --data ecg5000 has. Use --split-file FILE for your own split, or leave --split out for a seeded one.`)
  }
  let train = 0
  for (let i = 0; i < split.length; i++) train += split[i] === 0 ? 1 : 0
  const trainRows = new Uint32Array(train)
  const testRows = new Uint32Array(split.length - train)
  let a = 0
  let b = 0
  for (let i = 0; i < split.length; i++) {
    if (split[i] === 0) trainRows[a++] = i
    else testRows[b++] = i
  }
  return { trainRows, testRows }
}

/**
 * The explicit split of a run: `--split ucr`, `--split-file FILE [--split-key PATH]`, or undefined (a seeded
 * split by `--test-fraction`). Throws what {@link readSplitFile} and {@link ucrSplitRows} throw.
 */
export async function splitRowsFor(
  data: { name: string; x: { shape: number[] }; ucrSplit?: Uint8Array },
  opts: { split?: string; splitFile?: string; splitKey?: string; data?: string; csv?: string },
): Promise<SplitRows | undefined> {
  if (opts.split === 'ucr') return ucrSplitRows(data, opts)
  if (opts.splitFile === undefined) return undefined
  return readSplitFile(opts.splitFile, data.x.shape[0], opts.splitKey)
}

/**
 * How many anomalies the training part holds (the calibration rows of the labelled threshold strategies; they
 * are never trained on): those of `rows.trainRows`, or of the seeded stratified split `train` makes.
 */
export function calibrationAnomalyCount(labels: Labels, options: { rows?: SplitRows; testFraction: number; validationFraction: number; seed: number }): number {
  if (options.rows !== undefined) {
    let count = 0
    for (const r of options.rows.trainRows) count += labels[r]
    return count
  }
  let anomalies = 0
  for (let i = 0; i < labels.length; i++) anomalies += labels[i]
  if (anomalies === 0) return 0
  const split = trainValidationTestSplit(labels, { testFraction: options.testFraction, validationFraction: options.validationFraction, seed: options.seed, stratify: true, normalOnlyTraining: true })
  return split.droppedRows.length
}
