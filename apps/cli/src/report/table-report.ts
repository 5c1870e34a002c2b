import { selectSamples } from '@aedetect/core'
import type { Detector } from '@aedetect/detector'
import type { LoadedTable } from '../data-source'
import type { TableEvaluation } from '../jobs/evaluate-table'
import type { ReconstructionExample } from '@aedetect/charts'
import type { ReportContent } from './report-content'

/** Features shown in the per-feature error chart. */
const FEATURES_SHOWN = 15

/**
 * Gathers a report on a detector of single samples (rows or images): the evaluation records, the loss
 * history, the median-scored normal and anomalous test samples with their reconstructions, and the
 * features whose mean error differs most between anomalous and normal test samples.
 */
export async function tableReportContent(detector: Detector, data: LoadedTable, evaluation: TableEvaluation, context: { modelDir: string; backend: string }): Promise<ReportContent> {
  const { testX, testLabels, testScores } = evaluation
  const example = async (label: 0 | 1): Promise<ReconstructionExample> => {
    const rows: number[] = []
    for (let i = 0; i < testLabels.length; i++) if (testLabels[i] === label) rows.push(i)
    rows.sort((a, b) => testScores[a] - testScores[b])
    const pick = rows[Math.floor(rows.length / 2)]
    const sample = selectSamples(testX, [pick])
    const reconstruction = await detector.reconstruct(sample)
    const name = label === 1 ? 'anomalous' : 'normal'
    return { title: `${label === 1 ? 'An' : 'A'} ${name} test sample (data row ${evaluation.testRows[pick]}, the median score of the ${name} ones: ${testScores[pick].toPrecision(3)})`, input: sample.data, reconstruction: reconstruction.data }
  }
  const errors = await detector.scoreFeatures(testX)
  const d = errors.data.length / errors.shape[0]
  const sums = [new Float64Array(d), new Float64Array(d)]
  const counts = [0, 0]
  for (let i = 0; i < testLabels.length; i++) {
    const sum = sums[testLabels[i]]
    counts[testLabels[i]]++
    for (let j = 0; j < d; j++) sum[j] += errors.data[i * d + j]
  }
  const names = detector.state.featureNames
  const featureErrors = Array.from({ length: d }, (_, j) => ({ feature: names[j] ?? `f${j}`, normal: sums[0][j] / counts[0], anomalous: sums[1][j] / counts[1] }))
    .sort((a, b) => b.anomalous - b.normal - (a.anomalous - a.normal))
    .slice(0, FEATURES_SHOWN)
  const shape = detector.state.sampleShape
  return {
    data: data.name,
    modelDir: context.modelDir,
    backend: context.backend,
    architecture: detector.state.architecture.kind,
    report: evaluation.report,
    thresholds: evaluation.thresholds,
    history: detector.state.history,
    examples: { normal: await example(0), anomalous: await example(1) },
    image: data.kind === 'image' && shape.length === 3 ? [shape[0], shape[1]] : null,
    featureErrors,
    timeSeries: null,
  }
}
