import type { BaselineResult } from '@aedetect/evaluation'
import type { TimeSeriesMetrics } from '@aedetect/metrics'

/** The PCA baseline as `--json` prints it beside every autoencoder result. */
export interface BaselineJson {
  architecture: string
  rocAuc: number | null
  averagePrecision: number | null
  /** F1 (anomaly positive) at its own threshold. */
  f1: number
  threshold: number
  fitMs: number
  /** Time series: TSB-AD's metrics of its point scores (F scores at the oracle threshold). */
  timeSeries?: TimeSeriesMetrics
}

/** The baseline record for JSON output (null when none was fitted). */
export function baselineJson(baseline: BaselineResult | null): BaselineJson | null {
  if (baseline === null) return null
  return {
    architecture: baseline.architecture,
    rocAuc: baseline.rocAuc,
    averagePrecision: baseline.averagePrecision,
    f1: baseline.f1,
    threshold: baseline.threshold.value,
    fitMs: baseline.fitMs,
    ...(baseline.timeSeries ? { timeSeries: baseline.timeSeries } : {}),
  }
}

/** One human line: the PCA baseline on the same split, beside the autoencoder's figures. */
export function baselineLine(baseline: BaselineJson | null): string {
  if (baseline === null) return '  PCA baseline: not fitted'
  const f = (v: number | null): string => (v === null ? '—' : v.toFixed(4))
  const vus = baseline.timeSeries ? `  VUS-PR ${baseline.timeSeries.vusPr.toFixed(4)}` : ''
  return `  PCA baseline (same split): ROC-AUC ${f(baseline.rocAuc)}  average precision ${f(baseline.averagePrecision)}${vus}  F1 ${baseline.f1.toFixed(4)} at its own threshold (fit ${(baseline.fitMs / 1000).toFixed(1)} s)`
}
