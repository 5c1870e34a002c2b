// Patch matrices of a channels-last convolution, so that its forward pass and both gradients become
// matrix products (_gemm.ts). A patch row holds the fh * fw * cIn input values one output pixel reads,
// in filter order (i, j, ci), with zeros where the window hangs over the padding.
// The kernels build these rows one block of output pixels at a time in one reused buffer: the whole
// matrix of a 28 x 28 x 16 layer at batch 64 is 29 MB of float32 (issue #7: peak RSS above raw tfjs),
// while a block stays in cache and the products run as fast as on the whole matrix.
import type { ConvGeometry } from './_conv-geometry'

// About 64 KB of float32 per block buffer: small enough for L2, large enough that per-block overhead
// (one product call per block) is noise.
const BLOCK_VALUES = 16384

/** Output pixels per block for patch rows of `taps` values: an even count (the products go 2 rows at a time), at least 2. */
export function blockRows(taps: number): number {
  return Math.max(2, Math.floor(BLOCK_VALUES / taps / 2) * 2)
}

// Writes patch value (p, t) of output pixel first + p at cols[p * rowStride + t * tapStride]. The geometry
// is read into locals first: V8 does not hoist the property loads out of the inner loops (2-3x slower).
function fillPatches(x: ArrayLike<number>, g: ConvGeometry, first: number, rows: number, cols: Float32Array, rowStride: number, tapStride: number): void {
  const { h, w, cIn, wo, fh, fw, strideH, strideW, dilationH, dilationW, padTop, padLeft } = g
  const perImage = g.ho * wo
  cols.fill(0, 0, rows * fh * fw * cIn)
  let b = Math.floor(first / perImage)
  let oh = Math.floor((first - b * perImage) / wo)
  let ow = first - b * perImage - oh * wo
  for (let p = 0; p < rows; p++) {
    const imageStart = b * h
    const rowStart = p * rowStride
    for (let i = 0; i < fh; i++) {
      const r = oh * strideH + i * dilationH - padTop
      if (r < 0 || r >= h) continue
      for (let j = 0; j < fw; j++) {
        const c = ow * strideW + j * dilationW - padLeft
        if (c < 0 || c >= w) continue
        const from = ((imageStart + r) * w + c) * cIn
        let to = rowStart + (i * fw + j) * cIn * tapStride
        for (let ci = 0; ci < cIn; ci++, to += tapStride) cols[to] = x[from + ci]
      }
    }
    // Next output pixel, in row-major (b, oh, ow) order.
    if (++ow === wo) {
      ow = 0
      if (++oh === g.ho) {
        oh = 0
        b++
      }
    }
  }
}

/** Fills cols [rows, fh * fw * cIn] with the patch rows of output pixels first .. first + rows - 1 (overwritten). */
export function im2colRows(x: ArrayLike<number>, g: ConvGeometry, first: number, rows: number, cols: Float32Array): void {
  fillPatches(x, g, first, rows, cols, g.fh * g.fw * g.cIn, 1)
}

/** The transpose of {@link im2colRows}: colsT [fh * fw * cIn, rows], one row per filter tap (overwritten). */
export function im2colRowsTransposed(x: ArrayLike<number>, g: ConvGeometry, first: number, rows: number, colsT: Float32Array): void {
  fillPatches(x, g, first, rows, colsT, 1, rows)
}

/** Adds patch rows dcols [rows, fh * fw * cIn] of output pixels first .. first + rows - 1 onto the input pixels they came from. */
export function col2imAddRows(dcols: Float32Array, g: ConvGeometry, first: number, rows: number, dx: Float32Array): void {
  const { h, w, cIn, wo, fh, fw, strideH, strideW, dilationH, dilationW, padTop, padLeft } = g
  const k = fh * fw * cIn
  const perImage = g.ho * wo
  let b = Math.floor(first / perImage)
  let oh = Math.floor((first - b * perImage) / wo)
  let ow = first - b * perImage - oh * wo
  for (let p = 0, row = 0; p < rows; p++, row += k) {
    const imageStart = b * h
    for (let i = 0; i < fh; i++) {
      const r = oh * strideH + i * dilationH - padTop
      if (r < 0 || r >= h) continue
      for (let j = 0; j < fw; j++) {
        const c = ow * strideW + j * dilationW - padLeft
        if (c < 0 || c >= w) continue
        const to = ((imageStart + r) * w + c) * cIn
        const from = row + (i * fw + j) * cIn
        for (let ci = 0; ci < cIn; ci++) dx[to + ci] += dcols[from + ci]
      }
    }
    if (++ow === wo) {
      ow = 0
      if (++oh === g.ho) {
        oh = 0
        b++
      }
    }
  }
}
