// Paths shared by the suites: the real datasets and the peers' scripts live in ../shared beside the repo; the
// reference fixtures are the repository's own copies (fixtures/).
import { readFileSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..')

/** The shared folder: AEDETECT_SHARED_DIR, else ../shared beside the repository. */
const sharedRoot = process.env.AEDETECT_SHARED_DIR ?? join(repoRoot, '..', 'shared')
export const datasetsDir = join(sharedRoot, 'datasets')

/** A folder of the shared material, e.g. `sharedDir('datasets')`. */
export function sharedDir(sub: string): string {
  return join(sharedRoot, sub)
}

/** Parses a JSON file of the repository's fixtures folder. */
export async function readFixture<T>(name: string): Promise<T> {
  return JSON.parse(await readFile(join(repoRoot, 'fixtures', name), 'utf8')) as T
}

export function mean(values: number[]): number {
  return values.reduce((s, v) => s + v, 0) / values.length
}

/** The detector's own labels from scores already computed (predictPoints would score the series again). */
export function atThreshold(scores: ArrayLike<number>, threshold: number): Uint8Array {
  const labels = new Uint8Array(scores.length)
  for (let i = 0; i < scores.length; i++) labels[i] = scores[i] >= threshold ? 1 : 0
  return labels
}


interface PeerMethod {
  'VUS-PR'?: number
  'AUC-PR'?: number
  'AUC-ROC'?: number
  'PA-F1'?: number
  'Standard-F1'?: number
  notScored?: string
}

/** The parts of peer-results-ts.json the suites read. */
export interface PeerFixture {
  smd: Record<string, { slidingWindow: number; methods: Record<string, PeerMethod> }>
  nab: Record<string, { slidingWindow: number; prefix: number; methods: Record<string, PeerMethod> }>
}

export function peerFixture(): PeerFixture {
  return JSON.parse(readFileSync(join(repoRoot, 'fixtures', 'peer-results-ts.json'), 'utf8')) as PeerFixture
}

/** Mean of one numeric field over records. */
export function meanOf<T>(records: T[], key: keyof T): number {
  let sum = 0
  for (const r of records) sum += Number(r[key] ?? 0)
  return records.length === 0 ? Number.NaN : sum / records.length
}

/** The median (upper middle for even counts) of timings. */
export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b)
  return s[s.length >> 1]
}

/** Times each task `repeats` times, interleaved after one warm-up run; returns the medians in ms. */
export function timeTasks(tasks: Array<[string, () => unknown]>, repeats: number): Map<string, number> {
  const times = new Map<string, number[]>(tasks.map(([name]) => [name, []]))
  for (const [, task] of tasks) task()
  for (let r = 0; r < repeats; r++) {
    for (const [name, task] of tasks) {
      const started = performance.now()
      task()
      times.get(name)?.push(performance.now() - started)
    }
  }
  return new Map([...times].map(([name, t]) => [name, median(t)]))
}
