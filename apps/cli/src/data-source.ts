import { AedetectError, type Labels, type Samples } from '@aedetect/core'
import { oneClass, syntheticSeries, syntheticTable, type SmdInterpretation } from '@aedetect/datasets'
import { loadEcg5000, loadMnist, loadNabSeries, loadOdds, loadSmdMachine, readCsv } from '@aedetect/datasets/node'

/**
 * What one sample of a labelled set is: a row of features `[features]`, a fixed-length sequence
 * `[steps, channels]` (an ECG beat), or an image `[height, width, channels]` — `@aedetect/evaluation`'s kinds.
 */
export type SampleKind = 'tabular' | 'sequence' | 'image'

/** A {@link SampleKind}, or 'series': one long time series cut into windows by the detector (NAB, SMD). */
export type DataKind = SampleKind | 'series'

/** A labelled data set ready for the main job: samples (rows, sequences or images) with 0/1 labels, 1 = anomaly. */
export interface LoadedTable {
  kind: SampleKind
  /** What the data is, for reports: e.g. 'ODDS cardio (…/odds/cardio.csv)'. */
  name: string
  x: Samples
  labels: Labels
  /** One name per value of a sample (a sequence `[140, 1]` has 140). */
  featureNames: string[]
  /** ECG5000 only: 0 = a row of the UCR train file, 1 = of the test file (`--split ucr`). */
  ucrSplit?: Uint8Array
  /** The sample shape a row has when read as a sequence (ECG5000: `[140, 1]`), used by `--architecture conv1d|lstm`. */
  sequenceShape?: [number, number]
}

/**
 * A labelled time series: `train` is normal-only history to fit on (SMD's train half, NAB's probationary
 * prefix), `test` the labelled part scored point by point.
 */
export interface LoadedSeries {
  kind: 'series'
  name: string
  /** Training part `[t, channels]`; its labels are unknown or all normal. */
  train: Samples
  /** Test part `[t, channels]`. */
  test: Samples
  /** One label per test point, 1 = anomaly. */
  testLabels: Labels
  featureNames: string[]
  /** SMD's per-segment causes, as 0-based feature indices into `featureNames`. */
  interpretation?: SmdInterpretation[]
}

export type LoadedData = LoadedTable | LoadedSeries

/** The data options shared by train, evaluate, explain and report. */
export interface DataOptions {
  data?: string
  csv?: string
  label?: string
  normal?: string
  features?: string
  dataDir?: string
  seed?: number
  /** `--missing`: what a CSV's empty, NaN or infinite cells do (default 'error'). */
  missing?: MissingChoice
  /** `--shape`: each row read as a sequence (`140x1`) or an image (`28x28x1`). */
  shape?: string
  /** `--architecture`: conv1d and lstm read ECG5000's rows as sequences `[140, 1]`. */
  architecture?: string
  /**
   * A saved detector's sample shape (evaluate, explain, report): rows holding as many values are read with it,
   * so a detector trained with `--shape` or on ECG5000 sequences scores the same rows without the flag again.
   */
  sampleShape?: number[]
}

/** The values of `--missing`. */
export const MISSING_CHOICES = ['error', 'drop', 'impute-mean'] as const

/** What `--missing` does with a CSV's empty, NaN or infinite cells: refuse the file, skip the row, or fill the column mean. */
export type MissingChoice = (typeof MISSING_CHOICES)[number]

export const DATA_SOURCES = 'ecg5000 | mnist:<class> | fashion-mnist:<class> | nab:<series> | odds:<table> | smd:<machine> | synthetic:table | synthetic:series'

/**
 * Loads the data named by `--data SOURCE` or `--csv FILE --label COLUMN [--normal VALUE] [--features a,b]`.
 * Throws `E_OPTION` (usage) for an unknown source or a CSV without a label column; the loaders' own
 * errors (`E_NOT_FOUND`, `E_CHECKSUM`, `E_PARSE`, …) name the file.
 */
