/** One sample (or one window's channel) beside its reconstruction, for a line or image chart. */
export interface ReconstructionExample {
  /** What is drawn, in a sentence: which row or window, which class, why it was picked. */
  title: string
  input: ArrayLike<number>
  reconstruction: ArrayLike<number>
}

/** Mean per-feature error of the normal and the anomalous test samples (or points). */
export interface FeatureError {
  feature: string
  normal: number
  anomalous: number
}

/** Features kept in the per-feature error chart: the largest anomalous − normal gaps. */
export const FEATURE_ERRORS_SHOWN = 15

/** The features whose mean error differs most between anomalous and normal samples, largest gap first. */
export function largestGaps(errors: FeatureError[]): FeatureError[] {
  return [...errors].sort((a, b) => b.anomalous - b.normal - (a.anomalous - a.normal)).slice(0, FEATURE_ERRORS_SHOWN)
}
