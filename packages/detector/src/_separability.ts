import { AedetectError, type Samples } from '@aedetect/core'
import type { Threshold } from '@aedetect/metrics'

/**
 * Throws `E_NOT_FINITE` naming the first sample whose score is NaN (or, unless `allowInfinity`, ±Infinity). A NaN
 * compares false with any threshold, so unchecked it would be labelled normal; it comes from damaged weights.
 * +Infinity is a finite sample so far outside the training range that its error overflows float32 (|x| near 1e19
 * and above squares past 3.4e38): when scoring it is the most anomalous score there is, and `>= threshold` flags
 * it; training errors must be finite.
 */
export function expectFiniteScores(scores: Float32Array, where: string, options: { allowInfinity?: boolean } = {}): void {
  for (let i = 0; i < scores.length; i++) {
    const value = scores[i]
    if (Number.isFinite(value) || (options.allowInfinity === true && value === Number.POSITIVE_INFINITY)) continue
    const cause = Number.isNaN(value) ? "The detector's weights are damaged, or the sample's values overflow float32 inside the model" : 'The sample holds values far outside the training range (float32 overflows past 3.4e38)'
    throw new AedetectError('E_NOT_FINITE', `${where}: sample ${i} scores ${String(value)}; a score that is not a number is neither normal nor anomalous. ${cause}: check row ${i}, or retrain the detector.`)
  }
}

// The columns (0-based, with names) that are constant across the scaled training samples.
function constantColumns(x: Samples, names: string[]): string[] {
  const n = x.shape[0]
  const size = x.data.length / n
  const found: string[] = []
  for (let j = 0; j < size; j++) {
    const first = x.data[j]
    let constant = true
    for (let i = 1; i < n && constant; i++) constant = x.data[i * size + j] === first
    if (constant) found.push(names[j] ?? `f${j}`)
  }
  return found
}

/**
 * Fit-time check that the detector can separate anything: the held-out normal errors must be finite
 * (`E_NOT_FINITE`) and not all equal, and the threshold finite (`E_DEGENERATE`, naming the cause). All-equal errors
 * come from training data without variance — constant columns, identical rows, or values so tiny (near 1e-30) or
 * huge (near 1e30) that scaling collapses them — and give a threshold that every sample like the training ones
 * reaches (score >= threshold): every normal row would be flagged.
 */
export function expectSeparable(scaledTrain: Samples, validationErrors: Float32Array, threshold: Threshold | null, names: string[]): void {
  const where = 'fitDetector()'
  expectFiniteScores(validationErrors, `${where}: validation`)
  let min = Infinity
  let max = -Infinity
  for (let i = 0; i < validationErrors.length; i++) {
    if (validationErrors[i] < min) min = validationErrors[i]
    if (validationErrors[i] > max) max = validationErrors[i]
  }
  if (validationErrors.length > 1 && min === max) {
    const constant = constantColumns(scaledTrain, names)
    const size = scaledTrain.data.length / scaledTrain.shape[0]
    const cause = constant.length === size
      ? `every one of the ${size} columns is constant across the ${scaledTrain.shape[0]} training rows after scaling (identical rows, or values too close together — near 1e-30 — or too far out — near 1e30 — for float32)`
      : constant.length > 0
        ? `${constant.length} of ${size} columns are constant after scaling (${constant.slice(0, 5).join(', ')}${constant.length > 5 ? ', …' : ''}), and the others do not vary enough to change the error`
        : 'the model reconstructs every normal sample equally well (or badly)'
    throw new AedetectError('E_DEGENERATE', `${where}: all ${validationErrors.length} held-out normal samples have the same reconstruction error (${min}), so no threshold separates anything: ${cause}. The training data has zero variance: drop constant columns and duplicate rows, or rescale the values, and fit again.`)
  }
  if (threshold && !Number.isFinite(threshold.value)) {
    throw new AedetectError('E_DEGENERATE', `${where}: threshold strategy '${threshold.strategy}' gives ${String(threshold.value)}: no threshold flags more of the labelled anomalies than of the normal samples, so this detector would flag nothing. Check the calibration labels (1 = anomaly), or choose a label-free strategy such as { strategy: 'percentile', q: 0.99 }.`)
  }
}
