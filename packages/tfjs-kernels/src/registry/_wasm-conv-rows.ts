// Filter gradients of convolutions to a multiple of 4 output channels on the wasm backend's heap, with the
// SIMD row loops of ../conv/simd-conv-rows.ts: the input copied once into a zero-padded frame so every window is
// fh runs of contiguous floats, then one call per output row of each image (any stride: the windows of a row
// start stride · channels floats apart). Used where they beat XNNPACK's compositions (see `directConvFits`; the
// transposed convolutions' sub-pixel phases use the same loops, wasm-conv2d-backprop-input.ts).
import type { TensorInfo } from '@tensorflow/tfjs'
import { wasmHeapMemory, type WasmBackend } from '../_backends'
import { convRows, type ConvRows } from '../conv/simd-conv-rows'
import type { ConvGeometry } from './_conv-geometry'
import { heapOffset, padded } from './_wasm-frame'

/**
 * Whether the row loops compute the filter gradient of `g` faster than XNNPACK's compositions: narrow layers,
 * where its packing and lanes are mostly overhead. Measured in-process on the Conv2D AE's four layers with more
 * than one output channel at batch 64 (KERNELS.md): 1.5–2.3× each.
 */
function directConvFits(g: ConvGeometry): boolean {
  return g.channelsLast && g.cOut % 4 === 0 && g.dilationH === 1 && g.dilationW === 1 && g.cIn <= 32 && g.cOut <= 32 && g.fh * g.fw <= 25 &&
    g.padTop >= 0 && g.padLeft >= 0 && g.padTop <= g.fh - 1 && g.padLeft <= g.fw - 1
}

/** The row loops over `backend`'s heap, where they can run. */
export function rowLoops(backend: WasmBackend): ConvRows | undefined {
  const memory = wasmHeapMemory(backend)
  return memory === undefined ? undefined : convRows(memory)
}

// The frame the windows of every output read: (ho − 1)·s + f rows and columns, x at (top, left).
function frameOf(backend: WasmBackend, x: TensorInfo, g: ConvGeometry): { frame: TensorInfo; rows: number; cols: number } {
  const [rows, cols] = [(g.ho - 1) * g.strideH + g.fh, (g.wo - 1) * g.strideW + g.fw]
  return { frame: padded(backend, x, rows, cols, g.padTop, g.padLeft), rows, cols }
}

/** dW [fh, fw, cIn, cOut] of the convolution of x with dy [n, ho, wo, cOut], or undefined when the loops cannot run here or `g` does not fit. */
export function directFilterGradient(backend: WasmBackend, x: TensorInfo, dy: TensorInfo, g: ConvGeometry): TensorInfo | undefined {
  const loops = directConvFits(g) ? rowLoops(backend) : undefined
  if (loops === undefined) return undefined
  const { n, ho, wo, fh, fw, cIn, cOut } = g
  const { frame, rows, cols } = frameOf(backend, x, g)
  const dW = backend.makeOutput([fh, fw, cIn, cOut], 'float32')
  backend.typedArrayFromHeap(dW).fill(0)
  const [xp, d, out] = [frame, dy, dW].map((t) => heapOffset(backend, t))
  for (let b = 0; b < n; b++) {
    for (let i = 0; i < ho; i++) {
      const from = xp + (b * rows + i * g.strideH) * cols * cIn
      loops.filter({ x: from, ldx: g.strideW * cIn, d: d + (b * ho + i) * wo * cOut, ldd: cOut, out, ldw: cOut, m: wo, fh, ldr: cols * cIn, k: fw * cIn, n: cOut })
    }
  }
  backend.disposeData(frame.dataId)
  return dW
}