export async function loadData(options: DataOptions): Promise<LoadedData> {
  const data = await loadSource(options)
  if (data.kind === 'series') {
    if (options.shape !== undefined) {
      throw new AedetectError('E_OPTION', `--shape ${options.shape}: ${data.name} is a time series, cut into windows of --window points; --shape applies to labelled rows (--csv, ecg5000, odds:, mnist:). Leave --shape out.`)
    }
    return data
  }
  if (options.shape !== undefined) return withSampleShape(data, parseShape(options.shape), `--shape ${options.shape}`)
  const saved = options.sampleShape
  if (saved !== undefined && saved.length > 1 && saved.join('x') !== data.x.shape.slice(1).join('x') && saved.reduce((a, b) => a * b, 1) === data.x.data.length / Math.max(1, data.x.shape[0])) {
    return withSampleShape(data, saved, `the detector's sample shape ${saved.join('x')}`)
  }
  if (data.sequenceShape !== undefined && (options.architecture === 'conv1d' || options.architecture === 'lstm')) {
    return withSampleShape(data, data.sequenceShape, `--architecture ${options.architecture}`)
  }
  return data
}

/**
 * Parses `--shape`: `140x1` (a sequence of 140 steps, 1 channel) or `28x28x1` (an image); each part a positive
 * integer. Throws `E_OPTION` naming the flag.
 */
export function parseShape(text: string): number[] {
  const parts = text.split('x')
  const dims = parts.map(Number)
  if ((parts.length !== 2 && parts.length !== 3) || dims.some((d) => !Number.isInteger(d) || d < 1)) {
    throw new AedetectError('E_OPTION', `--shape ${text}: expected STEPSxCHANNELS for sequences (e.g. 140x1) or HEIGHTxWIDTHxCHANNELS for images (e.g. 28x28x1), each a positive integer.`)
  }
  return dims
}

/**
 * The same rows read with another sample shape: 2 axes make sequences `[steps, channels]`, 3 make images
 * `[height, width, channels]`. The values stay in place (row-major). Throws `E_OPTION` (naming `flag`, the
 * shape's value count and the data's) when the counts differ.
 */
export function withSampleShape(data: LoadedTable, shape: number[], flag: string): LoadedTable {
  const values = data.x.data.length / Math.max(1, data.x.shape[0])
  const want = shape.reduce((a, b) => a * b, 1)
  if (want !== values) {
    throw new AedetectError('E_OPTION', `${flag}: ${shape.join(' × ')} is ${want} values per sample, but ${data.name} has ${values} per row${data.x.shape.length > 2 ? ` (${data.x.shape.slice(1).join(' × ')})` : ''}. Pass a shape whose product is ${values}, e.g. --shape ${values}x1.`)
  }
  const kind: SampleKind = shape.length === 2 ? 'sequence' : 'image'
  return { ...data, kind, x: { data: data.x.data, shape: [data.x.shape[0], ...shape] } }
}

