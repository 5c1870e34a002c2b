// wasm Conv2DBackpropFilter, which tfjs-backend-wasm 4.22 lacks (so no convolution could train on wasm),
// computed as ONE forward convolution, the only fast convolution wasm has (XNNPACK):
//   dW[i, j, ci, co] = sum over (n, oh, ow) of x[n, oh*sh + i - top, ow*sw + j - left, ci] * dy[n, oh, ow, co]
// The batch becomes the channel axis being summed, and one of x / dy plays the input, the other the filter:
// - "x as input" (any stride): x as one wide image x^[1, h, w*ci, n] (see wideImage) convolved with the
//   filter dyT = dy^[oh, ow, n, co], dilated by the forward stride (times ci along the width):
//   out[0, i, j*ci + c, co] = sum over (oh, ow, n) of x[n, i + oh*sh - top, j + ow*sw - left, c] * dy[n, oh, ow, co].
// - "dy as input" (stride 1): dy as the wide image dy^[1, oh, ow*co, n] convolved with the filter
//   xR = x^[h, w, n, ci]; the taps come out flipped: out[0, fh-1-i, (fw-1-j)*co + c, ci] = dW[i, j, ci, c].
// Which side is the filter matters: XNNPACK repacks a convolution's filter on every call (its values are new
// each time), at a few ns per value, and the filter here is a whole activation. So the side with fewer
// channels becomes the filter ("dy as input" when the layer widens, 16 -> 32 channels: 4.8 ms against
// 5.5 ms). Not the other way round for narrowing layers: for 16 -> 1 channels "dy as input" repacks 16x
// more values and was slower (10.5 ms against 9.2 ms, even with the filter's rows padded off the 4 KiB
// stride), although its matrix product wastes none of XNNPACK's 8 output lanes.
import { AedetectError } from '@aedetect/core'
import type { NamedAttrMap, TensorInfo } from '@tensorflow/tfjs'
import { callKernel } from '../_backends'
import type { KernelArgs, WasmBackend } from '../_backends'
import { convGeometry } from './_conv-geometry'
import type { ConvGeometry } from './_conv-geometry'
import { oneChannelFilterGradient } from './_wasm-one-channel'
import { directFilterGradient } from './_wasm-conv-rows'

type Call = (name: string, inputs: Record<string, TensorInfo>, attrs: NamedAttrMap) => TensorInfo

/** Kernel function of the fast wasm `Conv2DBackpropFilter` (channels-last only, like every wasm convolution). */
export function wasmConv2DBackpropFilter(args: KernelArgs<WasmBackend>): TensorInfo {
  const { inputs, backend } = args
  const attrs = args.attrs as NamedAttrMap
  const { x, dy } = inputs
  const g = convGeometry(x.shape, attrs.filterShape as number[], attrs)
  if (!g.channelsLast) {
    throw new AedetectError('E_UNSUPPORTED', `wasm Conv2DBackpropFilter: dataFormat '${String(attrs.dataFormat)}' is not supported (like every wasm convolution). Use channels-last data ('NHWC', tf.layers' default dataFormat 'channelsLast').`)
  }
  const direct = oneChannelFilterGradient(backend, x, dy, g) ?? directFilterGradient(backend, x, dy, g)
  if (direct !== undefined) return direct
  const call: Call = (name, inputs, attrs) => callKernel(name, 'wasm', { inputs, backend, attrs })
  if (g.cOut === 1 && g.cIn > 1 && g.strideH === 1 && g.strideW === 1) return viaColumnShifts(x, dy, g, backend, call)
  const dyAsInput = g.strideH === 1 && g.strideW === 1 && g.cIn < g.cOut && g.padTop <= g.fh - 1 && g.padLeft <= g.fw - 1 &&
    dyInputPadBottom(g) >= 0 && dyInputPadRight(g) >= 0
  return dyAsInput ? viaDyAsInput(x, dy, g, backend, call) : viaXAsInput(x, dy, g, backend, call)
}

// "dy as input": out[0, a, b*cOut + co, ci] = sum over (p, q, n) of dyPad[n, a + p, b + q, co] * x[n, p, q, ci]
// with dyPad[r] = dy[r - (fh-1-top)], which is dW[fh-1-a, fw-1-b, ci, co]. The pads make the output fh x fw.
function dyInputPadBottom(g: ConvGeometry): number {
  return g.h - g.ho + g.padTop
}

