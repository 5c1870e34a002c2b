/**
 * pandas' `Series.ewm(span).mean()` (adjust = True): y_t = Σ_i w_i x_{t−i} / Σ_i w_i with w_i = (1 − α)^i,
 * α = 2 / (span + 1). The Telemanom smoothing of errors. span <= 1 returns a copy.
 */
export function ewmaMean(x: Float64Array, span: number): Float64Array {
  const out = new Float64Array(x.length)
  if (span <= 1) {
    out.set(x)
    return out
  }
  const decay = 1 - 2 / (span + 1)
  let num = 0
  let den = 0
  for (let i = 0; i < x.length; i++) {
    num = num * decay + x[i]
    den = den * decay + 1
    out[i] = num / den
  }
  return out
}
