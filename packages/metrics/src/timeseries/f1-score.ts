/** An F1-type score with the precision and recall it combines (anomaly = positive class). */
export interface F1Score {
  /** The combined score, in [0, 1]. */
  f1: number
  /** Precision, in [0, 1]; 0 when nothing is predicted. */
  precision: number
  /** Recall, in [0, 1]. */
  recall: number
}

/**
 * scikit-learn 1.2's F1 from point counts: precision = tp / (tp + fp), recall = tp / (tp + fn),
 * F1 = 2 · precision · recall / (precision + recall), and 0 where a denominator is 0 (`zero_division=0`).
 * The same operations in the same order as scikit-learn, so the value is bit-equal.
 */
export function f1FromCounts(tp: number, fp: number, fn: number): F1Score {
  const precision = tp + fp === 0 ? 0 : tp / (tp + fp)
  const recall = tp + fn === 0 ? 0 : tp / (tp + fn)
  const denominator = precision + recall
  return { f1: denominator === 0 ? 0 : (2 * precision * recall) / denominator, precision, recall }
}
