// Test-only helpers: ECG5000 from the copy bundled with @aedetect/datasets, MNIST from the data directory
// (tests that use it declare describeWith(['mnist'], …)), and seeded synthetic images.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { createRandom, type Samples } from '@aedetect/core'
import { REPO_ROOT, datasetPath } from '@aedetect/test-data'

/** The UCR ECG5000 TRAIN file bundled with @aedetect/datasets (the same bytes as the dataset folder's). */
const ECG_TRAIN = join(REPO_ROOT, 'packages/datasets/data/ECG5000_TRAIN.txt.gz')

/**
 * The first `count` rows of the UCR ECG5000 TRAIN file with class `cls` (1 = normal), each beat
 * min-max scaled to [0, 1] by the global min and max of the returned rows (the TF tutorial's scaling).
 */
export function ecgRows(count: number, cls = 1): Samples {
  const lines = gunzipSync(readFileSync(ECG_TRAIN)).toString('utf8').trim().split('\n')
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
  const bytes = gunzipSync(readFileSync(datasetPath('mnist', 't10k-images-idx3-ubyte.gz')))
  const data = new Float32Array(count * 784)
  for (let i = 0; i < data.length; i++) data[i] = bytes[16 + i] / 255
  return { data, shape: [count, 28, 28, 1] }
}

/** The first `count` MNIST t10k images, 2×2-average-pooled to [count, 14, 14, 1] (4× cheaper to train on cpu). */
export function mnistImages14(count: number): Samples {
  const big = mnistImages(count)
  const data = new Float32Array(count * 196)
  for (let n = 0; n < count; n++) {
    for (let r = 0; r < 14; r++) {
      for (let c = 0; c < 14; c++) {
        const o = n * 784 + r * 56 + c * 2
        data[n * 196 + r * 14 + c] = (big.data[o] + big.data[o + 1] + big.data[o + 28] + big.data[o + 29]) / 4
      }
    }
  }
  return { data, shape: [count, 14, 14, 1] }
}

/**
 * `count` seeded 28 × 28 × 1 images in [0, 1], each a few bright strokes on black: MNIST-like inputs for tests
 * of the forward pass, where what is compared is two computations on the same input, not what the input is.
 */
export function strokeImages(count: number, seed = 5): Samples {
  const random = createRandom(seed)
  const data = new Float32Array(count * 784)
  for (let n = 0; n < count; n++) {
    for (let stroke = 0; stroke < 3; stroke++) {
      let r = 4 + random.next() * 20
      let c = 4 + random.next() * 20
      const dr = random.next() * 2 - 1
      const dc = random.next() * 2 - 1
      for (let step = 0; step < 14; step++, r += dr, c += dc) {
        const row = Math.round(r)
        const col = Math.round(c)
        if (row >= 0 && row < 28 && col >= 0 && col < 28) data[n * 784 + row * 28 + col] = 0.5 + 0.5 * random.next()
      }
    }
  }
  return { data, shape: [count, 28, 28, 1] }
}

/** ECG beats as sequences [count, 140 / every, 1], keeping every `every`-th step. */
export function ecgSequences(count: number, every = 1): Samples {
  const rows = ecgRows(count)
  const steps = Math.floor(140 / every)
  const data = new Float32Array(rows.shape[0] * steps)
  for (let i = 0; i < rows.shape[0]; i++) for (let j = 0; j < steps; j++) data[i * steps + j] = rows.data[i * 140 + j * every]
  return { data, shape: [rows.shape[0], steps, 1] }
}

/** All 500 ECG5000 TRAIN beats, global min-max to [0, 1], with labels 1 = anomaly (class ≠ 1). */
export function ecgLabelled(): { x: Samples; labels: Uint8Array } {
  const lines = gunzipSync(readFileSync(ECG_TRAIN)).toString('utf8').trim().split('\n')
  const n = lines.length
  const data = new Float32Array(n * 140)
  const labels = new Uint8Array(n)
  let min = Infinity
  let max = -Infinity
  lines.forEach((line, i) => {
    const values = line.trim().split(/\s+/).map(Number)
    labels[i] = values[0] === 1 ? 0 : 1
    for (let j = 0; j < 140; j++) {
      data[i * 140 + j] = values[j + 1]
      min = Math.min(min, values[j + 1])
      max = Math.max(max, values[j + 1])
    }
  })
  for (let i = 0; i < data.length; i++) data[i] = (data[i] - min) / (max - min)
  return { x: { data, shape: [n, 140] }, labels }
}

/** ROC-AUC by the Mann–Whitney U statistic (ties count one half). */
export function rocAuc(labels: Uint8Array, scores: Float32Array): number {
  let wins = 0
  let pairs = 0
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] !== 1) continue
    for (let j = 0; j < labels.length; j++) {
      if (labels[j] !== 0) continue
      pairs += 1
      wins += scores[i] > scores[j] ? 1 : scores[i] === scores[j] ? 0.5 : 0
    }
  }
  return wins / pairs
}

/**
 * The 292 normal beats of ECG5000 TRAIN followed by its first 60 class-2 (anomalous) beats, [352, 140],
 * scaled to [0, 1] as in the TF tutorial: scoring tests compare error computations on both kinds of beat.
 */
export function ecgNormalThenAnomalous(): Samples {
  const normal = ecgRows(292, 1)
  const anomalous = ecgRows(60, 2)
  const data = new Float32Array(normal.data.length + anomalous.data.length)
  data.set(normal.data)
  data.set(anomalous.data, normal.data.length)
  return { data, shape: [normal.shape[0] + anomalous.shape[0], 140] }
}
