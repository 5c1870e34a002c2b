// cpu Sum over the leading axes of a float32 tensor (a bias gradient: dy [n, h, w, c] summed to [c]). The
// stock kernel first transposes the reduced axes to the end with a per-element indexToLoc loop, then sums;
// here the rows are added in place. Float64 sums in the same row order as the stock kernel.
import { util } from '@tensorflow/tfjs'
import type { NamedAttrMap, TensorInfo } from '@tensorflow/tfjs'
import type { CpuBackend, KernelArgs } from '../_backends'

/** Kernel function of the fast cpu `Sum` when the reduced axes are exactly the leading ones; else `stock`. */
export function cpuLeadingAxesSum(args: KernelArgs<CpuBackend>, stock: (args: KernelArgs<CpuBackend>) => TensorInfo): TensorInfo {
  const { x } = args.inputs
  const attrs = args.attrs as NamedAttrMap
  if (x.dtype !== 'float32' || x.shape.length < 2) return stock(args)
  const axes = util.parseAxisParam(attrs.axis as number | number[], x.shape).sort((p, q) => p - q)
  if (axes.length === 0 || axes.length === x.shape.length || axes.some((axis, i) => axis !== i)) return stock(args)
  const kept = x.shape.slice(axes.length)
  const inner = kept.reduce((p, q) => p * q, 1)
  const values = args.backend.data.get(x.dataId).values
  const rows = values.length / inner
  const sums = new Float64Array(inner)
  for (let r = 0; r < rows; r++) {
    const offset = r * inner
    for (let j = 0; j < inner; j++) sums[j] += values[offset + j]
  }
  const shape = attrs.keepDims === true ? x.shape.map((d, i) => (i < axes.length ? 1 : d)) : kept
  return args.backend.makeTensorInfo(shape, 'float32', Float32Array.from(sums))
}
