// The reconstruction loss of the fused training runners (LSTM, dense) and its gradient, as tfjs-layers
// computes them: 'meanSquaredError' / 'meanAbsoluteError' averaged over every value of the batch.

/**
 * Returns the mean loss of `output` against `target` and writes ∂loss/∂output into `dOutput`. For 'mae'
 * the gradient at a zero difference is −1/n, as tfjs's `abs` gradient (`step(x, −1)`) gives.
 */
export function fusedLossGradient(output: Float32Array, target: Float32Array, loss: 'mse' | 'mae', dOutput: Float32Array): number {
  const n = output.length
  let sum = 0
  if (loss === 'mse') {
    for (let i = 0; i < n; i++) {
      const d = output[i] - target[i]
      sum += d * d
      dOutput[i] = (2 * d) / n
    }
  } else {
    for (let i = 0; i < n; i++) {
      const d = output[i] - target[i]
      sum += Math.abs(d)
      dOutput[i] = d > 0 ? 1 / n : -1 / n
    }
  }
  return sum / n
}

/** The mean loss of `output` against `target` without the gradient. */
export function fusedLoss(output: Float32Array, target: Float32Array, loss: 'mse' | 'mae'): number {
  const n = output.length
  let sum = 0
  for (let i = 0; i < n; i++) {
    const d = output[i] - target[i]
    sum += loss === 'mse' ? d * d : Math.abs(d)
  }
  return sum / n
}
