// Direct loops for convolutions with few output channels (cOut < 4, e.g. the 16 -> 1 last layer of a conv
// autoencoder). There the matrix products of the patch path run with an inner dimension or an output width
// of 1-3: the patch copy (or col2im) costs more than the arithmetic, and the products lose their register
// blocking. Walking the input directly, once per output pixel and filter tap, skips the patch buffer.
// Sums run in float64 in the same tap order as the patch rows (i, j, ci), so results match the patch path
// within float32 rounding (conv2d-gradients.test.ts covers both paths).
import type { ConvGeometry } from './_conv-geometry'

/** Output channels below which the kernels take these loops. */
export const NARROW_OUTPUT_CHANNELS = 4

/** y [n * ho * wo, cOut] = the convolution of x by filter [fh, fw, cIn, cOut], for small cOut. */
export function convForwardNarrow(x: ArrayLike<number>, filter: ArrayLike<number>, g: ConvGeometry): Float32Array {
  const { n, h, w, cIn, ho, wo, cOut, fh, fw, strideH, strideW, dilationH, dilationW, padTop, padLeft } = g
  const taps = fh * fw * cIn
  // filterT [cOut, fh * fw * cIn]: each output channel's weights contiguous.
  const filterT = new Float64Array(cOut * taps)
  for (let t = 0; t < taps; t++) for (let co = 0; co < cOut; co++) filterT[co * taps + t] = filter[t * cOut + co]
  const y = new Float32Array(n * ho * wo * cOut)
  let out = 0
  for (let b = 0; b < n; b++) {
    for (let oh = 0; oh < ho; oh++) {
      for (let ow = 0; ow < wo; ow++, out += cOut) {
        for (let co = 0; co < cOut; co++) {
          const w0 = co * taps
          let s = 0
          for (let i = 0; i < fh; i++) {
            const r = oh * strideH + i * dilationH - padTop
            if (r < 0 || r >= h) continue
            for (let j = 0; j < fw; j++) {
              const c = ow * strideW + j * dilationW - padLeft
              if (c < 0 || c >= w) continue
              const from = ((b * h + r) * w + c) * cIn
              const wt = w0 + (i * fw + j) * cIn
              for (let ci = 0; ci < cIn; ci++) s += x[from + ci] * filterT[wt + ci]
            }
          }
          y[out + co] = s
        }
      }
    }
  }
  return y
}

/** dx [n, h, w, cIn] of a convolution by filter [fh, fw, cIn, cOut] given dy [n, ho, wo, cOut], for small cOut. */
export function convBackpropInputNarrow(dy: ArrayLike<number>, filter: ArrayLike<number>, g: ConvGeometry): Float32Array {
  const { n, h, w, cIn, ho, wo, cOut, fh, fw, strideH, strideW, dilationH, dilationW, padTop, padLeft } = g
  const taps = fh * fw * cIn
  const filterT = new Float64Array(cOut * taps)
  for (let t = 0; t < taps; t++) for (let co = 0; co < cOut; co++) filterT[co * taps + t] = filter[t * cOut + co]
  const dx = new Float32Array(n * h * w * cIn)
  let from = 0
  for (let b = 0; b < n; b++) {
    for (let oh = 0; oh < ho; oh++) {
      for (let ow = 0; ow < wo; ow++, from += cOut) {
        for (let co = 0; co < cOut; co++) {
          const d = dy[from + co]
          const w0 = co * taps
          for (let i = 0; i < fh; i++) {
            const r = oh * strideH + i * dilationH - padTop
            if (r < 0 || r >= h) continue
            for (let j = 0; j < fw; j++) {
              const c = ow * strideW + j * dilationW - padLeft
              if (c < 0 || c >= w) continue
              const to = ((b * h + r) * w + c) * cIn
              const wt = w0 + (i * fw + j) * cIn
              for (let ci = 0; ci < cIn; ci++) dx[to + ci] += d * filterT[wt + ci]
            }
          }
        }
      }
    }
  }
  return dx
}

/** dW [fh, fw, cIn, cOut] of a convolution of x given dy [n, ho, wo, cOut], for small cOut. */
export function convBackpropFilterNarrow(x: ArrayLike<number>, dy: ArrayLike<number>, g: ConvGeometry): Float32Array {
  const { n, h, w, cIn, ho, wo, cOut, fh, fw, strideH, strideW, dilationH, dilationW, padTop, padLeft } = g
  const taps = fh * fw * cIn
  // sums [cOut, taps] in float64, transposed into dW at the end.
  const sums = new Float64Array(cOut * taps)
  let from = 0
  for (let b = 0; b < n; b++) {
    for (let oh = 0; oh < ho; oh++) {
      for (let ow = 0; ow < wo; ow++, from += cOut) {
        for (let co = 0; co < cOut; co++) {
          const d = dy[from + co]
          const s0 = co * taps
          for (let i = 0; i < fh; i++) {
            const r = oh * strideH + i * dilationH - padTop
            if (r < 0 || r >= h) continue
            for (let j = 0; j < fw; j++) {
              const c = ow * strideW + j * dilationW - padLeft
              if (c < 0 || c >= w) continue
              const at = ((b * h + r) * w + c) * cIn
              const st = s0 + (i * fw + j) * cIn
              for (let ci = 0; ci < cIn; ci++) sums[st + ci] += x[at + ci] * d
            }
          }
        }
      }
    }
  }
  const dW = new Float32Array(taps * cOut)
  for (let t = 0; t < taps; t++) for (let co = 0; co < cOut; co++) dW[t * cOut + co] = sums[co * taps + t]
  return dW
}
