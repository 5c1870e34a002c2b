import { createWindowGemm } from '@aedetect/tfjs-kernels'
import { internalsOf, type Autoencoder } from './autoencoder'
import { fitRunner, type EpochRunner, type RunnerOptions } from './_fit-runner'
import { fusedEpochRunner, type FusedEpoch } from './_fused-epoch-runner'
import { createFusedAdam } from './_fused-adam'
import { fusedLossGradient } from './fused-common/fused-loss'
import { fusedRuns, perBatchSize } from './fused-common/fused-runs'
import { conv1dChain, readConvWeights, writeConvWeights } from './fused-conv1d/conv1d-fused-parameters'
import { namedDenseWeights } from './fused-dense/dense-fused-parameters'
import { conv1dBackward, conv1dForward, createConv1dBatch, createConvGradients } from './fused-conv1d/conv1d-fused-step'

/**
 * Trains a conv1d autoencoder's own tf.layers weight variables with fused passes over one WebAssembly memory
 * (every convolution and both its gradients as products over strided windows, no im2col) and Adam over
 * Float32Arrays, instead of `model.fit`: through tfjs, each batch of the ECG model ran ~60 ops and routed its
 * gradients through XNNPACK convolutions that repack a whole activation as a filter (issue 22). Same batches in
 * the same order as {@link fitRunner}, same loss and Adam; the weights live in Float32Arrays during an epoch and
 * are written back to the variables when it ends (or stops). It is `fitRunner` for a model with a dense code or
 * anything beyond convolutions, upsampling and a trailing crop (fused-conv1d/conv1d-fused-parameters.ts), on
 * backends other than 'cpu' and 'wasm', and where WebAssembly SIMD cannot compile.
 */
export function conv1dRunner(autoencoder: Autoencoder, options: RunnerOptions): EpochRunner {
  const model = internalsOf(autoencoder).training
  const chain = fusedRuns() ? conv1dChain(model) : undefined
  const gemm = chain ? createWindowGemm() : undefined
  if (chain === undefined || gemm === undefined) return fitRunner(autoencoder, options)
  const adam = createFusedAdam<string>(options.learningRate)
  const batchFor = perBatchSize((batch) => createConv1dBatch(gemm, chain, batch))
  let grads: ReturnType<typeof createConvGradients> | undefined
  const open = (): FusedEpoch => {
    const weights = readConvWeights(chain)
    grads ??= createConvGradients(weights)
    const named = namedDenseWeights(weights)
    const namedGrads = namedDenseWeights(grads)
    return {
      train(x, y, size) {
        const batch = batchFor(size)
        const output = conv1dForward(gemm, batch, weights, x, true)
        const dOutput = gemm.heap().subarray(batch.dOut.off, batch.dOut.off + output.length)
        const loss = fusedLossGradient(output, y, options.loss, dOutput)
        conv1dBackward(gemm, batch, grads as NonNullable<typeof grads>)
        adam.step(named, namedGrads)
        return loss
      },
      predict(x, rows) {
        return conv1dForward(gemm, batchFor(rows), weights, x, false)
      },
      close() {
        writeConvWeights(chain, weights)
      },
    }
  }
  return fusedEpochRunner(options, { input: chain.steps * chain.channels, output: chain.outSteps * chain.outChannels }, open)
}
