// wasm Conv2DBackpropFilter, which tfjs-backend-wasm 4.22 lacks (so no convolution could train on wasm),
// computed as ONE forward convolution, the only fast convolution wasm has (XNNPACK):
//   dW[i, j, ci, co] = sum over (n, oh, ow) of x[n, oh*sh + i - top, ow*sw + j - left, ci] * dy[n, oh, ow, co]
// is a stride-1 convolution of xT = x^[ci, h, w, n] (batch <-> channels) with the "filter" dyT = dy^[oh, ow, n, co],
// whose dilation is the forward stride: out[ci, i, j, co] = sum xT[ci, i + oh*sh, j + ow*sw, n] * dyT[oh, ow, n, co].
import { AedetectError } from '@aedetect/core'
import type { NamedAttrMap, TensorInfo } from '@tensorflow/tfjs'
import { callKernel } from './_backends'
import type { KernelArgs, WasmBackend } from './_backends'
import { convGeometry } from './_conv-geometry'

/** Kernel function of the fast wasm `Conv2DBackpropFilter` (channels-last only, like every wasm convolution). */
export function wasmConv2DBackpropFilter(args: KernelArgs<WasmBackend>): TensorInfo {
  const { inputs, backend } = args
  const attrs = args.attrs as NamedAttrMap
  const { x, dy } = inputs
  const g = convGeometry(x.shape, attrs.filterShape as number[], attrs)
  if (!g.channelsLast) {
    throw new AedetectError('E_UNSUPPORTED', `wasm Conv2DBackpropFilter: dataFormat '${String(attrs.dataFormat)}' is not supported (like every wasm convolution). Use channels-last data ('NHWC', tf.layers' default dataFormat 'channelsLast').`)
  }
  // Rows/columns of x past the last window are never read: a negative far-side pad. The convolution then
  // yields extra rows/columns at the end, cut off below.
  const bottom = (g.ho - 1) * g.strideH + g.fh - g.h - g.padTop
  const right = (g.wo - 1) * g.strideW + g.fw - g.w - g.padLeft
  const call = (name: string, inputs: Record<string, TensorInfo>, attrs: NamedAttrMap): TensorInfo =>
    callKernel(name, 'wasm', { inputs, backend, attrs })

  const xT = call('Transpose', { x }, { perm: [3, 1, 2, 0] })
  const dyT = call('Transpose', { x: dy }, { perm: [1, 2, 0, 3] })
  const conv = call('Conv2D', { x: xT, filter: dyT }, {
    strides: [1, 1],
    pad: [[0, 0], [g.padTop, Math.max(0, bottom)], [g.padLeft, Math.max(0, right)], [0, 0]],
    dataFormat: 'NHWC',
    dilations: [g.strideH, g.strideW],
  })
  backend.disposeData(xT.dataId)
  backend.disposeData(dyT.dataId)
  let cropped = conv
  if (bottom < 0 || right < 0) {
    cropped = call('Slice', { x: conv }, { begin: [0, 0, 0, 0], size: [g.cIn, g.fh, g.fw, g.cOut] })
    backend.disposeData(conv.dataId)
  }
  const dW = call('Transpose', { x: cropped }, { perm: [1, 2, 0, 3] })
  backend.disposeData(cropped.dataId)
  return dW
}

