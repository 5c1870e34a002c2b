// cpu Conv2DBackpropInput (input gradient of a convolution, forward pass of a transposed convolution):
// dcols [pixels, fh*fw*cIn] = dy [pixels, cOut] x filter [fh*fw*cIn, cOut] transposed, one register-blocked
// product, then each patch row is added back onto the input pixels it covers (col2im).
import type { NamedAttrMap, TensorInfo } from '@tensorflow/tfjs'
import type { CpuBackend, KernelArgs } from './_backends'
import { convGeometry } from './_conv-geometry'
import { gemmRowsByRows } from './_gemm'
import { col2imAdd } from './_im2col'

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
  const pixels = g.n * g.ho * g.wo
  const taps = g.fh * g.fw * g.cIn
  const dcols = new Float32Array(pixels * taps)
  const dyv = asFloat32(backend.data.get(dy.dataId).values)
  gemmRowsByRows(dyv, asFloat32(backend.data.get(filter.dataId).values), pixels, taps, g.cOut, dcols)
  return backend.makeTensorInfo(inputShape, 'float32', Float32Array.from(col2imAdd(dcols, g)))
}
