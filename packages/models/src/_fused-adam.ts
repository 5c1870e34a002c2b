// Adam over Float32Array weights (the fused LSTM and dense runners): tf.train.adam(learningRate) in float32 as tfjs
// computes it (β1 0.9, β2 0.999, ε 1e-7, β powers in float32), in @aedetect/tfjs-kernels' WebAssembly SIMD kernel
// (four weights an instruction; the JS loop was ~1.1 s of the ECG5000 main job's ~7.5 s fit), or its JS twin with
// the same bits where SIMD cannot compile.
import { createAdamUpdater } from '@aedetect/tfjs-kernels'

/** Adam state for one set of named weight arrays. */
export interface FusedAdam<K extends string> {
  /** Applies one update of `grads` to `params` in place (moments are kept per key). */
  step(params: Record<K, Float32Array>, grads: Record<K, Float32Array>): void
}

export function createFusedAdam<K extends string>(learningRate: number): FusedAdam<K> {
  return createAdamUpdater<K>(learningRate)
}
