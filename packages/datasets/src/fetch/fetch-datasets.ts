import { createHash } from 'node:crypto'
import { createReadStream, existsSync } from 'node:fs'
import { mkdir, readFile } from 'node:fs/promises'
import { dirname, join, resolve } from 'node:path'
import { AedetectError } from '@aedetect/core'
import { DATA_DIR_ENV } from '../data-dir'
import { downloadFile } from './_download-file'
import { writeFileIfAbsent } from './_write-file'
import { DATASET_MANIFESTS, type DatasetManifest, type ManifestFile } from './manifest'
import { oddsCsvFromMat } from './odds-csv'

/** The data directory {@link fetchDatasets} uses without the option and `AEDETECT_DATA_DIR`, relative to the working directory. */
export const DEFAULT_FETCH_DIR = 'aedetect-data'

/** Options of {@link fetchDatasets}. */
export interface FetchDatasetsOptions {
  /** Folder to write into (created when missing). Default: `$AEDETECT_DATA_DIR`, else `./aedetect-data`. */
  dataDir?: string
  /** A mirror laid out like a data directory: files are requested from `<baseUrl>/<dataset>/<path>` instead of their origins. Default: none (the origins). */
  baseUrl?: string
  /** Longest wait for the next byte of a download (headers included), in milliseconds. Default 30000. */
  timeoutMs?: number
  /** Called after every chunk downloaded and once per file skipped or converted. */
  onProgress?: (progress: FetchProgress) => void
  /** Cancels the fetch (`E_ABORTED`); the `.part` of the file being downloaded is kept for the next run. */
  signal?: AbortSignal
  /** The datasets that can be fetched. Default: {@link DATASET_MANIFESTS} (for tests and other data, pass your own). */
  manifests?: readonly DatasetManifest[]
}

/** Progress of one file. */
export interface FetchProgress {
  /** Dataset name, e.g. `'mnist'`. */
  dataset: string
  /** Path inside the dataset folder. */
  file: string
  /** 1-based position of the file in its dataset (downloads first, converted files last). */
  fileIndex: number
  /** Number of files of the dataset. */
  fileCount: number
  /** Bytes of this file on disk so far. */
  receivedBytes: number
  /** Full size of this file, in bytes. */
  totalBytes: number
}

/** One file of a {@link FetchedDataset}. */
export interface FetchedFile {
  /** Path inside the dataset folder, `/`-separated. */
  file: string
  /** Absolute path on disk. */
  path: string
  /** `'skipped'`: already present with the right SHA-256; `'converted'`: made from another file of the folder. */
  action: 'downloaded' | 'resumed' | 'converted' | 'skipped'
  /** The URL requested, or null when nothing was requested. */
  url: string | null
  /** Size of the file, in bytes. */
  bytes: number
}

/** What {@link fetchDatasets} did for one dataset. */
export interface FetchedDataset {
  /** Dataset name, e.g. `'mnist'`. */
  name: string
  /** Absolute path of the dataset folder. */
  folder: string
  /** Every file of the dataset, in manifest order. */
  files: FetchedFile[]
  /** Bytes written by this run (downloaded, resumed or converted). */
  writtenBytes: number
  /** Bytes of the files that were already in place. */
  skippedBytes: number
  /** True when the folder had no SHA256SUMS and this run wrote one. */
  wroteSha256Sums: boolean
  /** True when the folder had no README.md and this run wrote one. */
  wroteReadme: boolean
}

/** The result of {@link fetchDatasets}. */
export interface FetchReport {
  /** Absolute path of the data directory. */
  dataDir: string
  /** One entry per dataset fetched, in the order of the manifests (DATASET_NAMES). */
  datasets: FetchedDataset[]
}

