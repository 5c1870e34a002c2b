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
import { convGeometry, type ConvGeometry } from './_conv-geometry'
import { oneChannelInputGradient } from './_wasm-one-channel'
import { heapOffset, padded } from './_wasm-frame'
import { rowLoops } from './_wasm-conv-rows'
import type { ConvRows } from '../conv/simd-conv-rows'

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
  const loops = directInputFits(g) ? rowLoops(backend) : undefined
  if (loops !== undefined) {
    const dx = phasesByRows(backend, loops, dy, subFilter, g, rows, cols)
    backend.disposeData(subFilter.dataId)
    return dx
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

// The SIMD row loops (../conv/simd-conv-rows.ts) beat XNNPACK's sub-pixel convolution and interleave on narrow
// layers with long enough rows: in-process on the Conv2D AE's layers at batch 64, [64, 14, 14, 8] → [64, 28, 28,
// 16] 1.15× (14 outputs a call), but [64, 7, 7, 8] → [64, 14, 14, 16] 0.64× and → 8 channels 1.09× (7 a call:
// the per-call cost dominates). KERNELS.md.
const MIN_ROW_OUTPUTS = 14

function directInputFits(g: ConvGeometry): boolean {
  return g.cIn % 4 === 0 && g.cIn <= 32 && g.cOut <= 32 && g.fh * g.fw <= 25 && Math.ceil(g.w / g.strideW) >= MIN_ROW_OUTPUTS
}

/**
 * The input gradient as each phase's correlation of the framed dy with its columns of the sub-pixel filter, one
 * row-loop call per output row and phase, written straight into its interleaved place (every stride-th column).
 */
function phasesByRows(backend: WasmBackend, loops: ConvRows, dy: TensorInfo, subFilter: TensorInfo, g: ConvGeometry, rows: PhaseAxis, cols: PhaseAxis): TensorInfo {
  const { n, h, w, cIn, cOut } = g
  const [frameRows, frameCols] = [rows.outRows + rows.taps - 1, cols.outRows + cols.taps - 1]
  const frame = padded(backend, dy, frameRows, frameCols, rows.padBefore, cols.padBefore)
  const dx = backend.makeOutput([n, h, w, cIn], 'float32')
  const [d, sub, out] = [frame, subFilter, dx].map((t) => heapOffset(backend, t))
  const phases = rows.stride * cols.stride
  for (let b = 0; b < n; b++) {
    for (let Y = 0; Y < rows.outRows; Y++) {
      for (let rh = 0; rh < rows.stride; rh++) {
        const r = Y * rows.stride + rh
        if (r >= h) continue
        for (let rw = 0; rw < cols.stride; rw++) {
          const m = Math.ceil((w - rw) / cols.stride)
          if (m <= 0) continue
          loops.rows({
            x: d + (b * frameRows + Y) * frameCols * cOut,
            ldx: cOut,
            w: sub + (rh * cols.stride + rw) * cIn,
            ldw: phases * cIn,
            out: out + ((b * h + r) * w + rw) * cIn,
            ldo: cols.stride * cIn,
            m,
            fh: rows.taps,
            ldr: frameCols * cOut,
            k: cols.taps * cOut,
            n: cIn,
          })
        }
      }
    }
  }
  backend.disposeData(frame.dataId)
  return dx
}
