import { AedetectError } from '@aedetect/core'
import { fetchEcg5000, parseCsv } from '@aedetect/datasets'
import ecgTestUrl from '@aedetect/datasets/data/ECG5000_TEST.txt.gz?url'
import ecgTrainUrl from '@aedetect/datasets/data/ECG5000_TRAIN.txt.gz?url'
import type { LabelledData } from './run-demo'

/** ECG5000 from the files the datasets package ships, served by vite as assets; checksums verified. */
export async function loadEcg5000(): Promise<LabelledData> {
  const ecg = await fetchEcg5000({ train: new URL(ecgTrainUrl, document.baseURI), test: new URL(ecgTestUrl, document.baseURI) })
  return { name: 'ECG5000 (bundled, 5,000 beats × 140 steps)', x: ecg.x, labels: ecg.labels, featureNames: ecg.featureNames }
}

/** Options of {@link parseLabelledCsv}, as typed into the page. */
export interface CsvChoice {
  /** Label column: header name, or a 0-based index. */
  label: string
  /** The label value meaning normal; empty = the column holds 0 (normal) / 1 (anomaly). */
  normal: string
}

/**
 * A user's CSV file as bytes: numeric feature columns and one label column (1 = anomaly). Pure, so the CSV
 * worker runs it. Throws `parseCsv`'s errors (`E_RAGGED` with the 1-based line, `E_PARSE`, …) and `E_OPTION` /
 * `E_LABELS` for a missing label column.
 */
export function parseLabelledCsv(bytes: Uint8Array, fileName: string, choice: CsvChoice): LabelledData {
  const label = /^-?\d+$/.test(choice.label.trim()) ? Number(choice.label.trim()) : choice.label.trim()
  if (label === '') throw new AedetectError('E_OPTION', `${fileName}: no label column given. Type the label column's header name or its 0-based index (-1 = last column).`)
  const table = parseCsv(bytes, { label, normal: choice.normal.trim() === '' ? undefined : choice.normal.trim(), source: fileName })
  if (!table.labels) throw new AedetectError('E_LABELS', `${fileName}: no labels were read. Name the label column.`)
  return { name: `${fileName} (${table.rowCount} rows × ${table.featureNames.length} features)`, x: table.x, labels: table.labels, featureNames: table.featureNames }
}
