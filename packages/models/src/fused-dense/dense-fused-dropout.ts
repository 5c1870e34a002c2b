// Dropout inside the fused dense pass, as the SeededDropout layer computes it (x · mask, then ÷ keep, in
// float32) so the fused runner and model.fit drop the same units with the same values. The masks come from
// the layer itself (SeededDropout.nextMask: the same seed sequence as its call()). Both passes run in the SIMD
// module of @aedetect/tfjs-kernels where it compiles (the same bits).
import { densePasses } from './dense-activations'

/**
 * `out = values · mask ÷ keep` over the first `n` values, `keep = 1 − rate` as a float32 (tfjs's scalar): the
 * forward of a dropout layer. `mask` holds 1 for a kept value, 0 for a dropped one.
 */
export function applyDropout(values: Float32Array, mask: Float32Array, rate: number, out: Float32Array, n: number): void {
  const keep = Math.fround(1 - rate)
  const passes = densePasses()
  if (passes !== undefined) return passes.dropout(values, mask, keep, out, n)
  // A product by 0 or 1 is exact; the division of two float32 values in double rounds to the float32 quotient.
  for (let i = 0; i < n; i++) out[i] = (values[i] * mask[i]) / keep
}

/**
 * The gradient through a dropout layer, in place over the first `n` values: `dy ← (dy ÷ keep) · mask`, the order
 * of tfjs's gradients of `div` then `mul`.
 */
export function dropoutGradient(dy: Float32Array, mask: Float32Array, rate: number, n: number): void {
  const keep = Math.fround(1 - rate)
  const passes = densePasses()
  if (passes !== undefined) return passes.dropoutGradient(dy, mask, keep, n)
  for (let i = 0; i < n; i++) dy[i] = Math.fround(dy[i] / keep) * mask[i]
}
