// cpu ResizeNearestNeighborGrad. The stock tfjs-cpu 4.22 kernel offsets dy by the IMAGE's batch stride
// (h*w*c) instead of dy's (newH*newW*c), so every batch item after the first receives the gradient of the
// wrong pixels (wasm's kernel is right). Conv autoencoders that upsample then train wrongly on cpu.
// This one is the exact adjoint of tfjs-cpu's forward ResizeNearestNeighbor: each dy pixel is added to the
// source pixel the forward pass copied it from (same alignCorners / halfPixelCenters rules).
import type { NamedAttrMap, TensorInfo } from '@tensorflow/tfjs'
import type { CpuBackend, KernelArgs } from '../_backends'

function sourceIndex(target: number, ratio: number, size: number, alignCorners: boolean, halfPixelCenters: boolean): number {
  const fraction = halfPixelCenters ? ratio * (target + 0.5) : ratio * target
  const nearest = Math.min(size - 1, alignCorners ? Math.round(fraction) : Math.floor(fraction))
  return halfPixelCenters ? Math.max(0, nearest) : nearest
}

/** Kernel function of the corrected cpu `ResizeNearestNeighborGrad` (inputs `images`, `dy`). */
export function cpuResizeNearestNeighborGrad(args: KernelArgs<CpuBackend>): TensorInfo {
  const { inputs, backend } = args
  const attrs = args.attrs as NamedAttrMap
  const alignCorners = attrs.alignCorners === true
  const halfPixelCenters = attrs.halfPixelCenters === true
  const { images, dy } = inputs
  const [batch, height, width, depth] = images.shape
  const [, newHeight, newWidth] = dy.shape
  const dyv = backend.data.get(dy.dataId).values
  const rowRatio = (alignCorners && newHeight > 1 ? height - 1 : height) / (alignCorners && newHeight > 1 ? newHeight - 1 : newHeight)
  const colRatio = (alignCorners && newWidth > 1 ? width - 1 : width) / (alignCorners && newWidth > 1 ? newWidth - 1 : newWidth)
  const sourceCols = new Int32Array(newWidth)
  for (let c = 0; c < newWidth; c++) sourceCols[c] = sourceIndex(c, colRatio, width, alignCorners, halfPixelCenters)
  const sums = new Float64Array(batch * height * width * depth)
  let from = 0
  for (let b = 0; b < batch; b++) {
    for (let r = 0; r < newHeight; r++) {
      const rowOffset = (b * height + sourceIndex(r, rowRatio, height, alignCorners, halfPixelCenters)) * width
      for (let c = 0; c < newWidth; c++) {
        const to = (rowOffset + sourceCols[c]) * depth
        for (let d = 0; d < depth; d++) sums[to + d] += dyv[from++]
      }
    }
  }
  return backend.makeTensorInfo(images.shape, 'float32', Float32Array.from(sums))
}
