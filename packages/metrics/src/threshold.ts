import type { NonparametricOptions } from './nonparametric-threshold'

/** The label-free strategies: they read normal training (or held-out normal validation) errors. */
export type LabelFreeThresholdOptions =
  /** mean + k · std (population) of normal errors. */
  | { strategy: 'meanStd'; /** Multiplier of the std. Default 3. */ k?: number }
  /** The q-quantile of normal errors, numpy's linear interpolation. */
  | { strategy: 'percentile'; /** Fraction in [0, 1], e.g. 0.99 (not a percent). */ q: number }
  /** The (1 − contamination)-quantile: flags about that fraction of normal errors (PyOD's rule, with >=). */
  | { strategy: 'contamination'; /** Expected anomalous fraction in (0, 1), e.g. 0.05. */ contamination: number }
  /** The largest normal error: flags nothing seen in training. */
  | { strategy: 'max' }
  /** Tukey's fence q3 + k · (q3 − q1), quartiles by linear interpolation. */
  | { strategy: 'iqr'; /** Multiplier of the interquartile range. Default 1.5. */ k?: number }
  /** median + k · 1.4826 · MAD; 1.4826 makes the MAD a std estimate for normal data. */
  | { strategy: 'mad'; /** Multiplier of the scaled MAD. Default 3. */ k?: number }
  /**
   * Peaks over threshold (Siffer et al., KDD 2017; SPOT's initial threshold): a generalised Pareto tail fitted
   * (Grimshaw's method) to the excesses over the `level` quantile, and the score exceeded with probability `q`.
   * For a threshold that keeps learning on a stream, see `createSpot`.
   */
  | { strategy: 'pot'; /** Risk in (0, 1): the probability that a normal score exceeds the threshold. Default 1e-3. */ q?: number; /** Quantile of the initial threshold t, in [0, 1). Default 0.98. */ level?: number }
  /** Non-parametric dynamic thresholding (Hundman et al., KDD 2018, Telemanom): the ε = μ + z σ that best separates the highest scores. */
  | ({ strategy: 'nonparametric' } & NonparametricOptions)

/** The labelled strategies: they read labelled validation scores (1 = anomaly). */
export type LabelledThresholdOptions =
  /** The observed score with the highest F1 (anomaly positive); the first maximum, i.e. the lowest such score. */
  | { strategy: 'bestF1'; /** 0/1 labels of the validation scores. */ labels: ArrayLike<number> }
  /** The ROC point with the highest Youden's J = tpr − fpr; ties go to the highest threshold. */
  | { strategy: 'youden'; /** 0/1 labels of the validation scores. */ labels: ArrayLike<number> }
  /** The lowest ROC threshold whose false-positive rate is at most `maxFpr`: the most recall within that FPR. */
  | { strategy: 'maxFpr'; /** 0/1 labels of the validation scores. */ labels: ArrayLike<number>; /** Target FPR in [0, 1], e.g. 0.01. */ maxFpr: number }

/** Options of `findThreshold`, a union discriminated on `strategy`. */
export type ThresholdOptions = LabelFreeThresholdOptions | LabelledThresholdOptions

/** The name of a threshold strategy. */
export type ThresholdStrategy = ThresholdOptions['strategy']

/**
 * A chosen threshold: a sample is anomalous when `score >= value`. Plain and serialisable; saved as-is in
 * a detector artifact. `value` may be `+Infinity` only for 'youden' or 'maxFpr' when the rule lands on
 * the ROC curve's leading point (nothing flagged); JSON writes that as `null`.
 */
export interface Threshold {
  value: number
  strategy: ThresholdStrategy
  /**
   * The strategy's options with defaults filled in (`k`, `q`, `contamination`, `maxFpr`) and the
   * statistics that produced the value (e.g. `mean`, `std`; `q1`, `q3`; `median`, `mad`; `f1`,
   * `precision`, `recall`; `j`, `tpr`, `fpr`; 'pot': `initial`, `gamma`, `sigma`, `peaks`, `n`;
   * 'nonparametric': `z`, `mean`, `std`).
   */
  params: Record<string, number>
}

