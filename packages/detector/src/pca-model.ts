import { AedetectError, sampleSize, type Samples } from '@aedetect/core'
import { PCA } from 'ml-pca'

/** A fitted PCA reconstruction model: `x ≈ mean + (x − mean) · Wᵀ · W`, W = the first k principal axes. */
export interface PcaModel {
  kind: 'pca'
  /** Values per sample. */
  features: number
  /** Number of principal axes kept. */
  components: number
  mean: Float64Array
  /** The principal axes, row-major `[components, features]`, unit length. */
  axes: Float64Array
  /** Share of the training variance each kept axis explains. */
  explainedVarianceRatio: Float64Array
}

/** The PCA reconstruction baseline, given to `fitDetector` as `architecture` for a side-by-side comparison. */
export interface PcaConfig {
  kind: 'pca'
  /** Number of axes kept, or the smallest number explaining `varianceFraction` of the variance. Default `{ varianceFraction: 0.9 }`. */
  components?: number | { varianceFraction: number }
}

/** Options of {@link fitPca}. */
export interface PcaOptions {
  /** Number of axes kept, or the smallest number explaining `varianceFraction` of the variance. Default `{ varianceFraction: 0.9 }`. */
  components?: number | { varianceFraction: number }
}

/**
 * Fits PCA on samples (flattened to `[n, features]`). For tall data (n > features) the covariance matrix is
 * accumulated here in one pass over the rows (float64) and only its eigen-decomposition is left to ml-pca; for
 * wide data ml-pca's SVD runs on the centred rows. Throws 'E_OPTION' for a component count outside
 * [1, min(n, features)].
 */
export function fitPca(x: Samples, options: PcaOptions = {}): PcaModel {
  const n = x.shape[0]
  const d = sampleSize(x)
  const mean = columnMeans(x, n, d)
  const pca = n > d
    ? new PCA(covarianceRows(x, mean, n, d), { isCovarianceMatrix: true })
    : new PCA(centredRows(x, mean, n, d), { center: false, scale: false, method: 'SVD' })
  const ratios = pca.getExplainedVariance()
  const choice = options.components ?? { varianceFraction: 0.9 }
  let k: number
  if (typeof choice === 'number') {
    k = choice
  } else {
    k = 0
    let cumulative = 0
    while (k < ratios.length && cumulative < choice.varianceFraction - 1e-12) cumulative += ratios[k++]
  }
  const maxComponents = Math.min(n, d, ratios.length)
  if (!Number.isInteger(k) || k < 1 || k > maxComponents) {
    throw new AedetectError('E_OPTION', `fitPca(): components is ${k}; expected an integer from 1 to ${maxComponents} (the smaller of ${n} samples and ${d} features).`)
  }
  const vectors = pca.getEigenvectors() // [features, all components], columns are axes
  const axes = new Float64Array(k * d)
  for (let c = 0; c < k; c++) for (let f = 0; f < d; f++) axes[c * d + f] = vectors.get(f, c)
  return { kind: 'pca', features: d, components: k, mean, axes, explainedVarianceRatio: Float64Array.from(ratios.slice(0, k)) }
}

function columnMeans(x: Samples, n: number, d: number): Float64Array {
  const mean = new Float64Array(d)
  for (let r = 0; r < n; r++) {
    const offset = r * d
    for (let f = 0; f < d; f++) mean[f] += x.data[offset + f]
  }
  for (let f = 0; f < d; f++) mean[f] /= n
  return mean
}

function centredRows(x: Samples, mean: Float64Array, n: number, d: number): number[][] {
  const rows: number[][] = new Array(n)
  for (let r = 0; r < n; r++) {
    const row = new Array<number>(d)
    for (let f = 0; f < d; f++) row[f] = x.data[r * d + f] - mean[f]
    rows[r] = row
  }
  return rows
}

// The sample covariance (divided by n − 1, as ml-pca and sklearn do) of the centred rows: one pass, the upper
// triangle accumulated in float64 and mirrored. ml-pca's own path builds a Matrix of the rows and multiplies it
// through element getters, which took 73 s on 7,893 SMD windows of 608 values (issue 19); this takes seconds.
function covarianceRows(x: Samples, mean: Float64Array, n: number, d: number): number[][] {
  const sums = new Float64Array(d * d)
  const centred = new Float64Array(d)
  for (let r = 0; r < n; r++) {
    const offset = r * d
    for (let f = 0; f < d; f++) centred[f] = x.data[offset + f] - mean[f]
    for (let i = 0; i < d; i++) {
      const value = centred[i]
      if (value === 0) continue
      const base = i * d
      for (let j = i; j < d; j++) sums[base + j] += value * centred[j]
    }
  }
  const rows: number[][] = new Array(d)
  for (let i = 0; i < d; i++) rows[i] = new Array<number>(d)
  for (let i = 0; i < d; i++) {
    for (let j = i; j < d; j++) {
      const value = sums[i * d + j] / (n - 1)
      rows[i][j] = value
      rows[j][i] = value
    }
  }
  return rows
}

/** Codes `(x − mean) · Wᵀ`, shape `[n, components]`. */
export function pcaEncode(model: PcaModel, x: Samples): Samples {
  const n = x.shape[0]
  const { features: d, components: k, mean, axes } = model
  const codes = new Float32Array(n * k)
  const centred = new Float64Array(d)
  for (let r = 0; r < n; r++) {
    for (let f = 0; f < d; f++) centred[f] = x.data[r * d + f] - mean[f]
    for (let c = 0; c < k; c++) {
      let s = 0
      for (let f = 0; f < d; f++) s += centred[f] * axes[c * d + f]
      codes[r * k + c] = s
    }
  }
  return { data: codes, shape: [n, k] }
}

/** Reconstructions `mean + codes · W`, same shape as `x`. */
export function pcaReconstruct(model: PcaModel, x: Samples): Samples {
  const n = x.shape[0]
  const { features: d, components: k, mean, axes } = model
  const codes = pcaEncode(model, x)
  const out = new Float32Array(n * d)
  const row = new Float64Array(d)
  for (let r = 0; r < n; r++) {
    row.set(mean)
    for (let c = 0; c < k; c++) {
      const code = codes.data[r * k + c]
      for (let f = 0; f < d; f++) row[f] += code * axes[c * d + f]
    }
    for (let f = 0; f < d; f++) out[r * d + f] = row[f]
  }
  return { data: out, shape: x.shape.slice() }
}
