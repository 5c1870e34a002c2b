import { AedetectError } from '@aedetect/core'
import type { Labels, Samples } from '@aedetect/core'
import { toText } from './_bytes'
import { detectDelimiter, tokenizeCsv } from './_csv-tokenize'
import { CsvRowReader, type CsvOptions } from './_csv-rows'

/** A numeric table read from CSV. */
export interface CsvTable {
  /** Feature rows, `[rowCount, featureNames.length]`. */
  x: Samples
  /** One label per row, 1 = anomaly (present when the `label` option was given). */
  labels?: Labels
  /** Names of the feature columns, in order: header cells, or `c1`, `c2`, … (1-based column numbers) without a header. */
  featureNames: string[]
  /** Rows in `x`. */
  rowCount: number
  /** Rows skipped by `missing: 'drop'`. */
  droppedRows: number
  /** Cells filled by `missing: 'impute-mean'`. */
  imputedCells: number
  /** What was read: the `source` option, the path, or `'input'`. */
  source: string
}

/**
 * Parses CSV text (or UTF-8 bytes) into a numeric table: header detection, label and feature columns by
 * name or index, delimiter detection. Runs in the browser; in Node, `readCsv` reads a file.
 * Labels: 1 = anomaly (see {@link CsvOptions.normal}).
 *
 * Throws `E_RAGGED` (a row with another number of fields: source, line, expected count), `E_PARSE`
 * (a non-numeric feature cell), `E_NOT_FINITE` (an empty, NaN or infinite cell with `missing: 'error'`),
 * `E_LABELS` (a label that is not 0/1 without `normal`), `E_EMPTY` (no data rows), `E_OPTION`
 * (an unknown column). Lines in messages are 1-based, as an editor shows them.
 */
export function parseCsv(input: string | Uint8Array, options: CsvOptions = {}): CsvTable {
  return parseCsvAs(input, options, 'parseCsv()', options.source ?? 'input')
}

/** {@link parseCsv} with the caller's name for messages (readCsv and the dataset loaders use it). */
export function parseCsvAs(input: string | Uint8Array, options: CsvOptions, where: string, source: string): CsvTable {
  const text = toText(input)
  const delimiter = options.delimiter ?? detectDelimiter(text.slice(0, 65536))
  let width = 0
  let data = new Float32Array(0)
  let labels = new Uint8Array(0)
  let rows = 0
  const impute = options.missing === 'impute-mean'
  const missingAt: number[] = []
  const reader = new CsvRowReader(options, where, source, (row, label) => {
    if (width === 0) {
      width = row.length
      const guess = Math.max(16, Math.ceil(text.length / (width * 8)))
      data = new Float32Array(guess * width)
      labels = new Uint8Array(guess)
    }
    if ((rows + 1) * width > data.length) {
      const grown = new Float32Array(data.length * 2)
      grown.set(data)
      data = grown
      const grownLabels = new Uint8Array(labels.length * 2)
      grownLabels.set(labels)
      labels = grownLabels
    }
    const base = rows * width
    for (let j = 0; j < width; j++) {
      const v = row[j]
      data[base + j] = v
      if (impute && v !== v) missingAt.push(base + j)
    }
    if (label >= 0) labels[rows] = label
    rows++
  })
  const upTo = tokenizeCsv(text, delimiter, (cells, line) => reader.push(cells, line))
  if (upTo.unclosedQuoteLine !== undefined) throw unclosedQuote(where, source, upTo.unclosedQuoteLine)
  reader.finish()
  for (const at of missingAt) {
    const j = at % width
    const count = reader.columnCounts[j]
    if (count === 0) {
      throw new AedetectError('E_NOT_FINITE', `${where}: ${source} column '${reader.featureNames[j]}' has no value in any row, so it has no mean to impute. Leave it out with the features option.`)
    }
    data[at] = reader.columnSums[j] / count
  }
  const x: Samples = { data: data.length === rows * width ? data : data.slice(0, rows * width), shape: [rows, width] }
  return {
    x,
    ...(reader.hasLabels ? { labels: labels.slice(0, rows) } : {}),
    featureNames: reader.featureNames,
    rowCount: rows,
    droppedRows: reader.droppedRows,
    imputedCells: reader.imputedCells,
    source,
  }
}

/** The error of a quote that is never closed (the rest of the file would otherwise be read as one cell). */
export function unclosedQuote(where: string, source: string, line: number): AedetectError {
  return new AedetectError('E_PARSE', `${where}: ${source} line ${line}: a quoted cell opened on this line is never closed. Check the quoting of that line.`)
}
