/**
 * A batch of samples, row-major (last axis fastest). `shape[0]` counts samples:
 * tabular `[n, features]`, windows `[n, steps, features]`, images `[n, h, w, c]`.
 */
export interface Samples {
  data: Float32Array
  shape: number[]
}

/** One label per sample: 1 = anomaly, 0 = normal. */
export type Labels = Uint8Array

/** One score per sample, higher = more anomalous; a sample is anomalous when `score >= threshold`. */
export type Scores = Float32Array
