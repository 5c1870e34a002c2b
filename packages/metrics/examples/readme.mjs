import { createRandom } from '@aedetect/core'
import { compareThresholds, evaluateDetection, findThreshold, formatClassificationReport, classificationReport, predictLabels, rocAuc } from '@aedetect/metrics'

// Reconstruction errors of a detector: normal samples err little, anomalies more (seeded, so the output below is exact).
const random = createRandom(7)
const errors = (n, anomalous) => Float32Array.from({ length: n }, () => Math.abs(random.nextNormal()) * (anomalous ? 0.09 : 0.03))
const validation = errors(500, false) // held-out normal samples
const testScores = Float32Array.from([...errors(900, false), ...errors(100, true)])
const testLabels = Uint8Array.from({ length: 1000 }, (_, i) => (i >= 900 ? 1 : 0))

// Choose the threshold without the test labels: the 99th percentile of normal validation errors.
const threshold = findThreshold(validation, { strategy: 'percentile', q: 0.99 })
console.log(threshold)

// Evaluate on the test split; a sample is anomalous when score >= threshold.
const report = evaluateDetection(testLabels, testScores, threshold)
console.log(report.confusionMatrix, report.rocAuc.toFixed(4), report.averagePrecision.toFixed(4))
console.log(formatClassificationReport(classificationReport(testLabels, predictLabels(testScores, threshold.value))))

// Every strategy at once: label-free ones on the validation errors; labelled ones are skipped (no calibration labels).
for (const row of compareThresholds({ calibration: { scores: validation }, evaluation: { scores: testScores, labels: testLabels } })) {
  console.log(row.strategy.padEnd(10), row.skipped === null ? `${row.threshold.toFixed(4)}  f1 ${row.f1.toFixed(3)}  fpr ${row.fpr.toFixed(3)}` : 'skipped')
}
