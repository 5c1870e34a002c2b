// cpu Conv2DBackpropInput (input gradient of a convolution, forward pass of a transposed convolution):
// per block of output pixels, dcols [block, fh*fw*cIn] = dy [block, cOut] x filter [fh*fw*cIn, cOut]
// transposed, one register-blocked product, then each patch row is added back onto the input pixels it
// covers (col2im). One reused block buffer instead of the whole patch matrix (29 MB for a 28 x 28 x 16
// layer at batch 64) bounds the scratch memory (issue #7).
import type { NamedAttrMap, TensorInfo } from '@tensorflow/tfjs'
import type { CpuBackend, KernelArgs } from '../_backends'
import { convGeometry } from './_conv-geometry'
import { gemmRowsByRows } from '../matmul/_gemm'
import { blockRows, col2imAddRows } from './_im2col'
import { convBackpropInputNarrow, NARROW_OUTPUT_CHANNELS } from './_conv-narrow'

function asFloat32(values: ArrayLike<number>): Float32Array {
  return values instanceof Float32Array ? values : Float32Array.from(values)
}

/** Kernel function of the fast cpu `Conv2DBackpropInput`; `stock` runs channels-first input. */
export function cpuConv2DBackpropInput(args: KernelArgs<CpuBackend>, stock: (args: KernelArgs<CpuBackend>) => TensorInfo): TensorInfo {
  const { inputs, backend } = args
  const attrs = args.attrs as NamedAttrMap
  const { dy, filter } = inputs
  const inputShape = attrs.inputShape as number[]
  const g = convGeometry(inputShape, filter.shape, attrs)
  if (!g.channelsLast) return stock(args)
  if (g.cOut < NARROW_OUTPUT_CHANNELS) {
    const dx = convBackpropInputNarrow(backend.data.get(dy.dataId).values, backend.data.get(filter.dataId).values, g)
    return backend.makeTensorInfo(inputShape, 'float32', dx)
  }
  const pixels = g.n * g.ho * g.wo
  const taps = g.fh * g.fw * g.cIn
  const dyv = asFloat32(backend.data.get(dy.dataId).values)
  const filterv = asFloat32(backend.data.get(filter.dataId).values)
  const block = Math.min(blockRows(taps), pixels)
  const dcols = new Float32Array(block * taps)
  // Float32 sums: an input pixel gets at most fh * fw / (strideH * strideW) patch values, each already a
  // float64 sum rounded once, so this adds a few float32 roundings (measured in conv2d-gradients.test.ts).
  const dx = new Float32Array(g.n * g.h * g.w * g.cIn)
  for (let first = 0; first < pixels; first += block) {
    const rows = Math.min(block, pixels - first)
    gemmRowsByRows(dyv.subarray(first * g.cOut), filterv, rows, taps, g.cOut, dcols)
    col2imAddRows(dcols, g, first, rows, dx)
  }
  return backend.makeTensorInfo(inputShape, 'float32', dx)
}
