import type { Samples } from '@aedetect/core'
import type { EpochRunner, RunnerOptions } from './_fit-runner'
import { fusedLoss } from './fused-common/fused-loss'

/**
 * One epoch of a fused model (the LSTM and dense runners): its weights read out of the tf.Variables into
 * Float32Arrays and its products ready, until `close` writes them back.
 */
export interface FusedEpoch {
  /** Forward, loss gradient, backward and the optimiser step over one training batch; returns the batch's mean loss. */
  train(x: Float32Array, y: Float32Array, batch: number): number
  /** The outputs of `rows` validation samples `x` (no gradients; valid until the next call). */
  predict(x: Float32Array, rows: number): Float32Array
  /** Writes the weights back to the model's variables and frees what the epoch holds. */
  close(): void
}

/**
 * The epoch loop shared by the fused runners: the same batches in the same order as `fitRunner` (the caller's
 * shuffled data, batches of `batchSize` from the start, the last one smaller), the mean training loss over
 * samples, the validation loss after the epoch, and the weights written back however the epoch ends.
 */
export function fusedEpochRunner(options: RunnerOptions, sampleSizes: { input: number; output: number }, open: () => FusedEpoch): EpochRunner {
  let stopping = false
  return {
    async runEpoch(input: Samples, target: Samples) {
      stopping = false
      const epoch = open()
      try {
        const n = input.shape[0]
        let sum = 0
        let seen = 0
        for (let start = 0; start < n && !stopping; start += options.batchSize) {
          const end = Math.min(start + options.batchSize, n)
          const x = input.data.subarray(start * sampleSizes.input, end * sampleSizes.input)
          const y = target.data.subarray(start * sampleSizes.output, end * sampleSizes.output)
          sum += epoch.train(x, y, end - start) * (end - start)
          seen += end - start
        }
        const result: { loss: number; valLoss?: number } = { loss: sum / Math.max(seen, 1) }
        if (options.validation && !stopping) {
          const v = options.validation
          const m = v.shape[0]
          let total = 0
          for (let start = 0; start < m; start += options.batchSize) {
            const end = Math.min(start + options.batchSize, m)
            const x = v.data.subarray(start * sampleSizes.input, end * sampleSizes.input)
            total += fusedLoss(epoch.predict(x, end - start), x, options.loss) * (end - start)
          }
          result.valLoss = total / m
        }
        return result
      } finally {
        epoch.close()
      }
    },
    stop() {
      stopping = true
    },
    dispose() {},
  }
}
