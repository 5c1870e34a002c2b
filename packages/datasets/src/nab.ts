import { AedetectError, type Labels } from '@aedetect/core'
import { toText } from './_bytes'
import { tokenizeCsv } from './_csv-tokenize'

/** One NAB series with its ground truth. */
export interface NabSeries {
  /** File name without `.csv`, e.g. `'speed_7578'`. */
  name: string
  /** NAB folder, e.g. `'realTraffic'`. */
  category: string
  /** Row timestamps in ms since 1970 (the file's times read as UTC), in file order (repeats and gaps kept). */
  timestamps: Float64Array
  /** Row values. */
  values: Float32Array
  /** Point labels, 1 = anomaly: rows whose timestamp lies inside an anomaly window, both ends included. */
  labels: Labels
  /** NAB's anomaly windows, inclusive, as written in `combined_windows.json`. */
  windows: Array<{ start: string; end: string }>
  /** The exact anomaly timestamps of `combined_labels.json`. */
  labelledTimestamps: string[]
  /** Row index of each labelled timestamp (its first row), in the same order. */
  labelledRows: Uint32Array
}

/** Options of {@link parseNabSeries}: the series' identity and its entries of the two NAB label files. */
export interface NabSeriesOptions {
  name: string
  category: string
  /** Its entry of `combined_windows.json`: `[start, end]` pairs. Default: none. */
  windows?: Array<[string, string]>
  /** Its entry of `combined_labels.json`. Default: none. */
  labelledTimestamps?: string[]
  /** File name for messages. Default: `<category>/<name>.csv`. */
  source?: string
}

const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?$/

/** Milliseconds since 1970 of a NAB timestamp `YYYY-MM-DD HH:MM:SS[.ffffff]`, read as UTC; NaN when it does not match. */
export function parseNabTimestamp(text: string): number {
  const m = TIMESTAMP.exec(text.trim())
  if (!m) return Number.NaN
  const ms = m[7] ? Number(`0.${m[7]}`) * 1000 : 0
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6])) + ms
}

/**
 * Parses one NAB CSV (`timestamp,value`) and labels its rows from the windows: a row is an anomaly
 * (1) when its timestamp lies in some window, ends included. Rows stay in file order (NAB scores by
 * row). Throws `E_PARSE` naming the line of a bad timestamp or value, `E_FORMAT` for another header,
 * `E_EMPTY` for no rows.
 */
export function parseNabSeries(csv: string | Uint8Array, options: NabSeriesOptions): NabSeries {
  const source = options.source ?? `${options.category}/${options.name}.csv`
  const times: number[] = []
  const vals: number[] = []
  let headerSeen = false
  tokenizeCsv(toText(csv), ',', (cells, line) => {
    if (!headerSeen) {
      headerSeen = true
      if (cells[0]?.trim() !== 'timestamp' || cells[1]?.trim() !== 'value') {
        throw new AedetectError('E_FORMAT', `parseNabSeries(): ${source} line ${line} is '${cells.join(',')}'; expected the header 'timestamp,value'. Pass a NAB data file.`)
      }
      return
    }
    const t = parseNabTimestamp(cells[0])
    const v = Number(cells[1])
    if (cells.length !== 2 || Number.isNaN(t) || cells[1].trim() === '' || !Number.isFinite(v)) {
      throw new AedetectError('E_PARSE', `parseNabSeries(): ${source} line ${line} is '${cells.join(',')}'; expected 'YYYY-MM-DD HH:MM:SS,<number>'.`)
    }
    times.push(t)
    vals.push(v)
  })
  if (times.length === 0) {
    throw new AedetectError('E_EMPTY', `parseNabSeries(): ${source} holds no rows. Pass a NAB data file.`)
  }
  const timestamps = Float64Array.from(times)
  const windows = (options.windows ?? []).map(([start, end]) => ({ start, end }))
  const labels = new Uint8Array(timestamps.length)
  for (const w of windows) {
    const start = parseNabTimestamp(w.start)
    const end = parseNabTimestamp(w.end)
    for (let i = 0; i < timestamps.length; i++) if (timestamps[i] >= start && timestamps[i] <= end) labels[i] = 1
  }
  const labelledTimestamps = options.labelledTimestamps ?? []
  const labelledRows = new Uint32Array(labelledTimestamps.length)
  labelledTimestamps.forEach((text, k) => {
    const t = parseNabTimestamp(text)
    const row = timestamps.indexOf(t)
    if (row < 0) {
      throw new AedetectError('E_LABELS', `parseNabSeries(): labelled timestamp '${text}' of ${source} is not a row of the file. Pass the label entries of this series.`)
    }
    labelledRows[k] = row
  })
  return { name: options.name, category: options.category, timestamps, values: Float32Array.from(vals), labels, windows, labelledTimestamps, labelledRows }
}
