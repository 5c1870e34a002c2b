// wasm Conv2DBackpropInput (the input gradient of a convolution and the forward pass of a transposed
// convolution) as ONE stride-1 forward convolution, wasm's fast path (XNNPACK), instead of the stock scalar
// loop: a sub-pixel convolution. With stride s, output row y = s*Y + r (phase r) receives
//   dx[s*Y + r] = sum over t of dy[Y + c_r - t] * filter[i0_r + s*t]     (i0_r = (r + top) mod s,
//                                                                         c_r = floor((r + top) / s))
// so every phase is a small correlation of dy itself. One convolution over dy computes all s_h * s_w phases
// as separate output channels; a row move then interleaves them into the image. Against the former
// convolution over dy spread onto a zero-dilated grid, it does 1/s^2 of the multiply-adds on the zeros'
// behalf (measured on [64, 14, 14, 8] -> [64, 28, 28, 16], 3x3 stride 2: 1.9 ms + 0.36 ms interleave
// against 4.0 ms + 0.4 ms spreading). With stride 1 it is the flipped-filter convolution.
import type { NamedAttrMap, TensorInfo } from '@tensorflow/tfjs'
import { callKernel } from '../_backends'
import type { KernelArgs, WasmBackend } from '../_backends'
import { convGeometry } from './_conv-geometry'
import { oneChannelInputGradient } from './_wasm-one-channel'

/** How one spatial axis of the input gradient maps onto the sub-pixel convolution. */
interface PhaseAxis {
  stride: number
  /** Taps of the sub-pixel filter along this axis. */
  taps: number
  /** Zero rows before / after dy. */
  padBefore: number
  padAfter: number
  /** Rows of the sub-pixel convolution's output: the gradient has `outRows * stride` rows before cropping. */
  outRows: number
  /** filterIndex[r * taps + k]: the original filter tap that phase r uses at sub-pixel tap k, or -1. */
  filterIndex: Int32Array
}

function phaseAxis(size: number, dySize: number, filterSize: number, stride: number, padBefore: number): PhaseAxis {
  let lo = Infinity
  let hi = -Infinity
  for (let r = 0; r < stride; r++) {
    const first = (r + padBefore) % stride
    if (first >= filterSize) continue
    const count = Math.ceil((filterSize - first) / stride)
    const c = Math.floor((r + padBefore) / stride)
    lo = Math.min(lo, c - count + 1)
    hi = Math.max(hi, c)
  }
  const taps = hi - lo + 1
  const outRows = Math.ceil(size / stride)
  const filterIndex = new Int32Array(stride * taps).fill(-1)
  for (let r = 0; r < stride; r++) {
    const first = (r + padBefore) % stride
    const c = Math.floor((r + padBefore) / stride)
    for (let k = 0; k < taps; k++) {
      const i = first + stride * (c - lo - k)
      if (i >= first && i < filterSize) filterIndex[r * taps + k] = i
    }
  }
  return { stride, taps, padBefore: -lo, padAfter: outRows - 1 + hi - (dySize - 1), outRows, filterIndex }
}

/**
 * Kernel function of the fast wasm `Conv2DBackpropInput`. `stock` runs the cases the recipe does not
 * cover (channels-first, or explicit pads larger than the filter, which make a negative frame).
 */
export function wasmConv2DBackpropInput(args: KernelArgs<WasmBackend>, stock: (args: KernelArgs<WasmBackend>) => TensorInfo): TensorInfo {
  const { inputs, backend } = args
  const attrs = args.attrs as NamedAttrMap
  const { dy, filter } = inputs
  const g = convGeometry(attrs.inputShape as number[], filter.shape, attrs)
  if (!g.channelsLast) return stock(args)
  const direct = oneChannelInputGradient(backend, dy, filter, g)
  if (direct !== undefined) return direct
  const rows = phaseAxis(g.h, g.ho, g.fh, g.strideH, g.padTop)
  const cols = phaseAxis(g.w, g.wo, g.fw, g.strideW, g.padLeft)
  if (rows.padBefore < 0 || rows.padAfter < 0 || cols.padBefore < 0 || cols.padAfter < 0) return stock(args)

  const { cIn, cOut } = g
  const phases = rows.stride * cols.stride
  // Sub-pixel filter [taps_h, taps_w, cOut, phases * cIn]; output channel (rh * s_w + rw) * cIn + ci.
  const subFilter = backend.makeOutput([rows.taps, cols.taps, cOut, phases * cIn], 'float32')
  // Views on the wasm heap only after the last allocation: an allocation can grow (replace) the heap.
  const src = backend.typedArrayFromHeap(filter)
  const dst = backend.typedArrayFromHeap(subFilter)
  dst.fill(0)
  for (let rh = 0; rh < rows.stride; rh++) {
    for (let rw = 0; rw < cols.stride; rw++) {
      const phase = rh * cols.stride + rw
      for (let kh = 0; kh < rows.taps; kh++) {
        const i = rows.filterIndex[rh * rows.taps + kh]
        if (i < 0) continue
        for (let kw = 0; kw < cols.taps; kw++) {
          const j = cols.filterIndex[rw * cols.taps + kw]
          if (j < 0) continue
          const from = (i * g.fw + j) * cIn * cOut
          const to = (kh * cols.taps + kw) * cOut * phases * cIn + phase * cIn
          for (let co = 0; co < cOut; co++) {
            for (let ci = 0; ci < cIn; ci++) dst[to + co * phases * cIn + ci] = src[from + ci * cOut + co]
          }
        }
      }
    }
  }
  const conv = callKernel('Conv2D', 'wasm', {
    inputs: { x: dy, filter: subFilter },
    backend,
    attrs: { strides: [1, 1], pad: [[0, 0], [rows.padBefore, rows.padAfter], [cols.padBefore, cols.padAfter], [0, 0]], dataFormat: 'NHWC', dilations: [1, 1] },
  })
  backend.disposeData(subFilter.dataId)
  const fullShape = [g.n, rows.outRows * rows.stride, cols.outRows * cols.stride, cIn]
  let full: TensorInfo = { ...conv, shape: fullShape }
  if (rows.stride > 1) {
    // [n * outRows, outCols, s_h, s_w * cIn] -> [n * outRows, s_h, outCols, s_w * cIn] is the interleaved image
    // (with s_h = 1 the layouts already agree). wasm's DepthToSpace took 41 ms for this move; Transpose 0.36 ms.
    const moved = callKernel('Transpose', 'wasm', {
      inputs: { x: { ...conv, shape: [g.n * rows.outRows, cols.outRows, rows.stride, cols.stride * cIn] } },
      backend,
      attrs: { perm: [0, 2, 1, 3] },
    })
    backend.disposeData(conv.dataId)
    full = { ...moved, shape: fullShape }
  }
  if (fullShape[1] === g.h && fullShape[2] === g.w) return full
  const cropped = callKernel('Slice', 'wasm', { inputs: { x: full }, backend, attrs: { begin: [0, 0, 0, 0], size: [g.n, g.h, g.w, cIn] } })
  backend.disposeData(full.dataId)
  return cropped
}
