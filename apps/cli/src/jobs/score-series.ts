import { AedetectError } from '@aedetect/core'
import { readCsv } from '@aedetect/datasets/node'
import { loadWindowDetector } from '@aedetect/detector/node'
import type { Threshold } from '@aedetect/metrics'
import { asModelError } from '../exit-codes'

/** The point scores of a CSV series under a window detector. */
export interface SeriesScores {
  /** One score per CSV row (time point), higher = more anomalous. */
  scores: Float64Array
  /** The window detector's point threshold: a point is anomalous when `score >= threshold.value`. */
  threshold: Threshold
  window: { size: number; stride: number }
}

/**
 * Scores a CSV of a time series (one row per time point, one column per channel; `label` leaves a column
 * out) with the window detector in `modelDir`: sliding windows, one score per point, and the point threshold
 * that `train` reported — never the rows as separate window samples with the windows' own threshold.
 * Throws `E_FEATURE_COUNT` (other channel count), `E_SHAPE` (fewer rows than one window), the CSV reader's
 * errors, and the loader's (marked as model errors).
 */
export async function scoreSeriesCsv(modelDir: string, input: string, label: string | number | undefined): Promise<SeriesScores> {
  const detector = await loadWindowDetector(modelDir).catch((error: unknown) => {
    throw asModelError(error)
  })
  try {
    const table = await readCsv(input, { label })
    const [t, channels] = table.x.shape
    if (channels !== detector.state.channels) {
      throw new AedetectError('E_FEATURE_COUNT', `${input}: rows have ${channels} columns; the time-series detector in ${modelDir} was trained on ${detector.state.channels} channel${detector.state.channels === 1 ? '' : 's'} (one row per time point, one column per channel). Pass the same channels as at training (use --label to leave a label column out).`)
    }
    const scores = await detector.scorePoints({ data: table.x.data, shape: [t, channels] })
    return { scores, threshold: detector.state.threshold, window: { size: detector.windowSize, stride: detector.stride } }
  } finally {
    detector.dispose()
  }
}
