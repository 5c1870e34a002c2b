import { AedetectError } from '@aedetect/core'
import type { CsvDelimiter } from './_csv-tokenize'

/** Options shared by {@link parseCsv}, `readCsv` and `streamCsv`. */
export interface CsvOptions {
  /** Label column: its header name, or a 0-based index (negative counts from the end, -1 = last). Default: no labels. */
  label?: string | number
  /**
   * The label-column value that means normal (e.g. `'1.0'` in the TensorFlow `ecg.csv`); every other
   * value is an anomaly (label 1). Compared as numbers when both parse as numbers, else as trimmed
   * strings. Default: the column must already hold 0 (normal) / 1 (anomaly).
   */
  normal?: string
  /** Feature columns by header name or 0-based index, in the order wanted. Default: every column but the label. */
  features?: Array<string | number>
  /** Field separator; `'whitespace'` splits on runs of spaces/tabs. Default: detected from the first line. */
  delimiter?: CsvDelimiter
  /** Whether the first row holds column names. `'auto'` (default): yes when a cell of it is not a number in a column whose next row is. */
  header?: 'auto' | boolean
  /**
   * What to do with an empty, NaN or infinite feature cell: `'error'` (default) throws, `'drop'` skips the
   * row, `'impute-mean'` fills the cell with the mean of its column (not available when streaming).
   * Counts are reported in `droppedRows` / `imputedCells`.
   */
  missing?: 'error' | 'drop' | 'impute-mean'
  /** Name of the data in error messages and in `source` of the result. Default: `'input'` (parseCsv) or the path. */
  source?: string
}

const MISSING = new Set(['', 'nan', 'na', 'n/a', 'null', 'none', '?'])
const INFINITE = /^[+-]?(inf|infinity)$/i
/** The largest value that rounds to a finite float32 (3.4028235677973366e38, half an ulp above the largest float32). */
const FLOAT32_MAX = 3.4028235677973362e38

/** The parsed value of a feature cell: a number, or NaN for a missing/non-finite cell (then `kind` says which). */
function cellValue(cell: string): number {
  const t = cell.trim()
  if (MISSING.has(t.toLowerCase())) return Number.NaN
  if (INFINITE.test(t)) return t.startsWith('-') ? -Infinity : Infinity
  return t === '' ? Number.NaN : Number(t)
}

function isNumeric(cell: string | undefined): boolean {
  if (cell === undefined) return false
  const t = cell.trim()
  return t !== '' && !Number.isNaN(Number(t))
}

/** A cell that can only be a column name: not a number, not a missing-value or infinity marker. */
function isName(cell: string): boolean {
  const t = cell.trim()
  return t !== '' && Number.isNaN(Number(t)) && !MISSING.has(t.toLowerCase()) && !INFINITE.test(t)
}

/** Receives each accepted row: `features` is reused between calls (copy it); `label` is 0/1, or -1 without labels. */
export type RowSink = (features: Float64Array, label: number, line: number) => void

/**
 * Turns tokenized records into feature rows: header detection, column choice, label mapping and
 * missing values. One instance reads one file; `where` and `source` name the caller and the file in errors.
 */
export class CsvRowReader {
  featureNames: string[] = []
  hasLabels = false
  droppedRows = 0
  imputedCells = 0
  dataRows = 0
  /** Per feature column: sum and count of present values, for mean imputation. */
  columnSums = new Float64Array(0)
  columnCounts = new Float64Array(0)
  private pending: { cells: string[]; line: number } | undefined
  private started = false
  private firstIsHeader = false
  private width = 0
  private widthLine = 0
  private featureCols: number[] = []
  private labelCol = -1
  private names: string[] = []
  private row = new Float64Array(0)
  private readonly normal: string | undefined
  private readonly normalNumber: number