function dyInputPadRight(g: ConvGeometry): number {
  return g.w - g.wo + g.padLeft
}

function viaDyAsInput(x: TensorInfo, dy: TensorInfo, g: ConvGeometry, backend: WasmBackend, call: Call): TensorInfo {
  const { fh, fw, cIn, cOut } = g
  const dyWide = wideImage(dy, call)
  const xR = call('Transpose', { x }, { perm: [1, 2, 0, 3] })
  const conv = call('Conv2D', { x: dyWide, filter: xR }, {
    strides: [1, 1],
    pad: [[0, 0], [fh - 1 - g.padTop, dyInputPadBottom(g)], [(fw - 1 - g.padLeft) * cOut, dyInputPadRight(g) * cOut], [0, 0]],
    dataFormat: 'NHWC',
    dilations: [1, cOut],
  })
  backend.disposeData(dyWide.dataId)
  backend.disposeData(xR.dataId)
  const dW = backend.makeOutput([fh, fw, cIn, cOut], 'float32')
  // Views on the wasm heap only after the last allocation: an allocation can grow (replace) the heap.
  const from = backend.typedArrayFromHeap(conv)
  const to = backend.typedArrayFromHeap(dW)
  // out[0, a, b*cOut + co, ci] = dW[fh-1-a, fw-1-b, ci, co]
  for (let a = 0; a < fh; a++) {
    for (let b = 0; b < fw; b++) {
      for (let co = 0; co < cOut; co++) {
        const src = ((a * fw + b) * cOut + co) * cIn
        const dst = ((fh - 1 - a) * fw + (fw - 1 - b)) * cIn * cOut + co
        for (let ci = 0; ci < cIn; ci++) to[dst + ci * cOut] = from[src + ci]
      }
    }
  }
  backend.disposeData(conv.dataId)
  return dW
}

// One output channel, stride 1 ("x as input" would use 1 of XNNPACK's 8 output lanes): the filter becomes
// dy shifted once per filter column, G[a, b, n, j] = dy[n, a, b - j + left] (0 outside dy), and one
// convolution of the wide image x^[1, h, w*ci, n] with G, sliding over the rows only, gives
// out[0, i, ci, j] = dW[i, j, ci, 0]. G repacks fw times more values than dy but the product fills fw of
// the 8 lanes. Measured, interleaved, on the 16 -> 1 channel 3x3 layer of [64, 28, 28, 16]: 3.3 ms
// against 5.9 ms ("x as input") and 4.9 ms (one channel per tap, 9 lanes, 3x the repacking);
// 32 -> 1 channels k7 on [64, 1, 140, 32]: 0.80 ms against 1.52 ms. G is written here: as a convolution
// of dy with a one-hot filter plus a transpose it took longer (XNNPACK is slow with one input channel).
function viaColumnShifts(x: TensorInfo, dy: TensorInfo, g: ConvGeometry, backend: WasmBackend, call: Call): TensorInfo {
  const { n, h, w, ho, wo, fh, fw, cIn, padTop, padLeft } = g
  // An extra zero row of G when ho*w*n is a multiple of 1024: tfjs transposes the filter to [fw, ho*w*n]
  // before packing it, and rows 4 KiB apart all land in one cache set (measured 2.3 ms against 0.4 ms
  // for that transpose of [64*784, 16]).
  const extra = (ho * w * n) % 1024 === 0 ? 1 : 0
  const xWide = wideImage(x, call)
  const filter = backend.makeOutput([ho + extra, w, n, fw], 'float32')
  // Views on the wasm heap only after the last allocation: an allocation can grow (replace) the heap.
  const dyValues = backend.typedArrayFromHeap(dy)
  const G = backend.typedArrayFromHeap(filter)
  G.fill(0)
  for (let a = 0; a < ho; a++) {
    for (let b = 0; b < w; b++) {
      for (let j = 0; j < fw; j++) {
        const c = b - j + padLeft
        if (c < 0 || c >= wo) continue
        const to = (a * w + b) * n * fw + j
        const from = a * wo + c
        for (let k = 0; k < n; k++) G[to + k * fw] = dyValues[from + k * ho * wo]
      }
    }
  }
  // Rows: output row i reads x rows i - top + a for filter rows a; fh output rows need this bottom pad
  // (never negative: ho >= h + top - fh + 1 for any padding tfjs allows).
  const bottom = fh - 1 - h - padTop + ho + extra
  const conv = call('Conv2D', { x: xWide, filter }, { strides: [1, 1], pad: [[0, 0], [padTop, bottom], [0, 0], [0, 0]], dataFormat: 'NHWC', dilations: [1, cIn] })
  backend.disposeData(xWide.dataId)
  backend.disposeData(filter.dataId)
  const dW = backend.makeOutput([fh, fw, cIn, 1], 'float32')
  const from = backend.typedArrayFromHeap(conv)
  const to = backend.typedArrayFromHeap(dW)
  for (let i = 0; i < fh; i++) {
    for (let ci = 0; ci < cIn; ci++) {
      for (let j = 0; j < fw; j++) to[(i * fw + j) * cIn + ci] = from[(i * cIn + ci) * fw + j]
    }
  }
  backend.disposeData(conv.dataId)
  return dW
}

