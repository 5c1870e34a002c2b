// The stride-1, one-output-channel convolution (an autoencoder's reconstruction layer) and both its gradients on
// the wasm backend's heap, with the SIMD row loops of ../conv/simd-one-channel-conv.ts: the input (or dy) is
// copied once into a zero-padded scratch tensor so every window is fh runs of contiguous floats, then one call
// per output row of each image. Measured on the Conv2D AE's 16 → 1 layer, [64, 28, 28, 16] * [3, 3, 16, 1],
// against the XNNPACK compositions they replace: see KERNELS.md.
import type { TensorInfo } from '@tensorflow/tfjs'
import { wasmHeapMemory, type WasmBackend } from '../_backends'
import { oneChannelConv, type OneChannelConv } from '../conv/simd-one-channel-conv'
import type { ConvGeometry } from './_conv-geometry'
import { heapOffset, padded } from './_wasm-frame'

/** The loops over `backend`'s heap when `g` is a stride-1, undilated, channels-last convolution to one channel of a multiple of 4 input channels. */
function loopsFor(backend: WasmBackend, g: ConvGeometry): OneChannelConv | undefined {
  const fits = g.channelsLast && g.cOut === 1 && g.cIn % 4 === 0 && g.strideH === 1 && g.strideW === 1 && g.dilationH === 1 && g.dilationW === 1 &&
    g.padTop >= 0 && g.padLeft >= 0 && g.padTop <= g.fh - 1 && g.padLeft <= g.fw - 1
  const memory = fits ? wasmHeapMemory(backend) : undefined
  return memory === undefined ? undefined : oneChannelConv(memory)
}

/** y [n, ho, wo, 1] = x * filter (no bias), or undefined when the loops do not cover `g`. */
export function oneChannelForward(backend: WasmBackend, x: TensorInfo, filter: TensorInfo, g: ConvGeometry): TensorInfo | undefined {
  const loops = loopsFor(backend, g)
  if (loops === undefined) return undefined
  const { n, ho, wo, fh, fw, cIn } = g
  const [frameRows, frameCols] = [ho + fh - 1, wo + fw - 1]
  const frame = padded(backend, x, frameRows, frameCols, g.padTop, g.padLeft)
  const y = backend.makeOutput([n, ho, wo, 1], 'float32')
  const [xp, w, out] = [frame, filter, y].map((t) => heapOffset(backend, t))
  for (let b = 0; b < n; b++) {
    for (let i = 0; i < ho; i++) loops.forward({ x: xp + (b * frameRows + i) * frameCols * cIn, ldx: cIn, w, out: out + (b * ho + i) * wo, m: wo, fh, ldr: frameCols * cIn, k: fw * cIn })
  }
  backend.disposeData(frame.dataId)
  return y
}

/** dW [fh, fw, cIn, 1] of the convolution of x with dy [n, ho, wo, 1], or undefined when the loops do not cover `g`. */
export function oneChannelFilterGradient(backend: WasmBackend, x: TensorInfo, dy: TensorInfo, g: ConvGeometry): TensorInfo | undefined {
  const loops = loopsFor(backend, g)
  if (loops === undefined) return undefined
  const { n, ho, wo, fh, fw, cIn } = g
  const [frameRows, frameCols] = [ho + fh - 1, wo + fw - 1]
  const frame = padded(backend, x, frameRows, frameCols, g.padTop, g.padLeft)
  const dW = backend.makeOutput([fh, fw, cIn, 1], 'float32')
  backend.typedArrayFromHeap(dW).fill(0)
  const [xp, d, out] = [frame, dy, dW].map((t) => heapOffset(backend, t))
  for (let b = 0; b < n; b++) {
    for (let i = 0; i < ho; i++) loops.filterGradient({ x: xp + (b * frameRows + i) * frameCols * cIn, ldx: cIn, d: d + (b * ho + i) * wo, out, m: wo, fh, ldr: frameCols * cIn, k: fw * cIn })
  }
  backend.disposeData(frame.dataId)
  return dW
}

/**
 * dx [n, h, w, cIn] of the convolution with `filter` given dy [n, ho, wo, 1], or undefined when the loops do not
 * cover `g`: dy framed so that dx[p, s] = Σ dyFrame[p + a, s + q] · filter[fh−1−a, fw−1−q], the flipped filter.
 */
export function oneChannelInputGradient(backend: WasmBackend, dy: TensorInfo, filter: TensorInfo, g: ConvGeometry): TensorInfo | undefined {
  const loops = loopsFor(backend, g)
  if (loops === undefined) return undefined
  const { n, h, w, fh, fw, cIn } = g
  const [frameRows, frameCols] = [h + fh - 1, w + fw - 1]
  const frame = padded(backend, dy, frameRows, frameCols, fh - 1 - g.padTop, fw - 1 - g.padLeft)
  const dx = backend.makeOutput([n, h, w, cIn], 'float32')
  const [d, wOff, out] = [frame, filter, dx].map((t) => heapOffset(backend, t))
  for (let b = 0; b < n; b++) {
    for (let p = 0; p < h; p++) loops.inputGradient({ d: d + (b * frameRows + p) * frameCols, w: wOff, out: out + (b * h + p) * w * cIn, m: w, fh, ldr: frameCols, fw, c: cIn })
  }
  backend.disposeData(frame.dataId)
  return dx
}
