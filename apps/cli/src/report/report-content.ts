import type { EvaluationReport, ThresholdComparisonRow, TimeSeriesMetrics } from '@aedetect/metrics'
import type { TrainingHistory } from '@aedetect/models'
import type { ReconstructionExample } from '@aedetect/charts'

/** Everything one report shows, gathered from the package records (evaluation report, threshold comparison, history). */
export interface ReportContent {
  /** What was evaluated, e.g. 'ODDS cardio (…/cardio.csv)'. */
  data: string
  modelDir: string
  backend: string
  architecture: string
  report: EvaluationReport
  thresholds: ThresholdComparisonRow[]
  history: TrainingHistory | null
  /** A normal and an anomalous test sample with their reconstructions. */
  examples: { normal: ReconstructionExample; anomalous: ReconstructionExample }
  /** `[height, width]` when samples are images (pixels), else null (lines). */
  image: [number, number] | null
  /** Mean per-feature error of normal and anomalous test samples, the features with the largest gap first. */
  featureErrors: Array<{ feature: string; normal: number; anomalous: number }>
  /** TSB-AD's time-series metrics, for a series. */
  timeSeries: TimeSeriesMetrics | null
  /** A series: the alarm rule in words and the detected events (test points, peak score, top variables). Absent for samples. */
  alarms?: { rule: string; events: Array<{ start: number; end: number; peak: number; peakIndex: number; variables: Array<{ feature: string; share: number }> }> }
  /** The PCA baseline on the same split (rendered beside the autoencoder's figures); null or absent when none was fitted. */
  baseline?: { architecture: string; rocAuc: number | null; averagePrecision: number | null; f1: number } | null
}
