// Adam over Float32Array weights (the fused LSTM and dense runners), step for step the update of
// tf.train.adam(learningRate) (beta1 0.9, beta2 0.999, epsilon 1e-7 — tfjs's backend epsilon for float32) in
// float32 as tfjs computes it: bias-corrected moments, w ← w − lr · m̂ / (√v̂ + ε), with the β powers kept in
// float32 as tfjs keeps them in scalar variables. The update runs in @aedetect/tfjs-kernels' WebAssembly SIMD
// kernel (four weights an instruction; the JS loop was ~1.1 s of the ECG5000 main job's ~7.5 s fit), or its JS
// twin with the same bits where SIMD cannot compile.
import { createAdamUpdater } from '@aedetect/tfjs-kernels'

/** Adam state for one set of named weight arrays. */
export interface FusedAdam<K extends string> {
  /** Applies one update of `grads` to `params` in place (moments are kept per key). */
  step(params: Record<K, Float32Array>, grads: Record<K, Float32Array>): void
}

export function createFusedAdam<K extends string>(learningRate: number): FusedAdam<K> {
  const updater = createAdamUpdater<K>()
  let accBeta1 = Math.fround(0.9)
  let accBeta2 = Math.fround(0.999)
  return {
    step(params, grads) {
      updater.step(params, grads, learningRate / Math.fround(1 - accBeta1), 1 / Math.fround(1 - accBeta2))
      accBeta1 = Math.fround(accBeta1 * Math.fround(0.9))
      accBeta2 = Math.fround(accBeta2 * Math.fround(0.999))
    },
  }
}
