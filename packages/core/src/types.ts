/**
 * A batch of samples, row-major (last axis fastest). `shape[0]` counts samples:
 * tabular `[n, features]`, windows `[n, steps, features]`, images `[n, h, w, c]`.
 */
export interface Samples<A extends FloatArray = Float32Array> {
  data: A
  shape: number[]
}

/** The element arrays a {@link Samples} may hold: float32 for models, float64 where exactness matters. */
export type FloatArray = Float32Array | Float64Array

/** Float64 samples, for preprocessing and metrics that must match scikit-learn to 1e-9. */
export type Samples64 = Samples<Float64Array>

/** One label per sample: 1 = anomaly, 0 = normal. */
export type Labels = Uint8Array

/** One score per sample, higher = more anomalous; a sample is anomalous when `score >= threshold`. */
export type Scores = Float32Array
