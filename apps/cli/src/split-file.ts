import { readFile } from 'node:fs/promises'
import { AedetectError } from '@aedetect/core'
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
