// cpu Conv2DBackpropFilter over the backing typed arrays. The stock kernel reads every element through
// `TensorBuffer.get` inside a 7-deep loop and takes over 90 % of a conv autoencoder's training step.
// Here dW [fh*fw*cIn, cOut] = sum over blocks of pixels of colsT [fh*fw*cIn, block] x dy [block, cOut]:
// register-blocked products on cache-sized transposed blocks, summed in float64. Building the whole
// transposed patch matrix at once wrote it with a stride of n*ho*wo floats (29 MB for a 28 x 28 x 16 layer at
// batch 64): slow and the largest allocation of a training step (issue #7).
import type { NamedAttrMap, TensorInfo } from '@tensorflow/tfjs'
import type { CpuBackend, KernelArgs } from '../_backends'
import { convGeometry } from './_conv-geometry'
import { gemmRowsByRows, transposeRowsInto } from '../matmul/_gemm'
import { blockRows, im2colRowsTransposed } from './_im2col'
import { convBackpropFilterNarrow, NARROW_OUTPUT_CHANNELS } from './_conv-narrow'

/** Kernel function of the fast cpu `Conv2DBackpropFilter`; `stock` runs channels-first input. */
export function cpuConv2DBackpropFilter(args: KernelArgs<CpuBackend>, stock: (args: KernelArgs<CpuBackend>) => TensorInfo): TensorInfo {
  const { inputs, backend } = args
  const attrs = args.attrs as NamedAttrMap
  const { x, dy } = inputs
  const filterShape = attrs.filterShape as number[]
  const g = convGeometry(x.shape, filterShape, attrs)
  if (!g.channelsLast) return stock(args)
  const xv = backend.data.get(x.dataId).values
  const dyv = backend.data.get(dy.dataId).values
  if (g.cOut < NARROW_OUTPUT_CHANNELS) return backend.makeTensorInfo(filterShape, 'float32', convBackpropFilterNarrow(xv, dyv, g))
  const pixels = g.n * g.ho * g.wo
  const taps = g.fh * g.fw * g.cIn
  const block = Math.min(blockRows(Math.max(taps, g.cOut)), pixels)
  const colsT = new Float32Array(taps * block)
  const dyT = new Float32Array(g.cOut * block)
  const part = new Float32Array(taps * g.cOut)
  const sums = new Float64Array(taps * g.cOut)
  for (let first = 0; first < pixels; first += block) {
    const rows = Math.min(block, pixels - first)
    im2colRowsTransposed(xv, g, first, rows, colsT)
    transposeRowsInto(dyv, g.cOut, first, rows, dyT)
    gemmRowsByRows(colsT, dyT, taps, g.cOut, rows, part)
    for (let k = 0; k < part.length; k++) sums[k] += part[k]
  }
  return backend.makeTensorInfo(filterShape, 'float32', Float32Array.from(sums))
}
