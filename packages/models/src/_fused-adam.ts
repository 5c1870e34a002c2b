// Adam over Float32Array weights (the fused LSTM and dense runners), step for step the update of
// tf.train.adam(learningRate) (beta1 0.9, beta2 0.999, epsilon 1e-7 — tfjs's backend epsilon for float32):
// bias-corrected moments, w ← w − lr · m̂ / (√v̂ + ε), with the β powers kept in float32 as tfjs keeps them
// in scalar variables.

const BETA1 = 0.9
const BETA2 = 0.999
const EPSILON = 1e-7

/** Adam state for one set of named weight arrays. */
export interface FusedAdam<K extends string> {
  /** Applies one update of `grads` to `params` in place (moments are kept per key). */
  step(params: Record<K, Float32Array>, grads: Record<K, Float32Array>): void
}

export function createFusedAdam<K extends string>(learningRate: number): FusedAdam<K> {
  const first = new Map<K, Float32Array>()
  const second = new Map<K, Float32Array>()
  let accBeta1 = Math.fround(BETA1)
  let accBeta2 = Math.fround(BETA2)
  return {
    step(params, grads) {
      const c1 = Math.fround(1 - accBeta1)
      const c2 = Math.fround(1 - accBeta2)
      for (const key of Object.keys(params) as K[]) {
        const w = params[key]
        let m = first.get(key)
        let v = second.get(key)
        if (m === undefined || v === undefined) {
          m = new Float32Array(w.length)
          v = new Float32Array(w.length)
          first.set(key, m)
          second.set(key, v)
        }
        adamUpdate(w, grads[key], m, v, learningRate / c1, 1 / c2)
      }
      accBeta1 = Math.fround(accBeta1 * BETA1)
      accBeta2 = Math.fround(accBeta2 * BETA2)
    },
  }
}

// One array's update, a function of its own so V8 optimises one monomorphic loop for every weight array (inlined
// in step's loop over keys it ran at ~25 ns a weight in the ECG5000 fit against ~7 ns alone). `scaledRate` is
// lr / (1 − β1^t) and `inverseC2` 1 / (1 − β2^t): products instead of two divisions a weight (the float64
// results round to the same float32 but within an ulp of a rounding boundary).
function adamUpdate(w: Float32Array, g: Float32Array, m: Float32Array, v: Float32Array, scaledRate: number, inverseC2: number): void {
  for (let i = 0; i < w.length; i++) {
    const gi = g[i]
    const mi = (m[i] = BETA1 * m[i] + (1 - BETA1) * gi)
    const vi = (v[i] = BETA2 * v[i] + (1 - BETA2) * gi * gi)
    w[i] -= (scaledRate * mi) / (Math.sqrt(vi * inverseC2) + EPSILON)
  }
}
