import { selectSamples } from '@aedetect/core'
import { evaluateDetection, findThreshold, rocAuc } from '@aedetect/metrics'
import { buildAutoencoder, sampleFromPrior, scoreSamples, trainAutoencoder, type VariationalConfig } from '@aedetect/models'
import { applyScaler, fitMinMax, invertScaler, shuffleSplit } from '@aedetect/preprocessing'
import { loadEcgUcr } from './_ecg-ucr'
import { planPresetOutput, writePresetOutput } from './_preset-files'
import { budgetNote, finishPreset, fmt, seconds } from './_preset-output'
import type { PresetContext } from './preset-context'

const ARCHITECTURE: VariationalConfig = { kind: 'variational', hiddenUnits: [32, 16], latentDim: 8, activation: 'relu', outputActivation: 'sigmoid', beta: 1 }
const EPOCHS = 100
/** Beats drawn from the prior and written as CSV. */
export const VAE_SAMPLES = 100
/** Latent draws per beat of the anomaly score (the scores average over them). */
const SCORE_DRAWS = 10

/**
 * `train --preset vae`: the variational autoencoder (dense 140-32-16 encoder → mean and log-variance of an 8-d
 * code → reparameterised draw → 16-32-140 decoder, sigmoid out, β = 1) on the ECG5000 beats, UCR split: fit on the
 * normal beats of the UCR train file (10 % held out, seeded, for early stopping and the threshold), test on the UCR
 * test file. Global min-max fitted on the fit rows; Adam 1e-3, batch 32, up to 100 epochs, patience 10. Scores are
 * the per-value squared reconstruction error averaged over 10 latent draws (the negative ELBO's ROC-AUC is reported
 * beside it); threshold = 99th percentile of the held-out normal scores. Writes 100 beats decoded from codes
 * drawn from the prior N(0, I), in the data's units, to `--samples FILE` (a new file) or `samples.csv` in `--out`
 * (default `aedetect-vae`; a folder this preset wrote is replaced, any other is refused before training).
 */
export async function runVaePreset(context: PresetContext): Promise<void> {
  const started = performance.now()
  const plan = planPresetOutput({ samples: context.samples, out: context.out, preset: 'vae', fileName: 'samples.csv', defaultFolder: 'aedetect-vae' })
  const data = await loadEcgUcr({ dataDir: context.dataDir, limit: context.limit })
  const epochs = context.epochs ?? EPOCHS
  const held = shuffleSplit(data.train.shape[0], { testFraction: 0.1, seed: context.seed })
  const scaler = fitMinMax(selectSamples(data.train, held.trainRows), { per: 'global' })
  const fit = applyScaler(scaler, selectSamples(data.train, held.trainRows))
  const validation = applyScaler(scaler, selectSamples(data.train, held.testRows))
  const test = applyScaler(scaler, data.test)
  const fitStart = performance.now()
  const autoencoder = buildAutoencoder(ARCHITECTURE, { sampleShape: [data.train.shape[1]], seed: context.seed })
  try {
    const history = await trainAutoencoder(autoencoder, fit, {
      epochs,
      batchSize: 32,
      learningRate: 1e-3,
      validation,
      earlyStopping: { patience: 10 },
      seed: context.seed,
      onEpochEnd: context.onEpochEnd,
    })
    const fitMs = performance.now() - fitStart
    context.onTrained?.()
    const scoreStart = performance.now()
    const scoring = { samples: SCORE_DRAWS, seed: context.seed }
    const threshold = findThreshold(await scoreSamples(autoencoder, validation, scoring), { strategy: 'percentile', q: 0.99 })
    const scores = await scoreSamples(autoencoder, test, scoring)
    const elboAuc = rocAuc(data.testLabels, await scoreSamples(autoencoder, test, { ...scoring, score: 'negativeElbo' }))
    const scoreMs = performance.now() - scoreStart
    const report = evaluateDetection(data.testLabels, scores, threshold)
    const drawn = await sampleFromPrior(autoencoder, { count: VAE_SAMPLES, seed: context.seed })
    const drawnScores = await scoreSamples(autoencoder, drawn, scoring)
    let flagged = 0
    for (const s of drawnScores) if (s >= threshold.value) flagged++
    const beats = invertScaler(scaler, drawn)
    const width = data.featureNames.length
    const lines = [data.featureNames.join(',')]
    for (let i = 0; i < VAE_SAMPLES; i++) lines.push(Array.from(beats.data.subarray(i * width, (i + 1) * width), String).join(','))
    await writePresetOutput(plan, 'vae', `${lines.join('\n')}\n`)
    const note = budgetNote(context, EPOCHS)
    const output = {
      preset: 'vae',
      data: 'ECG5000 beats [140], UCR split (fit on the normal beats of the UCR train file, 10 % of them held out; test on the UCR test file)',
      architecture: ARCHITECTURE,
      split: { fit: fit.shape[0], validation: validation.shape[0], test: { rows: report.n, normal: report.normals, anomalous: report.anomalies } },
      backend: context.backend,
      threshold,
      rocAuc: report.rocAuc,
      averagePrecision: report.averagePrecision,
      negativeElboRocAuc: elboAuc,
      confusionMatrix: report.confusionMatrix,
      metrics: { anomalyPositive: report.anomalyPositive },
      samples: { file: plan.path, count: VAE_SAMPLES, columns: width, flaggedByThreshold: flagged },
      training: { epochs, epochsRun: history.epochsRun, bestEpoch: history.bestEpoch, finalLoss: history.loss[history.loss.length - 1] },
      timingsMs: { fit: fitMs, score: scoreMs, total: performance.now() - started },
      seed: context.seed,
      ...(note === undefined ? {} : { budget: note }),
    }
    finishPreset(context, output, 'Variational autoencoder on ECG5000 beats (UCR split), with beats drawn from the prior', [
      `split: fit ${fit.shape[0]} + validation ${validation.shape[0]} normal beats, test ${report.normals} normal / ${report.anomalies} anomalous`,
      `ROC-AUC ${fmt(report.rocAuc)} (reconstruction, ${SCORE_DRAWS} draws)   negative-ELBO ROC-AUC ${fmt(elboAuc)}   average precision ${fmt(report.averagePrecision)}`,
      `threshold ${fmt(threshold.value)} (99th percentile of the held-out normal scores): F1 ${fmt(report.anomalyPositive.f1)}`,
      `${VAE_SAMPLES} beats from the prior N(0, I) written to ${plan.path} (${flagged} of them above the threshold)`,
      `epochs run ${history.epochsRun} (best ${history.bestEpoch}); fit ${seconds(fitMs)}, score ${scoreMs.toFixed(0)} ms`,
      ...(note === undefined ? [] : [note]),
    ])
  } finally {
    autoencoder.dispose()
  }
}
