import { selectSamples } from '@aedetect/core'
import { loadEcg5000 } from '@aedetect/datasets/node'
import { fitDetector } from '@aedetect/detector'
import { evaluateDetection } from '@aedetect/metrics'
import { initBackend } from '@aedetect/models'

const backend = await initBackend() // tfjs-node if installed, else wasm, else cpu
console.log(`backend: ${backend.name}`)

// ECG5000, shipped in @aedetect/datasets: train on the normal beats of the UCR training rows only.
const ecg = await loadEcg5000()
const rowsWhere = (keep) => Uint32Array.from(ecg.labels.keys()).filter(keep)
const normalTrain = selectSamples(ecg.x, rowsWhere((i) => ecg.ucrSplit[i] === 0 && ecg.labels[i] === 0))
const testRows = rowsWhere((i) => ecg.ucrSplit[i] === 1)
const test = selectSamples(ecg.x, testRows)
const testLabels = testRows.map((i) => ecg.labels[i])

// Scaler + dense autoencoder + a threshold at the 99th percentile of held-out normal errors, in one call.
const detector = await fitDetector(normalTrain, { training: { epochs: 40 }, featureNames: ecg.featureNames, seed: 7 })
console.log(`${normalTrain.shape[0]} normal beats (10 % held out for validation), ${detector.state.history.epochsRun} epochs; threshold ${detector.threshold.value.toFixed(5)} (${detector.threshold.strategy})`)

// Score the 4500 test beats; a beat is anomalous when score >= threshold.
const scores = await detector.score(test)
const report = evaluateDetection(testLabels, scores, detector.threshold)
console.log(report.confusionMatrix, `ROC-AUC ${report.rocAuc.toFixed(3)}`)

// Why the first flagged beat was flagged: the time steps that contribute most to its error.
const flagged = (await detector.predict(test)).indexOf(1)
const [reasons] = await detector.explain(test, { k: 3, rows: [flagged] })
console.log(`test beat ${flagged}:`, reasons.map((c) => `${c.name} (${(100 * c.share).toFixed(1)} %)`).join(', '))
detector.dispose()
