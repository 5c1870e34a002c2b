import type { Samples } from '@aedetect/core'
import { internalsOf, type Autoencoder } from './autoencoder'
import { fitRunner, type EpochRunner, type RunnerOptions } from './_fit-runner'
import { createFusedAdam } from './_fused-adam'
import { createDenseBackwardScratch, createDenseGradients, denseBackward } from './kernels/dense-fused-backward'
import { createDenseTrace, denseForward, prepareDense, releaseDense } from './kernels/dense-fused-forward'
import { denseStack, namedDenseWeights, readDenseWeights, writeDenseWeights } from './kernels/dense-fused-parameters'
import { fusedLoss, fusedLossGradient } from './kernels/fused-loss'
import { fusedMatmulForBackend } from './kernels/fused-matmul'
import { fusedRuns, perBatchSize } from './kernels/fused-runs'
import { vectorSigmoidForBackend } from './kernels/wasm-sigmoid'

/**
 * Trains a dense autoencoder's own tf.layers weight variables with a fused forward pass, a hand-written
 * backward pass and Adam over Float32Arrays, instead of `model.fit`: the model is so small that model.fit's
 * ~170 tfjs ops per batch (forward, backward, Adam over 12 variables), not arithmetic, set its speed
 * (issue 7). Same batches in the same order as {@link fitRunner} (the caller's shuffled data, batches of
 * `batchSize` from the start, the last one smaller), same loss and Adam; the weights live in Float32Arrays
 * during an epoch and are written back to the variables when it ends (or stops).
 * It is `fitRunner` for anything but a plain stack of dense layers (dropout, batch normalisation, a sparsity
 * penalty: see kernels/dense-fused-parameters.ts) and on backends other than 'cpu' and 'wasm' (tfjs-node,
 * webgl: native or GPU kernels, and the fused math was measured only against tfjs-cpu and tfjs-wasm).
 */
export function denseRunner(autoencoder: Autoencoder, options: RunnerOptions): EpochRunner {
  const model = internalsOf(autoencoder).training
  // fusedRuns(): the backends the shared fused products (fused-matmul.ts) were written and measured for.
  const stack = fusedRuns() ? denseStack(model) : undefined
  if (stack === undefined) return fitRunner(autoencoder, options)
  const { layers } = stack
  const adam = createFusedAdam<string>(options.learningRate)
  const grads = createDenseGradients(layers)
  const namedGrads = namedDenseWeights(grads)
  const traceFor = perBatchSize((batch) => createDenseTrace(layers, batch))
  const scratchFor = perBatchSize((batch) => createDenseBackwardScratch(layers, batch))
  const dOutputFor = perBatchSize((batch) => new Float32Array(batch * layers[layers.length - 1].units))
  const inputSize = layers[0].inputs
  const outputSize = layers[layers.length - 1].units
  let stopping = false
  return {
    async runEpoch(input: Samples, target: Samples) {
      stopping = false
      const mm = fusedMatmulForBackend()
      const sigmoid = vectorSigmoidForBackend()
      const weights = readDenseWeights(stack)
      const named = namedDenseWeights(weights)
      const n = input.shape[0]
      let sum = 0
      let seen = 0
      try {
        for (let start = 0; start < n && !stopping; start += options.batchSize) {
          const end = Math.min(start + options.batchSize, n)
          const batch = end - start
          const x = input.data.subarray(start * inputSize, end * inputSize)
          const y = target.data.subarray(start * outputSize, end * outputSize)
          const trace = traceFor(batch)
          const prepared = prepareDense(mm, layers, weights, { backward: true })
          try {
            denseForward(x, layers, weights, prepared, mm, trace, sigmoid)
            const dOutput = dOutputFor(batch)
            sum += fusedLossGradient(trace.y[layers.length - 1], y, options.loss, dOutput) * batch
            denseBackward(x, dOutput, layers, prepared, mm, trace, scratchFor(batch), grads)
          } finally {
            releaseDense(mm, prepared)
          }
          adam.step(named, namedGrads)
          seen += batch
        }
        const result: { loss: number; valLoss?: number } = { loss: sum / Math.max(seen, 1) }
        if (options.validation && !stopping) {
          const v = options.validation
          const m = v.shape[0]
          const prepared = prepareDense(mm, layers, weights, { backward: false })
          let total = 0
          try {
            for (let start = 0; start < m; start += options.batchSize) {
              const end = Math.min(start + options.batchSize, m)
              const trace = traceFor(end - start)
              const x = v.data.subarray(start * inputSize, end * inputSize)
              denseForward(x, layers, weights, prepared, mm, trace, sigmoid)
              total += fusedLoss(trace.y[layers.length - 1], x, options.loss) * (end - start)
            }
          } finally {
            releaseDense(mm, prepared)
          }
          result.valLoss = total / m
        }
        return result
      } finally {
        writeDenseWeights(stack, weights)
        mm.dispose()
        sigmoid?.dispose()
      }
    },
    stop() {
      stopping = true
    },
    dispose() {},
  }
}