  constructor(
    private readonly options: CsvOptions,
    private readonly where: string,
    private readonly source: string,
    private readonly sink: RowSink,
  ) {
    this.normal = options.normal
    this.normalNumber = options.normal !== undefined && isNumeric(options.normal) ? Number(options.normal) : Number.NaN
    const missing = options.missing ?? 'error'
    if (missing !== 'error' && missing !== 'drop' && missing !== 'impute-mean') {
      throw new AedetectError('E_OPTION', `${where}: missing is '${String(missing)}'; expected one of 'error' | 'drop' | 'impute-mean'.`)
    }
    const header = options.header ?? 'auto'
    if (header !== 'auto' && header !== true && header !== false) {
      throw new AedetectError('E_OPTION', `${where}: header is ${JSON.stringify(header)}; expected one of 'auto' | true | false.`)
    }
  }

  /** Feeds one record; `line` is its 1-based line in the file. */
  push(cells: string[], line: number): void {
    if (!this.started) {
      if (this.options.header === 'auto' || this.options.header === undefined) {
        if (this.pending === undefined) {
          this.pending = { cells, line }
          return
        }
        const first = this.pending
        this.pending = undefined
        this.begin(first.cells, first.line, cells)
        if (!this.firstIsHeader) this.readRow(first.cells, first.line)
      } else {
        this.begin(cells, line, undefined)
        if (this.options.header === true) return
      }
    }
    this.readRow(cells, line)
  }

  /** Flushes a buffered first record; throws `E_EMPTY` when no data row was read. */
  finish(): void {
    if (!this.started && this.pending !== undefined) {
      const { cells, line } = this.pending
      this.pending = undefined
      this.begin(cells, line, undefined)
      if (!this.firstIsHeader) this.readRow(cells, line)
    }
    if (this.dataRows === 0) {
      const what = this.started && this.firstIsHeader ? 'holds a header but no data rows' : 'holds no data rows'
      throw new AedetectError('E_EMPTY', `${this.where}: ${this.source} ${what}. Pass a CSV with at least one row of numbers.`)
    }
  }

  private begin(first: string[], firstLine: number, second: string[] | undefined): void {
    this.started = true
    const header = this.options.header
    let isHeader: boolean
    if (header === true || header === false) isHeader = header
    else isHeader = first.some((cell, c) => isName(cell) && (second === undefined || isNumeric(second[c])))
    this.firstIsHeader = isHeader
    this.width = first.length
    this.widthLine = firstLine
    this.names = isHeader ? first.map((cell) => cell.trim()) : first.map((_, c) => `c${c + 1}`)
    const resolve = (spec: string | number, what: string): number => {
      if (typeof spec === 'number') {
        const index = spec < 0 ? this.width + spec : spec
        if (!Number.isInteger(spec) || index < 0 || index >= this.width) {
          throw new AedetectError('E_OPTION', `${this.where}: ${what} column index ${spec} is out of range; ${this.source} has ${this.width} columns (0 … ${this.width - 1}, or -1 for the last).`)
        }
        return index
      }
      const index = this.names.indexOf(spec)
      if (index < 0) {
        const known = isHeader ? `its columns are ${this.names.slice(0, 20).join(', ')}${this.names.length > 20 ? ', …' : ''}` : 'it has no header row, so choose columns by 0-based index'
        throw new AedetectError('E_OPTION', `${this.where}: ${what} column '${spec}' is not in ${this.source}; ${known}.`)
      }
      return index
    }
    this.labelCol = this.options.label === undefined ? -1 : resolve(this.options.label, 'label')
    this.hasLabels = this.labelCol >= 0
    this.featureCols = this.options.features
      ? this.options.features.map((f) => resolve(f, 'feature'))
      : Array.from({ length: this.width }, (_, c) => c).filter((c) => c !== this.labelCol)
    if (this.featureCols.length === 0) {
      throw new AedetectError('E_OPTION', `${this.where}: ${this.source} has no feature columns left besides the label column. Pass a file with at least one feature column.`)
    }
    this.featureNames = this.featureCols.map((c) => this.names[c])
    this.row = new Float64Array(this.featureCols.length)
    this.columnSums = new Float64Array(this.featureCols.length)
    this.columnCounts = new Float64Array(this.featureCols.length)
  }

