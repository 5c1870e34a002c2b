// cpu Conv2DBackpropFilter over the backing typed arrays. The stock kernel reads every element through
// `TensorBuffer.get` inside a 7-deep loop and takes over 90 % of a conv autoencoder's training step.
// Here dW [fh*fw*cIn, cOut] = colsT [fh*fw*cIn, pixels] x dy [pixels, cOut], one register-blocked product.
import type { NamedAttrMap, TensorInfo } from '@tensorflow/tfjs'
import type { CpuBackend, KernelArgs } from './_backends'
import { convGeometry } from './_conv-geometry'
import { gemmRowsByRows, transposeMatrix } from './_gemm'
import { im2colTransposed } from './_im2col'

/** Kernel function of the fast cpu `Conv2DBackpropFilter`; `stock` runs channels-first input. */
export function cpuConv2DBackpropFilter(args: KernelArgs<CpuBackend>, stock: (args: KernelArgs<CpuBackend>) => TensorInfo): TensorInfo {
  const { inputs, backend } = args
  const attrs = args.attrs as NamedAttrMap
  const { x, dy } = inputs
  const filterShape = attrs.filterShape as number[]
  const g = convGeometry(x.shape, filterShape, attrs)
  if (!g.channelsLast) return stock(args)
  const pixels = g.n * g.ho * g.wo
  const taps = g.fh * g.fw * g.cIn
  const colsT = im2colTransposed(backend.data.get(x.dataId).values, g)
  const dyT = transposeMatrix(backend.data.get(dy.dataId).values, pixels, g.cOut)
  const dW = new Float32Array(taps * g.cOut)
  gemmRowsByRows(colsT, dyT, taps, g.cOut, pixels, dW)
  return backend.makeTensorInfo(filterShape, 'float32', dW)
}
