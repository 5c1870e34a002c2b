import { AedetectError } from '@aedetect/core'
import { streamCsv } from '@aedetect/datasets/node'

/** Without a header the CSV reader names columns c1, c2, … (1-based). */
function positionalNames(names: string[]): boolean {
  return names.every((name, i) => name === `c${i + 1}`)
}

/**
 * The `features` option that reads a CSV's columns in the order of the detector's features: their names
 * when the file has a header (so reordered columns score the same), else undefined (by position; so also
 * with `byPosition`). Reads only the first rows. Throws `E_FEATURE_COUNT` (data) naming a feature missing from the
 * header, or a header column that is no feature (and not the label), with the fix.
 */
export async function featureColumns(input: string, options: { label?: string | number; byPosition: boolean; model: string; featureNames: string[] }): Promise<string[] | undefined> {
  if (options.byPosition || options.featureNames.length === 0) return undefined
  let names: string[] | undefined
  // The first batch names the columns. Not batchSize 1: the reader parses its whole first chunk (1 MB, some
  // 50,000 rows) into batches before the first is taken, and 50,000 one-row batches doubled the heap.
  for await (const batch of streamCsv(input, { label: options.label, batchSize: 10_000 })) {
    names = batch.featureNames
    break
  }
  if (names === undefined || positionalNames(names)) return undefined
  const expected = options.featureNames
  const trained = `${expected.slice(0, 8).join(', ')}${expected.length > 8 ? `, … (${expected.length})` : ''}`
  const missing = expected.filter((name) => !names.includes(name))
  if (missing.length > 0) {
    throw new AedetectError('E_FEATURE_COUNT', `${input}: the header has no column '${missing[0]}'${missing.length > 1 ? ` (and ${missing.length - 1} more missing)` : ''}; the detector in ${options.model} was trained on ${trained}. Add the column, rename it, or pass --by-position to match columns by position.`)
  }
  const extra = names.filter((name) => !expected.includes(name))
  if (extra.length > 0) {
    throw new AedetectError('E_FEATURE_COUNT', `${input}: column '${extra[0]}' is not a feature of the detector in ${options.model} (trained on ${trained}). Remove it, name it with --label if it is the label, or pass --by-position to match columns by position.`)
  }
  return expected
}
