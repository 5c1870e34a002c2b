import { internalsOf, type Autoencoder } from './autoencoder'
import { fitRunner, type EpochRunner, type RunnerOptions } from './_fit-runner'
import { fusedEpochRunner, type FusedEpoch } from './_fused-epoch-runner'
import { createFusedAdam } from './_fused-adam'
import { createLstmBackwardScratch, createLstmGradients, lstmBackward } from './fused-lstm/lstm-fused-backward'
import { createLstmTrace, lstmForward, prepareLstm, releaseLstm, type LstmParameters, type PreparedLstm } from './fused-lstm/lstm-fused-forward'
import { fusedLossGradient } from './fused-common/fused-loss'
import { trainingMatmul } from './fused-common/training-matmul'
import { fusedRuns, perBatchSize } from './fused-common/fused-runs'
import { lstmDimensions, readLstmParameters, writeLstmParameters } from './fused-lstm/lstm-parameters'

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
  const open = (): FusedEpoch => {
    const mm = trainingMatmul()
    const params = readLstmParameters(model)
    // Validation products are prepared once, after the epoch's last update.
    let forValidation: PreparedLstm | undefined
    return {
      train(x, y, batch) {
        const trace = traceFor(batch)
        const prepared = prepareLstm(mm, params, dims)
        let loss: number
        try {
          lstmForward(x, params, prepared, dims, mm, trace)
          const dOutput = dOutputFor(batch)
          loss = fusedLossGradient(trace.output, y, options.loss, dOutput)
          lstmBackward(x, dOutput, params, prepared, dims, mm, trace, scratchFor(batch), grads)
        } finally {
          releaseLstm(mm, prepared)
        }
        adam.step(params, grads)
        return loss
      },
      predict(x, rows) {
        forValidation ??= prepareLstm(mm, params, dims)
        const trace = traceFor(rows)
        lstmForward(x, params, forValidation, dims, mm, trace)
        return trace.output
      },
      close() {
        try {
          if (forValidation) releaseLstm(mm, forValidation)
        } finally {
          writeLstmParameters(model, params)
          mm.dispose()
        }
      },
    }
  }
  return fusedEpochRunner(options, { input: sampleSize, output: sampleSize }, open)
}