async function loadSource(options: DataOptions): Promise<LoadedData> {
  if (options.csv !== undefined) return loadCsvTable(options)
  const spec = options.data ?? 'ecg5000'
  const colon = spec.indexOf(':')
  const source = colon < 0 ? spec : spec.slice(0, colon)
  const arg = colon < 0 ? '' : spec.slice(colon + 1)
  const dataDir = options.dataDir
  const needArg = (what: string): string => {
    if (arg === '') throw new AedetectError('E_OPTION', `--data ${spec}: name the ${what} after the colon, e.g. --data ${source}:${EXAMPLE_ARGS[source]}.`)
    return arg
  }
  switch (source) {
    case 'ecg5000': {
      const ecg = await loadEcg5000({ dataDir })
      // Rows by default (the dense model is the best default on it); conv1d, lstm and --shape read them as sequences.
      return { kind: 'tabular', name: ecg.source, x: ecg.x, labels: ecg.labels, featureNames: ecg.featureNames, ucrSplit: ecg.ucrSplit, sequenceShape: [ecg.x.shape[1], 1] }
    }
    case 'mnist':
    case 'fashion-mnist': {
      const text = needArg('normal class (0-9)')
      const normalClass = Number(text)
      if (!Number.isInteger(normalClass) || normalClass < 0 || normalClass > 9) {
        throw new AedetectError('E_OPTION', `--data ${spec}: the normal class is '${text}'; expected an integer 0-9.`)
      }
      const set = oneClass(await loadMnist({ dataDir, kind: source, split: 'test' }), { normalClass })
      const [, h, w] = set.x.shape
      const featureNames = Array.from({ length: h * w }, (_, i) => `r${Math.floor(i / w)}c${i % w}`)
      return { kind: 'image', name: `${source === 'mnist' ? 'MNIST' : 'Fashion-MNIST'} test images, class ${normalClass} normal`, x: set.x, labels: set.labels, featureNames }
    }
    case 'odds': {
      // The CSV version: --split-file rows (odds-novelty-splits.json) index its data rows.
      const odds = await loadOdds({ dataDir, name: needArg('table'), format: 'csv' })
      return { kind: 'tabular', name: `ODDS ${arg} (${odds.source})`, x: odds.x, labels: odds.labels, featureNames: odds.featureNames }
    }
    case 'nab': {
      const series = await loadNabSeries({ dataDir, name: needArg('series') })
      const t = series.values.length
      // NAB's probationary period: the first 15 % of the series (at most 750 points) is the training history.
      const prefix = Math.min(Math.floor(0.15 * t), 750)
      return {
        kind: 'series',
        name: `NAB ${series.category}/${series.name}`,
        train: { data: series.values.slice(0, prefix), shape: [prefix, 1] },
        test: { data: series.values.slice(prefix), shape: [t - prefix, 1] },
        testLabels: series.labels.slice(prefix),
        featureNames: ['value'],
      }
    }
    case 'smd': {
      const m = await loadSmdMachine({ dataDir, machine: needArg('machine') })
      return { kind: 'series', name: `SMD ${m.machine}`, train: m.train, test: m.test, testLabels: m.testLabels, featureNames: m.featureNames, interpretation: m.interpretation }
    }
    case 'synthetic': {
      if (arg === 'table') {
        const table = syntheticTable({ seed: options.seed })
        const d = table.x.shape[1]
        return { kind: 'tabular', name: `synthetic table (seed ${options.seed ?? 'default'})`, x: table.x, labels: table.labels, featureNames: Array.from({ length: d }, (_, j) => `f${j}`) }
      }
      if (arg === 'series') {
        const length = 4000
        const prefix = 1000
        const anomalies = syntheticSeries({ length: length - prefix, seed: options.seed, anomalies: { count: 8 } })
        const history = syntheticSeries({ length: prefix, seed: (options.seed ?? 0) + 1, anomalies: [] })
        return {
          kind: 'series',
          name: `synthetic series (seed ${options.seed ?? 'default'})`,
          train: { data: history.values, shape: [prefix, 1] },
          test: { data: anomalies.values, shape: [length - prefix, 1] },
          testLabels: anomalies.labels,
          featureNames: ['value'],
        }
      }
      throw new AedetectError('E_OPTION', `--data ${spec}: unknown synthetic kind '${arg}'; expected synthetic:table or synthetic:series.`)
    }
    default:
      throw new AedetectError('E_OPTION', `--data ${spec}: unknown source '${source}'; expected one of ${DATA_SOURCES}, or --csv FILE --label COLUMN.`)
  }
}

const EXAMPLE_ARGS: Record<string, string> = { mnist: '0', 'fashion-mnist': '0', odds: 'cardio', nab: 'art_daily_jumpsdown', smd: 'machine-1-2', synthetic: 'table' }

async function loadCsvTable(options: DataOptions): Promise<LoadedTable> {
  const file = options.csv as string
  if (options.label === undefined) {
    throw new AedetectError('E_OPTION', `--csv ${file}: name the label column with --label COLUMN (and its normal value with --normal VALUE); training and evaluation need labels.`)
  }
  const column = (c: string): string | number => (/^\d+$/.test(c) ? Number(c) : c)
  const features = options.features === undefined ? undefined : options.features.split(',').map((f) => column(f.trim()))
  const table = await readCsv(file, { label: column(options.label), normal: options.normal, features, missing: options.missing })
  if (options.normal !== undefined && !(table.labels as Labels).includes(0)) {
    throw new AedetectError('E_LABELS', `--normal ${options.normal}: no row of ${file} has that value in the label column '${options.label}', so every row would be an anomaly. Pass the value that means normal in that column (compared as a number when both parse as numbers, else as text).`)
  }
  // Said in the name, so every report shows that rows were skipped or cells filled (and --split-file rows index the kept rows).
  const gaps = table.droppedRows > 0 ? ` (--missing drop: ${table.droppedRows} row${table.droppedRows === 1 ? '' : 's'} with gaps skipped)` : table.imputedCells > 0 ? ` (--missing impute-mean: ${table.imputedCells} cell${table.imputedCells === 1 ? '' : 's'} filled)` : ''
  return { kind: 'tabular', name: `CSV ${table.source}${gaps}`, x: table.x, labels: table.labels as Labels, featureNames: table.featureNames }
}
