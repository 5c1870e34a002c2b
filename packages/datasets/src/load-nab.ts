import { readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { AedetectError } from '@aedetect/core'
import { checkListedSum, layoutHint, readFileBytes } from './_node-files'
import { resolveDataDir } from './data-dir'
import { parseNabSeries, type NabSeries } from './nab'

/** A NAB series found in the data directory. */
export interface NabSeriesInfo {
  /** File name without `.csv`, e.g. `'speed_7578'`. */
  name: string
  /** NAB folder, e.g. `'realTraffic'`. */
  category: string
  /** Key in NAB's label files: `'<category>/<name>.csv'`. */
  key: string
}

/**
 * The series of `<dataDir>/nab/data/<category>/*.csv`, sorted by category then name; with `category`,
 * only that folder's. Throws `E_NOT_FOUND` when the folder (or the category) does not exist.
 */
export function listNabSeries(options: { dataDir?: string; category?: string } = {}): NabSeriesInfo[] {
  const dataDir = resolveDataDir(options)
  const root = join(dataDir, 'nab', 'data')
  let categories: string[]
  try {
    categories = readdirSync(root).filter((c) => statSync(join(root, c)).isDirectory()).sort()
  } catch (cause) {
    throw new AedetectError('E_NOT_FOUND', `listNabSeries(): ${root} does not exist. ${layoutHint('nab', dataDir)}`, { cause })
  }
  if (options.category !== undefined && !categories.includes(options.category)) {
    throw new AedetectError('E_NOT_FOUND', `listNabSeries(): category '${options.category}' is not in ${root}; the categories there are ${categories.join(', ')}.`)
  }
  const series: NabSeriesInfo[] = []
  for (const category of categories) {
    if (options.category !== undefined && category !== options.category) continue
    for (const file of readdirSync(join(root, category)).filter((f) => f.endsWith('.csv')).sort()) {
      const name = file.slice(0, -4)
      series.push({ name, category, key: `${category}/${file}` })
    }
  }
  return series
}

/**
 * Loads one NAB series by name (`'speed_7578'`, `'speed_7578.csv'` or `'realTraffic/speed_7578.csv'`)
 * with its windows and labelled timestamps from `<dataDir>/nab/labels/`, checked against the folder's
 * SHA256SUMS. Point labels: 1 = anomaly (inside a window, ends included). Throws `E_NOT_FOUND` for an
 * unknown name (listing close matches), `E_CHECKSUM`, and the {@link parseNabSeries} errors.
 */
export async function loadNabSeries(options: { dataDir?: string; name: string }): Promise<NabSeries> {
  const dataDir = resolveDataDir(options)
  const folder = join(dataDir, 'nab')
  const wanted = options.name.replace(/\.csv$/, '')
  const all = listNabSeries({ dataDir })
  const info = all.find((s) => s.name === wanted || `${s.category}/${s.name}` === wanted)
  if (!info) {
    const lower = wanted.toLowerCase().split('/').pop() ?? ''
    const close = all.filter((s) => s.name.toLowerCase().includes(lower.slice(0, 6))).slice(0, 5).map((s) => s.name)
    const suggestion = close.length > 0 ? `Similar names: ${close.join(', ')}.` : 'listNabSeries() lists them.'
    throw new AedetectError('E_NOT_FOUND', `loadNabSeries(): no series '${options.name}' in ${join(folder, 'data')} (${all.length} series). ${suggestion}`)
  }
  const relative = `data/${info.key}`
  const bytes = await readFileBytes(join(folder, relative), 'loadNabSeries()', layoutHint('nab', dataDir))
  await checkListedSum(folder, relative, bytes)
  const windows = (await readLabelFile(folder, 'combined_windows.json', dataDir)) as Record<string, Array<[string, string]>>
  const labels = (await readLabelFile(folder, 'combined_labels.json', dataDir)) as Record<string, string[]>
  return parseNabSeries(bytes, { name: info.name, category: info.category, windows: windows[info.key] ?? [], labelledTimestamps: labels[info.key] ?? [], source: join(folder, relative) })
}

async function readLabelFile(folder: string, name: string, dataDir: string): Promise<unknown> {
  const relative = `labels/${name}`
  const path = join(folder, relative)
  const bytes = await readFileBytes(path, 'loadNabSeries()', layoutHint('nab', dataDir))
  await checkListedSum(folder, relative, bytes)
  try {
    return JSON.parse(new TextDecoder().decode(bytes))
  } catch (cause) {
    throw new AedetectError('E_PARSE', `loadNabSeries(): ${path} is not valid JSON (${cause instanceof Error ? cause.message : String(cause)}). Copy it again from NAB.`, { cause })
  }
}