/**
 * Downloads datasets into `<dataDir>/<name>/` as the loaders read them (`names`: `'ecg5000'`, `'mnist'`,
 * `'fashion-mnist'`, `'nab'`, `'odds'`, `'smd'` or `'all'`) and checks the SHA-256 of every file. A file
 * already present with the right SHA-256 is skipped without a request; a present file with another
 * SHA-256 is never replaced (`E_CHECKSUM`, before anything is downloaded). Each download goes through
 * `<file>.part` and is renamed into place only once checked; an interrupted `.part` is resumed by the
 * next run. ODDS CSVs are made from the `.mat` files and checked the same way. Writes the folder's
 * SHA256SUMS and README.md when it has none. Throws `E_OPTION` (unknown name), `E_DOWNLOAD`,
 * `E_TIMEOUT`, `E_CHECKSUM`, `E_ABORTED`, `E_IO`.
 */
export async function fetchDatasets(names: readonly string[], options: FetchDatasetsOptions = {}): Promise<FetchReport> {
  const manifests = options.manifests ?? DATASET_MANIFESTS
  const chosen = chooseManifests(names, manifests)
  const timeoutMs = options.timeoutMs ?? 30_000
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) {
    throw new AedetectError('E_OPTION', `fetchDatasets(): timeoutMs is ${timeoutMs}; expected a number of milliseconds > 0 (default 30000).`)
  }
  const dataDir = resolve(options.dataDir ?? (process.env[DATA_DIR_ENV] || DEFAULT_FETCH_DIR))
  // Check every file already present before the first request: a wrong one stops the run with nothing written.
  const present = new Map<string, boolean>()
  for (const manifest of chosen) {
    for (const entry of manifest.files) {
      const path = join(dataDir, manifest.name, entry.path)
      present.set(path, await checkPresent(path, entry))
    }
  }
  const datasets: FetchedDataset[] = []
  for (const manifest of chosen) {
    if (options.signal?.aborted) throw new AedetectError('E_ABORTED', `fetchDatasets(): aborted before ${manifest.name}; what was fetched so far is in ${dataDir}.`, { cause: options.signal.reason })
    datasets.push(await fetchDataset(manifest, dataDir, present, { ...options, timeoutMs }))
  }
  return { dataDir, datasets }
}

function chooseManifests(names: readonly string[], manifests: readonly DatasetManifest[]): DatasetManifest[] {
  const valid = [...manifests.map((m) => m.name), 'all']
  if (names.length === 0) {
    throw new AedetectError('E_OPTION', `fetchDatasets(): no dataset named; expected one or more of ${valid.join(', ')}.`)
  }
  for (const name of names) {
    if (!valid.includes(name)) throw new AedetectError('E_OPTION', `fetchDatasets(): unknown dataset '${name}'; expected one of ${valid.join(', ')}.`)
  }
  const chosen = names.includes('all') ? [...manifests] : manifests.filter((m) => names.includes(m.name))
  // A manifest passed in must not write outside its folder.
  for (const m of chosen) {
    const bad = [m.name, ...m.files.map((f) => f.path)].find((p) => p === '' || p.startsWith('/') || p.split(/[/\\]/).some((part) => part === '..' || part === ''))
    if (bad !== undefined) {
      throw new AedetectError('E_OPTION', `fetchDatasets(): the manifest of '${m.name}' names the path '${bad}'; expected a relative path inside the dataset folder, without '..' or empty parts.`)
    }
  }
  return chosen
}

/** True when `path` exists with the manifest's SHA-256; false when absent; `E_CHECKSUM` otherwise. */
async function checkPresent(path: string, entry: ManifestFile): Promise<boolean> {
  if (!existsSync(path)) return false
  const hash = createHash('sha256')
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer)
  const got = hash.digest('hex')
  if (got === entry.sha256) return true
  throw new AedetectError('E_CHECKSUM', `fetchDatasets(): ${path} already exists with sha256 ${got}; expected ${entry.sha256}. It was left untouched: delete it or fetch into another --data-dir (the dataDir option).`)
}

