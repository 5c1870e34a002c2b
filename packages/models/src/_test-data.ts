// Test-only helpers: real data from ../shared (override with AEDETECT_SHARED_DIR).
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import type { Samples } from '@aedetect/core'

export const SHARED_DIR = process.env.AEDETECT_SHARED_DIR ?? fileURLToPath(new URL('../../../../shared/', import.meta.url))

/**
 * The first `count` rows of the UCR ECG5000 TRAIN file with class `cls` (1 = normal), each beat
 * min-max scaled to [0, 1] by the global min and max of the returned rows (the TF tutorial's scaling).
 */
export function ecgRows(count: number, cls = 1): Samples {
  const lines = gunzipSync(readFileSync(join(SHARED_DIR, 'datasets/ecg5000/ECG5000_TRAIN.txt.gz'))).toString('utf8').trim().split('\n')
  const rows = lines.map((l) => l.trim().split(/\s+/).map(Number)).filter((r) => r[0] === cls).slice(0, count)
  const data = new Float32Array(rows.length * 140)
  let min = Infinity
  let max = -Infinity
  for (const r of rows) for (let j = 1; j <= 140; j++) { min = Math.min(min, r[j]); max = Math.max(max, r[j]) }
  rows.forEach((r, i) => { for (let j = 0; j < 140; j++) data[i * 140 + j] = (r[j + 1] - min) / (max - min) })
  return { data, shape: [rows.length, 140] }
}

/** The first `count` MNIST t10k images as [count, 28, 28, 1] in [0, 1]. */
export function mnistImages(count: number): Samples {
  const bytes = gunzipSync(readFileSync(join(SHARED_DIR, 'datasets/mnist/t10k-images-idx3-ubyte.gz')))
  const data = new Float32Array(count * 784)
  for (let i = 0; i < data.length; i++) data[i] = bytes[16 + i] / 255
  return { data, shape: [count, 28, 28, 1] }
}
