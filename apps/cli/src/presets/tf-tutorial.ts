import { loadEcg5000 } from '@aedetect/datasets/node'
import pc from 'picocolors'
import { runTutorialJob } from '../jobs/tf-tutorial-job'
import { printJson, say } from '../output'
import type { PresetContext } from './preset-context'

/** `train --preset tf-tutorial`: the TensorFlow "Intro to autoencoders" ECG recipe (jobs/tf-tutorial-job.ts) and its figures. */
export async function runTfTutorialPreset(context: PresetContext): Promise<void> {
  const ecg = await loadEcg5000({ dataDir: context.dataDir })
  const result = await runTutorialJob(ecg, { seed: context.seed, onEpochEnd: context.onEpochEnd })
  context.onTrained?.()
  const { report } = result
  const output = {
    data: 'ECG5000 as the TensorFlow tutorial\'s ecg.csv (built from the bundled UCR files), its own train/test split',
    preset: 'tf-tutorial',
    split: { trainNormal: result.trainNormalRows, test: { rows: report.n, normal: report.normals, anomalous: report.anomalies } },
    backend: context.backend,
    threshold: result.detector.threshold,
    metrics: { anomalyPositive: report.anomalyPositive, normalPositive: report.normalPositive },
    confusionMatrix: report.confusionMatrix,
    rocAuc: report.rocAuc,
    averagePrecision: report.averagePrecision,
    tutorialReported: { accuracy: 0.943, precision: 0.992, recall: 0.905, positive: 'normal' },
    timingsMs: result.timingsMs,
    seed: context.seed,
  }
  result.detector.dispose()
  if (context.json) return printJson(output)
  const fmt = (v: number): string => v.toFixed(4)
  say('')
  say(pc.bold('TensorFlow "Intro to autoencoders" recipe on ECG5000 (normal = positive, as the tutorial reports)'))
  say(`  accuracy  ${fmt(report.normalPositive.accuracy)}   (tutorial 0.943)`)
  say(`  precision ${fmt(report.normalPositive.precision)}   (tutorial 0.992)`)
  say(`  recall    ${fmt(report.normalPositive.recall)}   (tutorial 0.905)`)
  say(`  ROC-AUC   ${fmt(report.rocAuc)}   threshold ${fmt(result.detector.threshold.value)} (mean + 1 std of training MAE)`)
}
