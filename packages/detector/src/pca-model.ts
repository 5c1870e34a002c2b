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
 * Fits PCA on samples (flattened to `[n, features]`), with ml-pca (SVD when n ≤ features, else the eigenvectors
 * of the covariance matrix, which is faster for tall data). Throws 'E_OPTION' for a component count outside
 * [1, min(n, features)].
 */
export function fitPca(x: Samples, options: PcaOptions = {}): PcaModel {
  const n = x.shape[0]
  const d = sampleSize(x)
  const rows: number[][] = new Array(n)
  for (let r = 0; r < n; r++) rows[r] = Array.from(x.data.subarray(r * d, (r + 1) * d))
  const pca = new PCA(rows, { center: true, scale: false, method: n > d ? 'covarianceMatrix' : 'SVD' })
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
  const mean = new Float64Array(d)
  for (let r = 0; r < n; r++) for (let f = 0; f < d; f++) mean[f] += x.data[r * d + f]
  for (let f = 0; f < d; f++) mean[f] /= n
  return { kind: 'pca', features: d, components: k, mean, axes, explainedVarianceRatio: Float64Array.from(ratios.slice(0, k)) }
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
