import { AedetectError, createRandom, DEFAULT_SEED, permutation, type Labels, type Samples } from '@aedetect/core'

/** Options of {@link syntheticTable}. */
export interface SyntheticTableOptions {
  /** Number of rows. Default 1000. */
  n?: number
  /** Number of features. Default 10. */
  features?: number
  /** Fraction of rows that are outliers, in [0, 1). Default 0.05. */
  contamination?: number
  /** Seed of every random choice. Default {@link DEFAULT_SEED}. */
  seed?: number
}

/** A synthetic table with its ground truth. */
export interface SyntheticTable {
  /** Rows `[n, features]`. */
  x: Samples
  /** 1 = outlier (anomaly). Exactly `round(n · contamination)` ones, at seeded random rows. */
  labels: Labels
}

/**
 * Seeded tabular Gaussian data with outliers. Normal rows lie near a random low-dimensional subspace
 * (`z · W + noise`, with `max(1, ⌊features / 3⌋)` latent factors and noise std 0.1), which an autoencoder
 * can learn; outliers are drawn uniformly from [-4, 4] in every feature, away from that subspace.
 * Labels: 1 = anomaly. Same options and seed → same table. Throws `E_OPTION` for options out of range.
 */
export function syntheticTable(options: SyntheticTableOptions = {}): SyntheticTable {
  const n = options.n ?? 1000
  const d = options.features ?? 10
  const contamination = options.contamination ?? 0.05
  if (!Number.isInteger(n) || n < 1 || !Number.isInteger(d) || d < 1 || !(contamination >= 0 && contamination < 1)) {
    throw new AedetectError('E_OPTION', `syntheticTable(): n ${n}, features ${d}, contamination ${contamination}; expected integers n ≥ 1 and features ≥ 1, and contamination in [0, 1).`)
  }
  const seed = options.seed ?? DEFAULT_SEED
  const random = createRandom(seed)
  const k = Math.max(1, Math.floor(d / 3))
  const weights = new Float64Array(k * d)
  for (let i = 0; i < weights.length; i++) weights[i] = random.nextNormal() / Math.sqrt(k)
  const outliers = Math.round(n * contamination)
  const order = permutation(n, seed + 1)
  const labels = new Uint8Array(n)
  for (let i = 0; i < outliers; i++) labels[order[i]] = 1
  const data = new Float32Array(n * d)
  const z = new Float64Array(k)
  for (let r = 0; r < n; r++) {
    const base = r * d
    if (labels[r] === 1) {
      for (let j = 0; j < d; j++) data[base + j] = -4 + 8 * random.next()
      continue
    }
    for (let f = 0; f < k; f++) z[f] = random.nextNormal()
    for (let j = 0; j < d; j++) {
      let v = 0.1 * random.nextNormal()
      for (let f = 0; f < k; f++) v += z[f] * weights[f * d + j]
      data[base + j] = v
    }
  }
  return { x: { data, shape: [n, d] }, labels }
}
