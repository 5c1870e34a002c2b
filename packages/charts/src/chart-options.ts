import type { ConfusionMatrix } from '@aedetect/metrics'

/** Options every chart takes. */
export interface ChartOptions {
  /**
   * The DOM document Observable Plot draws into. Default: the global `document` (a browser). Node has none:
   * pass one from linkedom, `parseHTML('<!doctype html><html><body></body></html>').document`.
   */
  document?: Document
  /**
   * Width of the chart in px (its `viewBox`, so also the size of its text relative to it): draw at the width of
   * the container and 10 px labels stay 10 px. The height follows the chart's proportions. Default: each chart's
   * own (560 for the wide charts, 300 for the square ones); at least 200.
   */
  width?: number
}

/**
 * A threshold other than the report's, with the test split's counts at it, so a page can move the threshold
 * live without a new report. Build it with {@link thresholdOverride} from the test labels and scores.
 */
export interface ThresholdOverride {
  /** The threshold, in score units; a sample is anomalous when `score >= value`. */
  value: number
  /** Test-split counts at `value`, anomaly positive. */
  confusionMatrix: ConfusionMatrix
}

/** Options of the charts drawn from an evaluation report. */
export interface ReportChartOptions extends ChartOptions {
  /** Draw the threshold line, the operating points and the counts at this threshold. Default: the report's own threshold and confusion matrix. */
  threshold?: ThresholdOverride
}