async function fetchDataset(manifest: DatasetManifest, dataDir: string, present: Map<string, boolean>, options: FetchDatasetsOptions & { timeoutMs: number }): Promise<FetchedDataset> {
  const folder = join(dataDir, manifest.name)
  const files: FetchedFile[] = []
  const fileCount = manifest.files.length
  // Downloads first, conversions after: a converted file needs its source in place.
  const ordered = [...manifest.files.filter((f) => f.source.kind === 'url'), ...manifest.files.filter((f) => f.source.kind !== 'url')]
  for (const [i, entry] of ordered.entries()) {
    const path = join(folder, entry.path)
    const progress = (receivedBytes: number): void => options.onProgress?.({ dataset: manifest.name, file: entry.path, fileIndex: i + 1, fileCount, receivedBytes, totalBytes: entry.bytes })
    if (present.get(path) === true) {
      files.push({ file: entry.path, path, action: 'skipped', url: null, bytes: entry.bytes })
      progress(entry.bytes)
      continue
    }
    await mkdir(dirname(path), { recursive: true })
    if (entry.source.kind === 'url') {
      const url = options.baseUrl === undefined ? entry.source.url : mirrorUrl(options.baseUrl, manifest.name, entry.path)
      const done = await downloadFile(url, path, { sha256: entry.sha256, bytes: entry.bytes, timeoutMs: options.timeoutMs, signal: options.signal, onProgress: progress })
      files.push({ file: entry.path, path, action: done.resumedFromBytes > 0 ? 'resumed' : 'downloaded', url, bytes: done.bytes })
    } else {
      await convertOddsCsv(folder, entry, entry.source.from)
      files.push({ file: entry.path, path, action: 'converted', url: null, bytes: entry.bytes })
      progress(entry.bytes)
    }
  }
  files.sort((a, b) => manifest.files.findIndex((f) => f.path === a.file) - manifest.files.findIndex((f) => f.path === b.file))
  const wroteSha256Sums = await writeFileIfAbsent(join(folder, 'SHA256SUMS'), new TextEncoder().encode(sha256Sums(manifest)))
  const wroteReadme = await writeFileIfAbsent(join(folder, 'README.md'), new TextEncoder().encode(readme(manifest, options.baseUrl)))
  let writtenBytes = 0
  let skippedBytes = 0
  for (const f of files) {
    if (f.action === 'skipped') skippedBytes += f.bytes
    else writtenBytes += f.bytes
  }
  return { name: manifest.name, folder, files, writtenBytes, skippedBytes, wroteSha256Sums, wroteReadme }
}

function mirrorUrl(baseUrl: string, dataset: string, file: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/${encodeURIComponent(dataset)}/${file.split('/').map(encodeURIComponent).join('/')}`
}

async function convertOddsCsv(folder: string, entry: ManifestFile, from: string): Promise<void> {
  const source = join(folder, from)
  const csv = oddsCsvFromMat(new Uint8Array(await readFile(source)), { source })
  const got = createHash('sha256').update(csv).digest('hex')
  const path = join(folder, entry.path)
  if (got !== entry.sha256) {
    throw new AedetectError('E_CHECKSUM', `fetchDatasets(): ${path} converted from ${source} has sha256 ${got}; expected ${entry.sha256}. Nothing was written; the .mat file differs from the one the checksum was taken from.`)
  }
  await writeFileIfAbsent(path, csv)
}

/** The folder's SHA256SUMS (`sha256sum -c` format), sorted by path as `LC_ALL=C sort` does. */
function sha256Sums(manifest: DatasetManifest): string {
  const paths = manifest.files.map((f) => f.path).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
  return paths.map((p) => `${manifest.files.find((f) => f.path === p)?.sha256}  ${p}\n`).join('')
}

function readme(manifest: DatasetManifest, baseUrl: string | undefined): string {
  const rows = manifest.files.map((f) => `| \`${f.path}\` | ${f.bytes} | \`${f.sha256}\` | ${f.source.kind === 'url' ? f.source.url : `converted from \`${f.source.from}\``} |`)
  const mirror = baseUrl === undefined ? '' : `\nThis copy was downloaded from the mirror ${baseUrl}.\n`
  return `# ${manifest.name}\n\nWritten by \`fetchDatasets\` of @aedetect/datasets (\`aedetect datasets fetch ${manifest.name}\`). ${manifest.about}\n${mirror}\n| file | bytes | sha256 | origin |\n| --- | ---: | --- | --- |\n${rows.join('\n')}\n\n\`SHA256SUMS\` lists the same checksums (\`sha256sum -c SHA256SUMS\`).\n`
}
