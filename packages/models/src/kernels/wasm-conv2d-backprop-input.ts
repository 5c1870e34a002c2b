// wasm Conv2DBackpropInput (the input gradient of a convolution and the forward pass of a transposed
// convolution) as ONE forward convolution, wasm's fast path (XNNPACK), instead of the stock scalar loop:
//   dx = conv2d(zero-dilated, padded dy, flipped filter), stride 1, 'valid'.
// dy is spread onto a grid with (stride - 1) zeros between its values and framed with fh-1-padTop rows above
// (fw-1-padLeft columns left) and enough below/right for the output to be exactly h x w; the filter is
// flipped in both spatial axes and its channel axes are swapped.
import type { NamedAttrMap, TensorInfo } from '@tensorflow/tfjs'
import { callKernel } from './_backends'
import type { KernelArgs, WasmBackend } from './_backends'
import { convGeometry } from './_conv-geometry'

/**
 * Kernel function of the fast wasm `Conv2DBackpropInput`. `stock` runs the cases the recipe does not
 * cover (channels-first, or explicit pads larger than the filter, which make a negative frame).
 */
export function wasmConv2DBackpropInput(args: KernelArgs<WasmBackend>, stock: (args: KernelArgs<WasmBackend>) => TensorInfo): TensorInfo {
  const { inputs, backend } = args
  const attrs = args.attrs as NamedAttrMap
  const { dy, filter } = inputs
  const g = convGeometry(attrs.inputShape as number[], filter.shape, attrs)
  const top = g.fh - 1 - g.padTop
  const left = g.fw - 1 - g.padLeft
  const bottom = g.h + g.fh - 1 - top - ((g.ho - 1) * g.strideH + 1)
  const right = g.w + g.fw - 1 - left - ((g.wo - 1) * g.strideW + 1)
  if (!g.channelsLast || top < 0 || left < 0 || bottom < 0 || right < 0) return stock(args)

  const { fh, fw, cIn, cOut } = g
  const flipped = backend.makeOutput([fh, fw, cOut, cIn], 'float32')
  const strided = g.strideH > 1 || g.strideW > 1
  const hp = g.h + fh - 1
  const wp = g.w + fw - 1
  const spread = strided ? backend.makeOutput([g.n, hp, wp, cOut], 'float32') : undefined
  // Views on the wasm heap only after the last allocation: an allocation can grow (replace) the heap.
  const src = backend.typedArrayFromHeap(filter)
  const dst = backend.typedArrayFromHeap(flipped)
  for (let i = 0; i < fh; i++) {
    for (let j = 0; j < fw; j++) {
      const from = ((fh - 1 - i) * fw + (fw - 1 - j)) * cIn * cOut
      const to = (i * fw + j) * cOut * cIn
      for (let ci = 0; ci < cIn; ci++) {
        for (let co = 0; co < cOut; co++) dst[to + co * cIn + ci] = src[from + ci * cOut + co]
      }
    }
  }
  let pad: NamedAttrMap['pad'] = [[0, 0], [top, bottom], [left, right], [0, 0]] as unknown as NamedAttrMap['pad']
  if (spread !== undefined) {
    const dyValues = backend.typedArrayFromHeap(dy)
    const out = backend.typedArrayFromHeap(spread)
    out.fill(0)
    for (let b = 0; b < g.n; b++) {
      for (let r = 0; r < g.ho; r++) {
        for (let c = 0; c < g.wo; c++) {
          const from = ((b * g.ho + r) * g.wo + c) * cOut
          const to = ((b * hp + top + r * g.strideH) * wp + left + c * g.strideW) * cOut
          for (let k = 0; k < cOut; k++) out[to + k] = dyValues[from + k]
        }
      }
    }
    pad = 'valid'
  }
  const dx = callKernel('Conv2D', 'wasm', {
    inputs: { x: spread ?? dy, filter: flipped },
    backend,
    attrs: { strides: [1, 1], pad, dataFormat: 'NHWC', dilations: [1, 1] },
  })
  backend.disposeData(flipped.dataId)
  if (spread !== undefined) backend.disposeData(spread.dataId)
  return dx
}
