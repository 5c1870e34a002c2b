import { AedetectError, type Labels, type Samples } from '@aedetect/core'
import { parseMat } from './mat-file'
import { parseCsvAs } from './parse-csv'

/** An ODDS table: features and outlier labels. */
export interface OddsDataset {
  /** Features `[n, d]` (float32). */
  x: Samples
  /** 1 = outlier (anomaly), 0 = inlier. */
  labels: Labels
  /** `'f0'` … `'f{d-1}'` (the CSV header names). */
  featureNames: string[]
  /** Where the data came from. */
  source: string
}

/** The ODDS data sets of the shared data folder. */
export const ODDS_NAMES = ['arrhythmia', 'cardio', 'ionosphere', 'musk', 'satimage-2', 'shuttle'] as const

/**
 * Parses one ODDS data set from its `.mat` file (variables `X` and `y`) or its CSV version (header
 * `f0,…,label`). Labels: 1 = outlier. Throws `E_FORMAT` when `X`/`y` are missing or disagree,
 * `E_LABELS` when `y` holds values other than 0/1, and the {@link parseMat} / {@link parseCsv} errors.
 */
export function parseOdds(bytes: Uint8Array, options: { format: 'mat' | 'csv'; source?: string }): OddsDataset {
  const source = options.source ?? `input.${options.format}`
  if (options.format === 'csv') {
    const table = parseCsvAs(bytes, { label: 'label', header: true }, 'parseOdds()', source)
    return { x: table.x, labels: table.labels as Labels, featureNames: table.featureNames, source }
  }
  if (options.format !== 'mat') {
    throw new AedetectError('E_OPTION', `parseOdds(): format is '${String(options.format)}'; expected one of 'mat' | 'csv'.`)
  }
  const mat = parseMat(bytes, { source })
  const X = mat.variables.X
  const y = mat.variables.y
  if (!X || !y || X.dims.length !== 2) {
    throw new AedetectError('E_FORMAT', `parseOdds(): ${source} holds the variables ${Object.keys(mat.variables).join(', ') || '(none)'}; expected a 2-D matrix X and a label vector y. Pass an ODDS .mat file.`)
  }
  const [n, d] = X.dims
  if (y.data.length !== n) {
    throw new AedetectError('E_FORMAT', `parseOdds(): ${source} has ${n} rows in X but ${y.data.length} labels in y. The file is not an ODDS data set.`)
  }
  const labels = new Uint8Array(n)
  for (let i = 0; i < n; i++) {
    const v = y.data[i]
    if (v !== 0 && v !== 1) {
      throw new AedetectError('E_LABELS', `parseOdds(): ${source} y(${i + 1}) is ${v}; ODDS labels are 0 (inlier) or 1 (outlier).`)
    }
    labels[i] = v
  }
  return { x: { data: Float32Array.from(X.data), shape: [n, d] }, labels, featureNames: Array.from({ length: d }, (_, j) => `f${j}`), source }
}
