import type { Labels, Samples } from '@aedetect/core'

/** Labelled samples for {@link runSampleExperiment}: rows `[n, features]`, sequences `[n, steps, channels]` or images `[n, h, w, c]`. */
export interface LabelledSamples {
  /** What the data is, for reports: e.g. 'ECG5000 (bundled copy)'. */
  name: string
  x: Samples
  /** One label per sample, 1 = anomaly. */
  labels: Labels
  /** One name per value of a sample (for explanations). */
  featureNames: string[]
}

/** One cause of an anomalous segment (SMD's interpretation labels): points `[start, end)` and the 0-based variables. */
export interface SegmentCause {
  start: number
  end: number
  dimensions: number[]
}

/**
 * A labelled time series for {@link runSeriesExperiment}: `train` is normal history to fit on (SMD's train half,
 * NAB's probationary prefix), `test` the labelled part scored point by point.
 */
export interface LabelledSeries {
  name: string
  /** Training part `[t, channels]`; its labels are unknown or all normal. */
  train: Samples
  /** Test part `[t, channels]`. */
  test: Samples
  /** One label per test point, 1 = anomaly. */
  testLabels: Labels
  featureNames: string[]
  /** SMD's per-segment causes, for the interpretation hit rates. Default: none. */
  interpretation?: SegmentCause[]
}
