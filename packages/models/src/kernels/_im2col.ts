// Patch matrices of a channels-last convolution, so that its forward pass and both gradients become
// matrix products (_gemm.ts). A patch row holds the fh * fw * cIn input values one output pixel reads,
// in filter order (i, j, ci), with zeros where the window hangs over the padding.
import type { ConvGeometry } from './_conv-geometry'

/** cols [n * ho * wo, fh * fw * cIn]: one row per output pixel. */
export function im2col(x: ArrayLike<number>, g: ConvGeometry): Float32Array {
  const k = g.fh * g.fw * g.cIn
  const cols = new Float32Array(g.n * g.ho * g.wo * k)
  let row = 0
  for (let b = 0; b < g.n; b++) {
    for (let oh = 0; oh < g.ho; oh++) {
      for (let ow = 0; ow < g.wo; ow++, row += k) {
        for (let i = 0; i < g.fh; i++) {
          const r = oh * g.strideH + i * g.dilationH - g.padTop
          if (r < 0 || r >= g.h) continue
          for (let j = 0; j < g.fw; j++) {
            const c = ow * g.strideW + j * g.dilationW - g.padLeft
            if (c < 0 || c >= g.w) continue
            const from = ((b * g.h + r) * g.w + c) * g.cIn
            const to = row + (i * g.fw + j) * g.cIn
            for (let ci = 0; ci < g.cIn; ci++) cols[to + ci] = x[from + ci]
          }
        }
      }
    }
  }
  return cols
}

/** The transpose of {@link im2col}: colsT [fh * fw * cIn, n * ho * wo], one row per filter tap. */
export function im2colTransposed(x: ArrayLike<number>, g: ConvGeometry): Float32Array {
  const pixels = g.n * g.ho * g.wo
  const colsT = new Float32Array(g.fh * g.fw * g.cIn * pixels)
  let pixel = 0
  for (let b = 0; b < g.n; b++) {
    for (let oh = 0; oh < g.ho; oh++) {
      for (let ow = 0; ow < g.wo; ow++, pixel++) {
        for (let i = 0; i < g.fh; i++) {
          const r = oh * g.strideH + i * g.dilationH - g.padTop
          if (r < 0 || r >= g.h) continue
          for (let j = 0; j < g.fw; j++) {
            const c = ow * g.strideW + j * g.dilationW - g.padLeft
            if (c < 0 || c >= g.w) continue
            const from = ((b * g.h + r) * g.w + c) * g.cIn
            const tap = (i * g.fw + j) * g.cIn
            for (let ci = 0; ci < g.cIn; ci++) colsT[(tap + ci) * pixels + pixel] = x[from + ci]
          }
        }
      }
    }
  }
  return colsT
}

/** Adds each patch row of dcols [n * ho * wo, fh * fw * cIn] back onto the input pixels it came from. */
export function col2imAdd(dcols: Float32Array, g: ConvGeometry): Float64Array {
  const k = g.fh * g.fw * g.cIn
  const dx = new Float64Array(g.n * g.h * g.w * g.cIn)
  let row = 0
  for (let b = 0; b < g.n; b++) {
    for (let oh = 0; oh < g.ho; oh++) {
      for (let ow = 0; ow < g.wo; ow++, row += k) {
        for (let i = 0; i < g.fh; i++) {
          const r = oh * g.strideH + i * g.dilationH - g.padTop
          if (r < 0 || r >= g.h) continue
          for (let j = 0; j < g.fw; j++) {
            const c = ow * g.strideW + j * g.dilationW - g.padLeft
            if (c < 0 || c >= g.w) continue
            const to = ((b * g.h + r) * g.w + c) * g.cIn
            const from = row + (i * g.fw + j) * g.cIn
            for (let ci = 0; ci < g.cIn; ci++) dx[to + ci] += dcols[from + ci]
          }
        }
      }
    }
  }
  return dx
}
