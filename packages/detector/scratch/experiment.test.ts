import { selectSamples } from '@aedetect/core'
import { loadEcg5000 } from '@aedetect/datasets/node'
import { fitDetector, rethreshold } from '@aedetect/detector'
import { evaluateDetection, rocAuc, prCurve } from '@aedetect/metrics'
import { trainValidationTestSplit } from '@aedetect/preprocessing'
import { initBackend } from '@aedetect/models'
import { it } from 'vitest'

const configs: any[] = JSON.parse(process.env.EXP ?? '[]')
it('experiment', async () => {
  const b = await initBackend({ backend: (process.env.BK as any) ?? 'auto' })
  const ecg = await loadEcg5000()
  for (const cfg of configs) {
    for (const seed of cfg.seeds ?? [0]) {
      const split = trainValidationTestSplit(ecg.labels, { testFraction: 0.2, validationFraction: cfg.vf ?? 0.15, seed, stratify: true, normalOnlyTraining: true })
      const testSet = new Set(split.testRows)
      const cal = Array.from(ecg.labels.keys()).filter((i) => ecg.labels[i] === 1 && !testSet.has(i))
      const t0 = performance.now()
      const det = await fitDetector(selectSamples(ecg.x, split.trainRows), {
        architecture: cfg.arch, scaler: cfg.scaler ?? { kind: 'minmax', per: 'feature' },
        training: cfg.training, validation: selectSamples(ecg.x, split.validationRows),
        calibration: { x: selectSamples(ecg.x, cal), labels: new Uint8Array(cal.length).fill(1) }, seed, scoreMetric: cfg.metric ?? 'mse',
      })
      const fit = performance.now() - t0
      const testX = selectSamples(ecg.x, split.testRows)
      const labels = Uint8Array.from(split.testRows, (r) => ecg.labels[r])
      const scores = await det.score(testX)
      const rep = evaluateDetection(labels, scores, det.threshold)
      const pr = prCurve(labels, scores)
      let best = 0
      for (let i = 0; i < pr.precision.length; i++) { const f = 2 * pr.precision[i] * pr.recall[i] / (pr.precision[i] + pr.recall[i] || 1); if (f > best) best = f }
      const yj = await rethreshold(det, { strategy: 'youden' }, { x: selectSamples(ecg.x, cal), labels: new Uint8Array(cal.length).fill(1) })
      const repY = evaluateDetection(labels, scores, yj.threshold)
      const p99 = await rethreshold(det, { strategy: 'percentile', q: 0.99 })
      const repP = evaluateDetection(labels, scores, p99.threshold)
      const ms3 = await rethreshold(det, { strategy: 'meanStd', k: 3 })
      const repM = evaluateDetection(labels, scores, ms3.threshold)
      console.log(JSON.stringify({ f1Youden: +repY.anomalyPositive.f1.toFixed(4), f1P99: +repP.anomalyPositive.f1.toFixed(4), f1MeanStd3: +repM.anomalyPositive.f1.toFixed(4), name: cfg.name, seed, backend: b.name, auc: +rep.rocAuc.toFixed(4), ap: +rep.averagePrecision.toFixed(4), f1: +rep.anomalyPositive.f1.toFixed(4), bestF1: +best.toFixed(4), epochs: det.state.history?.epochsRun, sps: Math.round(det.state.history?.samplesPerSecond ?? 0), fitS: +(fit / 1000).toFixed(1) }))
      det.dispose()
    }
  }
}, 3_600_000)
