import { internalsOf, type Autoencoder } from './autoencoder'
import { fitRunner, type EpochRunner, type RunnerOptions } from './_fit-runner'
import { fusedEpochRunner, type FusedEpoch } from './_fused-epoch-runner'
import { createFusedAdam } from './_fused-adam'
import { createDenseBackwardScratch, createDenseGradients, denseBackward } from './fused-dense/dense-fused-backward'
import { createDenseDropout, createDenseTrace, denseForward, largestKernel, prepareDense, releaseDense, type PreparedDense } from './fused-dense/dense-fused-forward'
import { denseStack, namedDenseWeights, readDenseWeights, writeDenseWeights } from './fused-dense/dense-fused-parameters'
import { fusedLossGradient } from './fused-common/fused-loss'
import { trainingMatmul } from './fused-common/training-matmul'
import { fusedRuns, perBatchSize } from './fused-common/fused-runs'
import { vectorSigmoidForBackend } from '@aedetect/tfjs-kernels'

/**
 * Trains a dense autoencoder's own tf.layers weight variables with a fused forward pass, a hand-written
 * backward pass and Adam over Float32Arrays, instead of `model.fit`: the model is so small that model.fit's
 * ~170 tfjs ops per batch (forward, backward, Adam over 12 variables), not arithmetic, set its speed
 * (issue 7). Same batches in the same order as {@link fitRunner} (the caller's shuffled data, batches of
 * `batchSize` from the start, the last one smaller), same loss and Adam; the weights live in Float32Arrays
 * during an epoch and are written back to the variables when it ends (or stops).
 * Dropout (the seeded layer) is fused too: the masks come from the model's own dropout layers, the
 * same sequence model.fit would draw. It is `fitRunner` for anything but a plain stack of dense layers (batch
 * normalisation, a sparsity penalty: see fused-dense/dense-fused-parameters.ts) and on backends other than 'cpu' and 'wasm' (tfjs-node,
 * webgl: native or GPU kernels, and the fused math was measured only against tfjs-cpu and tfjs-wasm).
 */
export function denseRunner(autoencoder: Autoencoder, options: RunnerOptions): EpochRunner {
  const model = internalsOf(autoencoder).training
  // fusedRuns(): the backends the shared fused products (fused-matmul.ts) were written and measured for.
  const stack = fusedRuns() ? denseStack(model) : undefined
  if (stack === undefined) return fitRunner(autoencoder, options)
  const { layers } = stack
  const last = layers.length - 1
  const adam = createFusedAdam<string>(options.learningRate)
  const grads = createDenseGradients(layers)
  const namedGrads = namedDenseWeights(grads)
  const traceFor = perBatchSize((batch) => createDenseTrace(layers, batch))
  const scratchFor = perBatchSize((batch) => createDenseBackwardScratch(layers, batch))
  const dOutputFor = perBatchSize((batch) => new Float32Array(batch * layers[last].units))
  const hasDropout = stack.dropouts.some((d) => d !== undefined)
  const dropoutFor = perBatchSize((batch) => createDenseDropout(layers, batch))
  const transposeScratch = new Float32Array(largestKernel(layers))
  const open = (): FusedEpoch => {
    const mm = trainingMatmul()
    const sigmoid = vectorSigmoidForBackend()
    const weights = readDenseWeights(stack)
    const named = namedDenseWeights(weights)
    // Validation products are prepared once, after the epoch's last update (forward only).
    let forValidation: PreparedDense | undefined
    return {
      train(x, y, batch) {
        const trace = traceFor(batch)
        const dropout = hasDropout ? dropoutFor(batch) : undefined
        if (dropout) stack.dropouts.forEach((d, i) => (dropout.masks[i] = d?.nextMask([batch, layers[i].units], dropout.maskBuffers[i])))
        const prepared = prepareDense(mm, layers, weights, { backward: true, scratch: transposeScratch })
        let loss: number
        try {
          denseForward(x, layers, weights, prepared, mm, trace, sigmoid, dropout)
          const dOutput = dOutputFor(batch)
          loss = fusedLossGradient(trace.y[last], y, options.loss, dOutput)
          denseBackward(x, dOutput, layers, prepared, mm, trace, scratchFor(batch), grads, dropout)
        } finally {
          releaseDense(mm, prepared)
        }
        adam.step(named, namedGrads)
        return loss
      },
      predict(x, rows) {
        forValidation ??= prepareDense(mm, layers, weights, { backward: false })
        const trace = traceFor(rows)
        denseForward(x, layers, weights, forValidation, mm, trace, sigmoid)
        return trace.y[last]
      },
      close() {
        try {
          if (forValidation) releaseDense(mm, forValidation)
        } finally {
          writeDenseWeights(stack, weights)
          mm.dispose()
          sigmoid?.dispose()
        }
      },
    }
  }
  return fusedEpochRunner(options, { input: layers[0].inputs, output: layers[last].units }, open)
}
