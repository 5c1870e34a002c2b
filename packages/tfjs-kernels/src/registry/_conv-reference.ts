// Float64 references for the convolution gradients (test helper, not exported), written from the
// definition of a strided, padded cross-correlation, independently of any kernel. Each also returns,
// per output element, the sum of |terms| added, which scales the float32 rounding bound of a test.
import type { ConvGeometry } from './_conv-geometry'

/** A reference result: values and the per-element sum of absolute terms. */
export interface ConvReference {
  values: Float64Array
  sumAbs: Float64Array
}

/** dW[i, j, ci, co] = sum over (n, oh, ow) of x[n, oh*sh + i - top, ow*sw + j - left, ci] * dy[n, oh, ow, co]. */
export function referenceBackpropFilter(x: Float32Array, dy: Float32Array, g: ConvGeometry): ConvReference {
  const values = new Float64Array(g.fh * g.fw * g.cIn * g.cOut)
  const sumAbs = new Float64Array(values.length)
  forEachTerm(g, (xIndex, dyIndex, i, j, ci, co) => {
    const term = x[xIndex] * dy[dyIndex]
    const k = ((i * g.fw + j) * g.cIn + ci) * g.cOut + co
    values[k] += term
    sumAbs[k] += Math.abs(term)
  })
  return { values, sumAbs }
}

/** dx[n, h, w, ci] = sum over (oh, ow, i, j, co) with h = oh*sh + i - top, w = ow*sw + j - left of dy * filter. */
export function referenceBackpropInput(dy: Float32Array, filter: Float32Array, g: ConvGeometry): ConvReference {
  const values = new Float64Array(g.n * g.h * g.w * g.cIn)
  const sumAbs = new Float64Array(values.length)
  forEachTerm(g, (xIndex, dyIndex, i, j, ci, co) => {
    const term = dy[dyIndex] * filter[((i * g.fw + j) * g.cIn + ci) * g.cOut + co]
    values[xIndex] += term
    sumAbs[xIndex] += Math.abs(term)
  })
  return { values, sumAbs }
}

/** y[n, oh, ow, co] = sum over (i, j, ci) of x[n, oh*sh + i*dh - top, ow*sw + j*dw - left, ci] * filter[i, j, ci, co]. */
export function referenceConv2D(x: Float32Array, filter: Float32Array, g: ConvGeometry): ConvReference {
  const values = new Float64Array(g.n * g.ho * g.wo * g.cOut)
  const sumAbs = new Float64Array(values.length)
  forEachTerm(g, (xIndex, dyIndex, i, j, ci, co) => {
    const term = x[xIndex] * filter[((i * g.fw + j) * g.cIn + ci) * g.cOut + co]
    values[dyIndex] += term
    sumAbs[dyIndex] += Math.abs(term)
  })
  return { values, sumAbs }
}

type Visit = (xIndex: number, dyIndex: number, i: number, j: number, ci: number, co: number) => void

function forEachTerm(g: ConvGeometry, visit: Visit): void {
  for (let n = 0; n < g.n; n++) {
    for (let oh = 0; oh < g.ho; oh++) {
      for (let ow = 0; ow < g.wo; ow++) {
        for (let i = 0; i < g.fh; i++) {
          for (let j = 0; j < g.fw; j++) {
            const r = oh * g.strideH + i * g.dilationH - g.padTop
            const c = ow * g.strideW + j * g.dilationW - g.padLeft
            if (r < 0 || r >= g.h || c < 0 || c >= g.w) continue
            for (let ci = 0; ci < g.cIn; ci++) {
              for (let co = 0; co < g.cOut; co++) {
                visit(((n * g.h + r) * g.w + c) * g.cIn + ci, ((n * g.ho + oh) * g.wo + ow) * g.cOut + co, i, j, ci, co)
              }
            }
          }
        }
      }
    }
  }
}

/** Largest |got - reference| / (sumAbs + 1e-30) over all elements: the error in units of the terms' magnitude. */
export function worstRelativeError(got: Float32Array, reference: ConvReference): number {
  let worst = 0
  for (let k = 0; k < got.length; k++) {
    const e = Math.abs(got[k] - reference.values[k]) / (reference.sumAbs[k] + 1e-30)
    if (!(e <= worst)) worst = e
  }
  return worst
}