  private cellName(c: number): string {
    return `column ${c + 1} ('${this.names[c]}')`
  }

  private readRow(cells: string[], line: number): void {
    if (cells.length !== this.width) {
      throw new AedetectError('E_RAGGED', `${this.where}: ${this.source} line ${line} has ${cells.length} columns; expected ${this.width} (as on line ${this.widthLine}). Give every row the same number of fields.`)
    }
    const missing = this.options.missing ?? 'error'
    let label = -1
    if (this.labelCol >= 0) {
      label = this.labelOf(cells[this.labelCol], line)
      if (label < 0) {
        if (missing === 'drop') {
          this.droppedRows++
          return
        }
        throw new AedetectError('E_LABELS', `${this.where}: ${this.source} line ${line}, label ${this.cellName(this.labelCol)} is empty. Fill in the label, or set missing: 'drop' to skip such rows.`)
      }
    }
    const row = this.row
    let missingCells = 0
    for (let j = 0; j < this.featureCols.length; j++) {
      const c = this.featureCols[j]
      const cell = cells[c]
      // Fast path for plain numbers; Number('') and Number('  ') are 0, so a zero needs a second look.
      const fast = +cell
      if (fast - fast === 0 && (fast !== 0 || cell.trim() !== '')) {
        // Samples are float32: a finite cell beyond its range (1e300) would become ±Infinity there.
        if (fast > FLOAT32_MAX || fast < -FLOAT32_MAX) this.outOfRange(cell, c, line)
        row[j] = fast
        continue
      }
      const v = cellValue(cell)
      if (Number.isFinite(v)) {
        if (v > FLOAT32_MAX || v < -FLOAT32_MAX) this.outOfRange(cell, c, line)
        row[j] = v
        continue
      }
      const trimmed = cell.trim()
      if (Number.isNaN(v) && !MISSING.has(trimmed.toLowerCase())) {
        throw new AedetectError('E_PARSE', `${this.where}: ${this.source} line ${line}, ${this.cellName(c)} is '${trimmed}', not a number. Fix the cell, or leave the column out with the features option.`)
      }
      if (missing === 'error') {
        const what = trimmed === '' ? 'is empty' : `is '${trimmed}'`
        throw new AedetectError('E_NOT_FINITE', `${this.where}: ${this.source} line ${line}, ${this.cellName(c)} ${what}; every feature must be a finite number. Set missing: 'drop' to skip such rows or missing: 'impute-mean' to fill them with the column mean.`)
      }
      row[j] = Number.NaN
      missingCells++
    }
    if (missingCells > 0 && missing === 'drop') {
      this.droppedRows++
      return
    }
    for (let j = 0; j < row.length; j++) {
      if (row[j] === row[j]) {
        this.columnSums[j] += row[j]
        this.columnCounts[j]++
      }
    }
    this.imputedCells += missingCells
    this.dataRows++
    this.sink(row, label, line)
  }

  private outOfRange(cell: string, c: number, line: number): never {
    throw new AedetectError('E_NOT_FINITE', `${this.where}: ${this.source} line ${line}, ${this.cellName(c)} is '${cell.trim()}', beyond the float32 range (±3.4e38) that samples are stored in. Rescale the column, or leave it out with the features option.`)
  }

  /** 0 or 1, or -1 for an empty (missing) label cell. */
  private labelOf(cell: string, line: number): number {
    const t = cell.trim()
    if (MISSING.has(t.toLowerCase())) return -1
    if (this.normal !== undefined) {
      if (this.normalNumber === this.normalNumber && isNumeric(t)) return Number(t) === this.normalNumber ? 0 : 1
      return t === this.normal.trim() ? 0 : 1
    }
    const v = Number(t)
    if (t !== '' && (v === 0 || v === 1)) return v
    throw new AedetectError('E_LABELS', `${this.where}: ${this.source} line ${line}, label ${this.cellName(this.labelCol)} is '${t}'; without the normal option labels must be 0 (normal) or 1 (anomaly). Set normal to the value that means normal (e.g. normal: '${t}') to map the others to anomalies.`)
  }
}
