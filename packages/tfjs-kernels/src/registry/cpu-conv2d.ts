// cpu Conv2D (forward convolution, also run in the backward pass of a transposed convolution) as
// y [pixels, cOut] = cols [pixels, fh*fw*cIn] x filter transposed: once the gradient kernels were fast, the
// stock forward loop (about 0.1 GMAC/s here) became the largest part of a conv autoencoder's step.
// The patch rows are built one block of pixels at a time in one reused buffer (_im2col.ts), so the
// scratch memory is about 64 KB whatever the batch.
import type { NamedAttrMap, TensorInfo } from '@tensorflow/tfjs'
import type { CpuBackend, KernelArgs } from '../_backends'
import { convGeometry } from './_conv-geometry'
import type { ConvGeometry } from './_conv-geometry'
import { gemmRowsByRows, transposeMatrix } from '../matmul/_gemm'
import { blockRows, im2colRows } from './_im2col'
import { convForwardNarrow, NARROW_OUTPUT_CHANNELS } from './_conv-narrow'

/** y [n * ho * wo, cOut] of a channels-last convolution of x by filter [fh, fw, cIn, cOut]. */
export function conv2dForward(x: ArrayLike<number>, filter: ArrayLike<number>, g: ConvGeometry): Float32Array {
  if (g.cOut < NARROW_OUTPUT_CHANNELS) return convForwardNarrow(x, filter, g)
  const pixels = g.n * g.ho * g.wo
  const taps = g.fh * g.fw * g.cIn
  const filterT = transposeMatrix(filter, taps, g.cOut)
  const y = new Float32Array(pixels * g.cOut)
  const block = Math.min(blockRows(taps), pixels)
  const cols = new Float32Array(block * taps)
  for (let first = 0; first < pixels; first += block) {
    const rows = Math.min(block, pixels - first)
    im2colRows(x, g, first, rows, cols)
    gemmRowsByRows(cols, filterT, rows, g.cOut, taps, y.subarray(first * g.cOut))
  }
  return y
}

/** Kernel function of the fast cpu `Conv2D` (any stride, pad, dilation); `stock` runs channels-first input. */
export function cpuConv2D(args: KernelArgs<CpuBackend>, stock: (args: KernelArgs<CpuBackend>) => TensorInfo): TensorInfo {
  const { inputs, backend } = args
  const attrs = args.attrs as NamedAttrMap
  const { x, filter } = inputs
  const g = convGeometry(x.shape, filter.shape, attrs)
  if (!g.channelsLast) return stock(args)
  const y = conv2dForward(backend.data.get(x.dataId).values, backend.data.get(filter.dataId).values, g)
  return backend.makeTensorInfo([g.n, g.ho, g.wo, g.cOut], 'float32', y)
}
