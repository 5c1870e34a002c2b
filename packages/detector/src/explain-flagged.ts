import type { Samples } from '@aedetect/core'
import type { Contribution } from '@aedetect/metrics'
import type { Detector } from './detector'

/** One flagged sample: its index in the scored samples, its score, and its top contributing features. */
export interface FlaggedSample {
  index: number
  score: number
  top: Contribution[]
}

/** What {@link explainFlagged} returns. */
export interface FlaggedExplanations {
  /** The flagged samples, highest score first. */
  flagged: FlaggedSample[]
  /** Features most often among the top `k` of the flagged samples, most frequent first (at most 10). */
  frequentFeatures: Array<{ feature: string; flaggedSamples: number }>
}

/**
 * Explains what a detector flags in `x`: every sample whose score (from `detector.score(x)`, passed in so it
 * is not computed twice) is `>= detector.threshold.value`, with its `k` largest contributions (default 3), and
 * the features that drive the flags most often — the "which time steps / variables" summary of a report.
 */
export async function explainFlagged(detector: Detector, x: Samples, scores: Float32Array, options: { k?: number } = {}): Promise<FlaggedExplanations> {
  const threshold = detector.threshold.value
  const order: number[] = []
  for (let i = 0; i < scores.length; i++) if (scores[i] >= threshold) order.push(i)
  order.sort((a, b) => scores[b] - scores[a] || a - b)
  const explained = order.length > 0 ? await detector.explain(x, { rows: order, k: options.k ?? 3 }) : []
  const counts = new Map<string, number>()
  for (const top of explained) for (const c of top) counts.set(c.name, (counts.get(c.name) ?? 0) + 1)
  return {
    flagged: explained.map((top, i) => ({ index: order[i], score: scores[order[i]], top })),
    frequentFeatures: [...counts.entries()].sort((a, b) => b[1] - a[1]).slice(0, 10).map(([feature, flaggedSamples]) => ({ feature, flaggedSamples })),
  }
}
