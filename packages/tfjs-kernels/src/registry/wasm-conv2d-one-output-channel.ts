// wasm Conv2D / FusedConv2D with ONE output channel (the reconstruction layer of an image or sequence
// autoencoder): at stride 1 over a multiple of 4 channels the SIMD row loops of _wasm-one-channel.ts, else a
// depthwise convolution followed by a sum over the channels. (Wider layers stay with XNNPACK: the multi-channel
// row loops of _wasm-conv-rows.ts ran the Conv2D AE's strided forward convolutions 0.67-0.83x as fast.)
// The depthwise path, measured before the row loops existed: XNNPACK's convolution pads
// the output channels to a multiple of 8, so a 1-channel convolution costs as much as an 8-channel one
// (measured on [64, 28, 28, 16] * [3, 3, 16, 1]: 5.4 ms stock against 1.9 ms depthwise + 0.3 ms sum).
// The depthwise filter [fh, fw, cIn, 1] has the same memory layout as the convolution's, so no copy is made.
import type { NamedAttrMap, TensorInfo } from '@tensorflow/tfjs'
import { callKernel } from '../_backends'
import type { KernelArgs, WasmBackend } from '../_backends'
import { convGeometry } from './_conv-geometry'
import { oneChannelForward } from './_wasm-one-channel'

// XNNPACK's depthwise convolution is fast only for filters whose tap count matches one of its kernel tiles;
// others ran 2-4x slower than the stock convolution (measured on [64, 28, 28, 16] and [64, 1, 140, 32]: 2x2
// 0.74 ms against 1.68 stock, 3x3 2.8 against 5.2, 1x9 0.58 against 1.23; but 1x2, 1x5, 2x3, 1x7, 2x4, 3x5,
// 4x4 slower). The filter-gradient convolutions (whose "filter" is a whole activation) stay stock too.
const FAST_TAPS = new Set([3, 4, 9, 25])

// Activations of FusedConv2D run as their own wasm kernel on the summed output.
const ACTIVATION_KERNELS: Record<string, string> = { relu: 'Relu', relu6: 'Relu6', elu: 'Elu', sigmoid: 'Sigmoid', leakyrelu: 'LeakyRelu' }

/**
 * Kernel function of the wasm `Conv2D` and `FusedConv2D` that runs 1-output-channel convolutions by the SIMD
 * row loops or, with a filter of 3, 4, 9 or 25 taps, as depthwise convolution + channel sum, and hands every
 * other case to `stock`.
 */
export function wasmConv2DOneOutputChannel(args: KernelArgs<WasmBackend>, stock: (args: KernelArgs<WasmBackend>) => TensorInfo): TensorInfo {
  const { inputs, backend } = args
  const attrs = args.attrs as NamedAttrMap
  const { x, filter, bias, preluActivationWeights } = inputs
  const activation = (attrs.activation as string | undefined) ?? 'linear'
  const g = convGeometry(x.shape, filter.shape, attrs)
  const finishes = preluActivationWeights === undefined && (activation === 'linear' || ACTIVATION_KERNELS[activation] !== undefined) && (bias === undefined || bias.shape.length <= 1)
  const direct = finishes && g.cOut === 1 ? oneChannelForward(backend, x, filter, g) : undefined
  const supported = direct !== undefined || (g.channelsLast && g.cOut === 1 && g.cIn > 1 && FAST_TAPS.has(g.fh * g.fw) && finishes)
  if (!supported) return stock(args)

  const summed = direct ?? depthwiseSum(args, x, filter)
  if (bias !== undefined) {
    const b = backend.typedArrayFromHeap(bias)[0]
    const values = backend.typedArrayFromHeap(summed)
    for (let p = 0; p < values.length; p++) values[p] += b
  }
  if (activation === 'linear') return summed
  const activated = callKernel(ACTIVATION_KERNELS[activation], 'wasm', {
    inputs: { x: summed },
    backend,
    attrs: activation === 'leakyrelu' ? { alpha: attrs.leakyreluAlpha ?? 0.2 } : {},
  })
  backend.disposeData(summed.dataId)
  return activated
}

function depthwiseSum(args: KernelArgs<WasmBackend>, x: TensorInfo, filter: TensorInfo): TensorInfo {
  const { backend } = args
  const attrs = args.attrs as NamedAttrMap
  const depthwise = callKernel('DepthwiseConv2dNative', 'wasm', {
    inputs: { x, filter },
    backend,
    attrs: { strides: attrs.strides, pad: attrs.pad, dilations: attrs.dilations ?? [1, 1], dimRoundingMode: attrs.dimRoundingMode, dataFormat: 'NHWC' },
  })
  const summed = callKernel('Sum', 'wasm', { inputs: { x: depthwise }, backend, attrs: { axis: [3], keepDims: true } })
  backend.disposeData(depthwise.dataId)
  return summed
}
