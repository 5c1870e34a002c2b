// A zero-padded copy of an NHWC tensor on the wasm backend's heap, the frame the SIMD row loops read windows
// from (every window of a row then lies inside it: fh runs of contiguous floats).
import type { TensorInfo } from '@tensorflow/tfjs'
import type { WasmBackend } from '../_backends'

/**
 * `source` [n, rows, cols, channels] into a scratch tensor [n, frameRows, frameCols, channels] at (top, left),
 * clipped to the frame, zeros around it (only the frame is zeroed: filling all of it cost as much as the copy).
 * The caller disposes the result.
 */
export function padded(backend: WasmBackend, source: TensorInfo, frameRows: number, frameCols: number, top: number, left: number): TensorInfo {
  const [n, rows, cols, channels] = source.shape
  const frame = backend.makeOutput([n * frameRows * frameCols * channels], 'float32')
  // Views on the wasm heap only after the last allocation: an allocation can grow (replace) the heap.
  const from = backend.typedArrayFromHeap(source)
  const to = backend.typedArrayFromHeap(frame)
  const width = Math.min(cols, frameCols - left) * channels
  const rowFloats = frameCols * channels
  const [before, after] = [left * channels, rowFloats - left * channels - width]
  for (let b = 0; b < n; b++) {
    const image = b * frameRows * rowFloats
    const last = Math.min(rows, frameRows - top)
    to.fill(0, image, image + top * rowFloats)
    to.fill(0, image + (top + last) * rowFloats, image + frameRows * rowFloats)
    for (let r = 0; r < last; r++) {
      const start = image + (r + top) * rowFloats
      if (before > 0) to.fill(0, start, start + before)
      to.set(from.subarray((b * rows + r) * cols * channels, (b * rows + r) * cols * channels + width), start + before)
      if (after > 0) to.fill(0, start + before + width, start + rowFloats)
    }
  }
  return frame
}

/** Where `t`'s data starts on the heap, in floats (read after the last allocation: one can move the heap). */
export function heapOffset(backend: WasmBackend, t: TensorInfo): number {
  return backend.typedArrayFromHeap(t).byteOffset / 4
}
