import type { Detector } from '@aedetect/detector'
import type { LoadedTable } from '../data-source'
import type { ReportContent } from '../report/report-content'
import { baselineJson } from './baseline-line'
import type { TableEvaluation } from './evaluate-table'

/**
 * The report content of a detector of single samples (rows or images), all from the evaluation package's record:
 * the reports, the loss history, the median-scored normal and anomalous test samples with their reconstructions,
 * the features whose mean error differs most between the classes, and the PCA baseline.
 */
export function sampleReportContent(detector: Detector, data: LoadedTable, table: TableEvaluation, context: { modelDir: string; backend: string }): ReportContent {
  const e = table.evaluation
  const shape = detector.state.sampleShape
  return {
    data: data.name,
    modelDir: context.modelDir,
    backend: context.backend,
    architecture: detector.state.architecture.kind,
    report: e.report,
    thresholds: e.thresholds,
    history: detector.state.history,
    examples: e.examples,
    image: data.kind === 'image' && shape.length === 3 ? [shape[0], shape[1]] : null,
    featureErrors: e.featureErrors,
    timeSeries: null,
    baseline: baselineJson(e.baseline),
  }
}