function viaXAsInput(x: TensorInfo, dy: TensorInfo, g: ConvGeometry, backend: WasmBackend, call: Call): TensorInfo {
  // Rows/columns of x past the last window are never read: a negative far-side pad. The convolution then
  // yields extra rows/columns at the end, skipped below.
  const bottom = (g.ho - 1) * g.strideH + g.fh - g.h - g.padTop
  const right = (g.wo - 1) * g.strideW + g.fw - g.w - g.padLeft
  const { fh, fw, cIn, cOut } = g
  const xWide = wideImage(x, call)
  const dyT = call('Transpose', { x: dy }, { perm: [1, 2, 0, 3] })
  const conv = call('Conv2D', { x: xWide, filter: dyT }, {
    strides: [1, 1],
    pad: [[0, 0], [g.padTop, Math.max(0, bottom)], [g.padLeft * cIn, Math.max(0, right) * cIn], [0, 0]],
    dataFormat: 'NHWC',
    dilations: [g.strideH, g.strideW * cIn],
  })
  backend.disposeData(xWide.dataId)
  backend.disposeData(dyT.dataId)
  const convW = conv.shape[2]
  const dW = backend.makeOutput([fh, fw, cIn, cOut], 'float32')
  // Views on the wasm heap only after the last allocation: an allocation can grow (replace) the heap.
  const from = backend.typedArrayFromHeap(conv)
  const to = backend.typedArrayFromHeap(dW)
  // out[0, i, j*cIn + ci, co] = dW[i, j, ci, co]; rows and columns past the filter are dropped.
  for (let i = 0; i < fh; i++) {
    const src = i * convW * cOut
    const dst = i * fw * cIn * cOut
    for (let k = 0; k < fw * cIn * cOut; k++) to[dst + k] = from[src + k]
  }
  backend.disposeData(conv.dataId)
  return dW
}

/**
 * [n, h, w, c] -> [1, h, w*c, n]: one wide image whose channels are the batch, where column j*c + ci holds
 * x's column j, channel ci. Convolving it with the filter's width dilated by c keeps every channel apart, as
 * if the channels were a batch, without a second transpose to put them first ([c, h, w, n] cost an extra
 * row move of 0.25-0.4 ms on [64, 28, 28, 16]). The move itself, [n, h*w*c] -> [h*w*c, n], runs as the 3-D
 * transpose [n, h, w*c] -> [h, w*c, n]: wasm's 3-D loop writes its output in order, its 2-D loop reads its
 * input in order, and on [64, 12544] that took 0.67 ms instead of 0.89 ms.
 */
function wideImage(t: TensorInfo, call: Call): TensorInfo {
  const [n, h, w, c] = t.shape
  // wasm drops axes of size 1 first, so a split is kept only where both parts exceed 1.
  const split = h > 1 ? [h, w * c] : w > 1 && c > 1 ? [w, c] : [w * c]
  const moved = call('Transpose', { x: { ...t, shape: [n, ...split] } }, { perm: split.length === 2 ? [1, 2, 0] : [1, 0] })
  return { ...moved, shape: [1, h, w * c, n] }
}
