import { AedetectError, type Labels, type Samples } from '@aedetect/core'
import { isGzip, maybeGunzip, toText } from './_bytes'
import { verifySha256 } from './checksum'
import { readBytes, type ByteSource } from './read-bytes'

/** ECG5000: 5,000 heartbeats of 140 samples, UCR train rows (500) then test rows (4,500). */
export interface Ecg5000 {
  /** Beats, `[5000, 140]`, each z-normalised upstream. */
  x: Samples
  /** 1 = anomaly (UCR class ≠ 1), 0 = normal (class 1). */
  labels: Labels
  /** UCR class 1 … 5 of each beat (1 = normal, 2 = R-on-T PVC, 3 = PVC, 4 = SP/EB, 5 = unclassified). */
  classes: Uint8Array
  /** 0 = row of the UCR train file, 1 = row of the UCR test file. */
  ucrSplit: Uint8Array
  /** `'t0'` … `'t139'`: the time steps. */
  featureNames: string[]
  /** Where the rows came from (paths or `'bytes'`). */
  source: string
}

/** Name, SHA-256 of the gzip file, and SHA-256 of its decompressed text, per UCR part (from the dataset README). */
export const ECG5000_FILES = {
  train: {
    file: 'ECG5000_TRAIN.txt.gz',
    sha256: '8cf30d797ca046f1fe824a41956d45c81eeb63575da7d9ef391189f9363ea3d7',
    textSha256: '0d96aff193311a6dc6111bf0dbd2f7d2313987fbf7a1da4a383d92563876057b',
    rows: 500,
  },
  test: {
    file: 'ECG5000_TEST.txt.gz',
    sha256: '707563d7095e8ec935a0ad099ec231a782f3bb8eeffbeead57082c47be847cd5',
    textSha256: 'baf4ad57d28daa5e79050edd4185968181762bc83d45a757753015b4ba8ab295',
    rows: 4500,
  },
} as const

const STEPS = 140

/** The feature names of a beat: `t0` … `t139`. */
export function ecgFeatureNames(): string[] {
  return Array.from({ length: STEPS }, (_, i) => `t${i}`)
}

/** Parses one UCR text file (class, then 140 values per line, whitespace-separated) into `out` from row `offset`. */
function parseUcr(text: string, file: string, out: Float32Array, classes: Uint8Array, offset: number, expectedRows: number): void {
  let row = 0
  let line = 0
  let pos = 0
  while (pos < text.length) {
    let end = text.indexOf('\n', pos)
    if (end < 0) end = text.length
    line++
    const content = text.slice(pos, end).trim()
    pos = end + 1
    if (content === '') continue
    const fields = content.split(/\s+/)
    if (fields.length !== STEPS + 1) {
      throw new AedetectError('E_RAGGED', `parseEcg5000(): ${file} line ${line} has ${fields.length} fields; expected ${STEPS + 1} (class, then ${STEPS} samples). Pass the UCR ECG5000 text files.`)
    }
    if (row >= expectedRows) break
    const cls = Number(fields[0])
    if (!(cls >= 1 && cls <= 5 && Number.isInteger(cls))) {
      throw new AedetectError('E_FORMAT', `parseEcg5000(): ${file} line ${line} starts with class '${fields[0]}'; expected 1 … 5. Pass the UCR ECG5000 text files (label first).`)
    }
    classes[offset + row] = cls
    const base = (offset + row) * STEPS
    for (let j = 0; j < STEPS; j++) {
      const v = Number(fields[j + 1])
      if (!Number.isFinite(v)) {
        throw new AedetectError('E_PARSE', `parseEcg5000(): ${file} line ${line}, column ${j + 2} is '${fields[j + 1]}', not a number. The file is damaged: copy it again.`)
      }
      out[base + j] = v
    }
    row++
  }
  if (row !== expectedRows) {
    throw new AedetectError('E_FORMAT', `parseEcg5000(): ${file} holds ${row} beats; expected ${expectedRows}. Pass the complete UCR ECG5000 file.`)
  }
}

/**
 * Parses the UCR ECG5000 train and test files (gzip-compressed or plain bytes, or text) into one data
 * set of 5,000 beats: the 500 train rows, then the 4,500 test rows. Labels: 1 = anomaly (class ≠ 1).
 * Synchronous and checksum-free (use {@link fetchEcg5000} in the browser or `loadEcg5000` in Node to
 * verify the files). Throws `E_CORRUPT` (truncated gzip), `E_RAGGED`/`E_FORMAT`/`E_PARSE` (not the UCR
 * format, or a wrong row count).
 */
export function parseEcg5000(input: { train: Uint8Array | string; test: Uint8Array | string; source?: string }): Ecg5000 {
  const n = ECG5000_FILES.train.rows + ECG5000_FILES.test.rows
  const data = new Float32Array(n * STEPS)
  const classes = new Uint8Array(n)
  const parts = [
    { bytes: input.train, file: ECG5000_FILES.train.file, rows: ECG5000_FILES.train.rows, offset: 0 },
    { bytes: input.test, file: ECG5000_FILES.test.file, rows: ECG5000_FILES.test.rows, offset: ECG5000_FILES.train.rows },
  ]
  for (const part of parts) {
    const text = typeof part.bytes === 'string' ? part.bytes : toText(maybeGunzip(part.bytes, part.file, 'parseEcg5000()'))
    parseUcr(text, part.file, data, classes, part.offset, part.rows)
  }
  const labels = new Uint8Array(n)
  const ucrSplit = new Uint8Array(n)
  for (let i = 0; i < n; i++) {
    labels[i] = classes[i] === 1 ? 0 : 1
    ucrSplit[i] = i < ECG5000_FILES.train.rows ? 0 : 1
  }
  return { x: { data, shape: [n, STEPS] }, labels, classes, ucrSplit, featureNames: ecgFeatureNames(), source: input.source ?? 'bytes' }
}

/**
 * Browser loader: reads the two UCR files from URLs, `File`s/`Blob`s or bytes, checks their SHA-256
 * (gzip or plain text) with Web Crypto, and parses them with {@link parseEcg5000}. The package ships the
 * files as `@aedetect/datasets/data/ECG5000_TRAIN.txt.gz` and `…/ECG5000_TEST.txt.gz`.
 * Rejects with `E_CHECKSUM` naming the file that differs.
 */
export async function fetchEcg5000(sources: { train: ByteSource; test: ByteSource }, options: { verify?: boolean } = {}): Promise<Ecg5000> {
  const [train, test] = await Promise.all([readBytes(sources.train), readBytes(sources.test)])
  if (options.verify ?? true) {
    for (const [bytes, part] of [[train, ECG5000_FILES.train], [test, ECG5000_FILES.test]] as const) {
      const name = isGzip(bytes) ? part.file : part.file.replace(/\.gz$/, '')
      await verifySha256(bytes, isGzip(bytes) ? part.sha256 : part.textSha256, name)
    }
  }
  const name = (source: ByteSource): string => (typeof source === 'string' || source instanceof URL ? String(source) : typeof File !== 'undefined' && source instanceof File ? source.name : 'bytes')
  return parseEcg5000({ train, test, source: `${name(sources.train)}, ${name(sources.test)}` })
}
