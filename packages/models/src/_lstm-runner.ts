import type { Samples } from '@aedetect/core'
import { internalsOf, type Autoencoder } from './autoencoder'
import { fitRunner, type EpochRunner, type RunnerOptions } from './_fit-runner'
import { createFusedAdam } from './_fused-adam'
import { createLstmBackwardScratch, createLstmGradients, lstmBackward } from './kernels/lstm-fused-backward'
import { createLstmTrace, lstmForward, prepareLstm, releaseLstm, type LstmParameters } from './kernels/lstm-fused-forward'
import { fusedLoss, fusedLossGradient } from './kernels/fused-loss'
import { fusedMatmulForBackend } from './kernels/fused-matmul'
import { fusedRuns, perBatchSize } from './kernels/fused-runs'
import { lstmDimensions, readLstmParameters, writeLstmParameters } from './kernels/lstm-parameters'

/**
 * Trains the stock tf.layers LSTM autoencoder's own weight variables with a fused forward pass, a
 * hand-written backward pass through time and Adam, instead of `model.fit` (about 12 samples/s on cpu for
 * 140 steps, issue 7). Same batches in the same order as {@link fitRunner} (the caller's shuffled data,
 * batches of `batchSize` from the start, the last one smaller), same loss and Adam; the weights live in
 * Float32Arrays during an epoch and are written back to the variables when it ends (or stops).
 * On backends other than 'cpu' and 'wasm' (tfjs-node, webgl) it is `fitRunner`: their kernels are native or
 * on the GPU, and the fused JS math was measured only against tfjs-cpu and tfjs-wasm.
 */
export function lstmRunner(autoencoder: Autoencoder, options: RunnerOptions): EpochRunner {
  if (!fusedRuns()) return fitRunner(autoencoder, options)
  const model = internalsOf(autoencoder).training
  const dims = lstmDimensions(model)
  const adam = createFusedAdam<keyof LstmParameters>(options.learningRate)
  const grads = createLstmGradients(dims)
  const traceFor = perBatchSize((batch) => createLstmTrace(dims, batch))
  const scratchFor = perBatchSize((batch) => createLstmBackwardScratch(dims, batch))
  const dOutputFor = perBatchSize((batch) => new Float32Array(batch * dims.steps * dims.channels))
  const sampleSize = dims.steps * dims.channels
  let stopping = false
  return {
    async runEpoch(input: Samples, target: Samples) {
      stopping = false
      const mm = fusedMatmulForBackend()
      const params = readLstmParameters(model)
      const n = input.shape[0]
      let sum = 0
      let seen = 0
      try {
        for (let start = 0; start < n && !stopping; start += options.batchSize) {
          const end = Math.min(start + options.batchSize, n)
          const batch = end - start
          const x = input.data.subarray(start * sampleSize, end * sampleSize)
          const y = target.data.subarray(start * sampleSize, end * sampleSize)
          const trace = traceFor(batch)
          const prepared = prepareLstm(mm, params, dims)
          try {
            lstmForward(x, params, prepared, dims, mm, trace)
            const dOutput = dOutputFor(batch)
            sum += fusedLossGradient(trace.output, y, options.loss, dOutput) * batch
            lstmBackward(x, dOutput, params, prepared, dims, mm, trace, scratchFor(batch), grads)
          } finally {
            releaseLstm(mm, prepared)
          }
          adam.step(params, grads)
          seen += batch
        }
        const result: { loss: number; valLoss?: number } = { loss: sum / Math.max(seen, 1) }
        if (options.validation && !stopping) {
          const v = options.validation
          const m = v.shape[0]
          const prepared = prepareLstm(mm, params, dims)
          let total = 0
          try {
            for (let start = 0; start < m; start += options.batchSize) {
              const end = Math.min(start + options.batchSize, m)
              const trace = traceFor(end - start)
              const x = v.data.subarray(start * sampleSize, end * sampleSize)
              lstmForward(x, params, prepared, dims, mm, trace)
              total += fusedLoss(trace.output, x, options.loss) * (end - start)
            }
          } finally {
            releaseLstm(mm, prepared)
          }
          result.valLoss = total / m
        }
        return result
      } finally {
        writeLstmParameters(model, params)
        mm.dispose()
      }
    },
    stop() {
      stopping = true
    },
    dispose() {},
  }
}
