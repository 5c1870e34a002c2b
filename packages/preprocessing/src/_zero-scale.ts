// scikit-learn's `_handle_zeros_in_scale`: a scale that is zero up to rounding becomes 1, so a column that is
// constant in training maps to (x - center) instead of dividing by ~0. See fixtures/README.md `scalers.formulas`.

/** 10 · ε (ε = 2⁻⁵², the float64 machine epsilon): scikit-learn's "zero up to rounding" for ranges and IQRs. */
export const ZERO_SCALE_LIMIT = 10 * Number.EPSILON

/** `scale`, or 1 when `scale < 10·ε` (min-max range, robust IQR). */
export function nonZeroScale(scale: number): number {
  return scale < ZERO_SCALE_LIMIT ? 1 : scale
}
