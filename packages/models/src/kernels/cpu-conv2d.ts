// cpu Conv2D (forward convolution, also run in the backward pass of a transposed convolution) as
// y [pixels, cOut] = cols [pixels, fh*fw*cIn] x filter transposed: once the gradient kernels were fast, the
// stock forward loop (about 0.1 GMAC/s here) became the largest part of a conv autoencoder's step.
import type { NamedAttrMap, TensorInfo } from '@tensorflow/tfjs'
import type { CpuBackend, KernelArgs } from './_backends'
import { convGeometry } from './_conv-geometry'
import { gemmRowsByRows, transposeMatrix } from './_gemm'
import { im2col } from './_im2col'

/** Kernel function of the fast cpu `Conv2D` (any stride, pad, dilation); `stock` runs channels-first input. */
export function cpuConv2D(args: KernelArgs<CpuBackend>, stock: (args: KernelArgs<CpuBackend>) => TensorInfo): TensorInfo {
  const { inputs, backend } = args
  const attrs = args.attrs as NamedAttrMap
  const { x, filter } = inputs
  const g = convGeometry(x.shape, filter.shape, attrs)
  if (!g.channelsLast) return stock(args)
  const pixels = g.n * g.ho * g.wo
  const taps = g.fh * g.fw * g.cIn
  const cols = im2col(backend.data.get(x.dataId).values, g)
  const filterT = transposeMatrix(backend.data.get(filter.dataId).values, taps, g.cOut)
  const y = new Float32Array(pixels * g.cOut)
  gemmRowsByRows(cols, filterT, pixels, g.cOut, taps, y)
  return backend.makeTensorInfo([g.n, g.ho, g.wo, g.cOut], 'float32', y)
}
