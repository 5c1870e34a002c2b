// cpu Conv2DBackpropInput (input gradient of a convolution, forward pass of a transposed convolution),
// scattering each output-gradient pixel through the filter instead of gathering, with the filter row of
// one input channel read contiguously. Float64 accumulation like the stock kernel.
import type { NamedAttrMap, TensorInfo } from '@tensorflow/tfjs'
import type { CpuBackend, KernelArgs } from './_backends'
import { convGeometry } from './_conv-geometry'

/** Kernel function of the fast cpu `Conv2DBackpropInput`; `stock` runs channels-first input. */
export function cpuConv2DBackpropInput(args: KernelArgs<CpuBackend>, stock: (args: KernelArgs<CpuBackend>) => TensorInfo): TensorInfo {
  const { inputs, backend } = args
  const attrs = args.attrs as NamedAttrMap
  const { dy, filter } = inputs
  const inputShape = attrs.inputShape as number[]
  const g = convGeometry(inputShape, filter.shape, attrs)
  if (!g.channelsLast) return stock(args)
  const dyv = backend.data.get(dy.dataId).values
  const fv = backend.data.get(filter.dataId).values
  const { n, h, w, cIn, ho, wo, cOut, fh, fw } = g
  const sums = new Float64Array(n * h * w * cIn)
  for (let b = 0; b < n; b++) {
    for (let oh = 0; oh < ho; oh++) {
      for (let i = 0; i < fh; i++) {
        const xr = oh * g.strideH + i - g.padTop
        if (xr < 0 || xr >= h) continue
        for (let ow = 0; ow < wo; ow++) {
          const dyOffset = ((b * ho + oh) * wo + ow) * cOut
          for (let j = 0; j < fw; j++) {
            const xc = ow * g.strideW + j - g.padLeft
            if (xc < 0 || xc >= w) continue
            const dxOffset = ((b * h + xr) * w + xc) * cIn
            const wOffset = (i * fw + j) * cIn * cOut
            for (let ci = 0; ci < cIn; ci++) {
              const row = wOffset + ci * cOut
              let s = 0
              for (let co = 0; co < cOut; co++) s += fv[row + co] * dyv[dyOffset + co]
              sums[dxOffset + ci] += s
            }
          }
        }
      }
    }
  }
  return backend.makeTensorInfo(inputShape, 'float32', Float32Array.from(sums))
}
