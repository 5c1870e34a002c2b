import { AedetectError, type Labels, type Samples } from '@aedetect/core'
import { toText } from './_bytes'
import { parseCsvAs } from './parse-csv'

/** One anomaly segment of an SMD machine with the metrics that caused it. */
export interface SmdInterpretation {
  /** First test row of the segment (0-based). */
  start: number
  /** One past the last test row (0-based, exclusive), as in the upstream files. */
  end: number
  /** The metrics that caused it, as **0-based** column indices into `featureNames` (upstream writes them 1-based). */
  dimensions: number[]
}

/** One SMD machine: unlabelled train half, labelled test half, and per-segment causes. */
export interface SmdMachine {
  /** `'machine-1-2'` etc. */
  machine: string
  /** Train rows `[t, 38]`, values in [0, 1] (min–max normalised upstream); unlabelled. */
  train: Samples
  /** Test rows `[t, 38]`. */
  test: Samples
  /** One label per test row, 1 = anomaly. */
  testLabels: Labels
  /** The anomaly segments with the metrics that caused them (ground truth for per-feature explanations). */
  interpretation: SmdInterpretation[]
  /** `'f0'` … `'f37'` (column meanings are not published upstream). */
  featureNames: string[]
}

/** The raw files of one machine (text or UTF-8 bytes). */
export interface SmdFiles {
  train: string | Uint8Array
  test: string | Uint8Array
  testLabels: string | Uint8Array
  interpretation: string | Uint8Array
}

/**
 * Parses one SMD machine from its four files. Throws `E_LENGTH_MISMATCH` when the test labels and test
 * rows differ in count, `E_PARSE` for a bad interpretation line, and the {@link parseCsv} errors
 * (ragged rows, non-numeric cells) naming `<part>/<machine>.txt` and the line.
 */
export function parseSmdMachine(files: SmdFiles, options: { machine: string }): SmdMachine {
  const { machine } = options
  const read = (part: 'train' | 'test', input: string | Uint8Array): Samples =>
    parseCsvAs(input, { header: false, delimiter: ',' }, 'parseSmdMachine()', `${part}/${machine}.txt`).x
  const train = read('train', files.train)
  const test = read('test', files.test)
  const labelTable = parseCsvAs(files.testLabels, { header: false, delimiter: ',', label: 0, features: [0] }, 'parseSmdMachine()', `test_label/${machine}.txt`)
  const testLabels = labelTable.labels as Labels
  if (testLabels.length !== test.shape[0]) {
    throw new AedetectError('E_LENGTH_MISMATCH', `parseSmdMachine(): test_label/${machine}.txt has ${testLabels.length} labels but test/${machine}.txt has ${test.shape[0]} rows. Pass the files of one machine.`)
  }
  const width = test.shape[1]
  const interpretation: SmdInterpretation[] = []
  toText(files.interpretation).split('\n').forEach((raw, i) => {
    const text = raw.trim()
    if (text === '') return
    const m = /^(\d+)-(\d+):([\d,]+)$/.exec(text)
    const dims = m ? m[3].split(',').map(Number) : []
    if (!m || dims.some((d) => d < 1 || d > width)) {
      throw new AedetectError('E_PARSE', `parseSmdMachine(): interpretation_label/${machine}.txt line ${i + 1} is '${text}'; expected 'start-end:d1,d2,…' with 1-based columns 1 … ${width}.`)
    }
    interpretation.push({ start: Number(m[1]), end: Number(m[2]), dimensions: dims.map((d) => d - 1) })
  })
  return { machine, train, test, testLabels, interpretation, featureNames: Array.from({ length: width }, (_, j) => `f${j}`) }
}
