// EXPERIMENT
import type { NamedAttrMap, TensorInfo } from '@tensorflow/tfjs'
import { callKernel } from './_backends'
import type { KernelArgs, WasmBackend } from './_backends'
import { convGeometry } from './_conv-geometry'

export function wasmConv2DBackpropFilterGemm(args: KernelArgs<WasmBackend>): TensorInfo {
  const { inputs, backend } = args
  const attrs = args.attrs as NamedAttrMap
  const { x, dy } = inputs
  const g = convGeometry(x.shape, attrs.filterShape as number[], attrs)
  const pixels = g.n * g.ho * g.wo
  const k = g.fh * g.fw * g.cIn
  const cols = backend.makeOutput([1, pixels, k], 'float32')
  const xv = backend.typedArrayFromHeap(x)
  const colv = backend.typedArrayFromHeap(cols)
  colv.fill(0)
  let row = 0
  for (let b = 0; b < g.n; b++) {
    for (let oh = 0; oh < g.ho; oh++) {
      for (let ow = 0; ow < g.wo; ow++, row += k) {
        for (let i = 0; i < g.fh; i++) {
          const r = oh * g.strideH + i - g.padTop
          if (r < 0 || r >= g.h) continue
          for (let j = 0; j < g.fw; j++) {
            const c = ow * g.strideW + j - g.padLeft
            if (c < 0 || c >= g.w) continue
            const from = ((b * g.h + r) * g.w + c) * g.cIn
            const to = row + (i * g.fw + j) * g.cIn
            for (let ci = 0; ci < g.cIn; ci++) colv[to + ci] = xv[from + ci]
          }
        }
      }
    }
  }
  const dyT = callKernel('Transpose', 'wasm', { inputs: { x: { dataId: dy.dataId, shape: [pixels, g.cOut], dtype: 'float32' } }, backend, attrs: { perm: [1, 0] } })
  const prod = callKernel('BatchMatMul', 'wasm', { inputs: { a: { ...dyT, shape: [1, g.cOut, pixels] }, b: cols }, backend, attrs: { transposeA: false, transposeB: false } })
  backend.disposeData(dyT.dataId)
  backend.disposeData(cols.dataId)
  const out = callKernel('Transpose', 'wasm', { inputs: { x: { ...prod, shape: [g.cOut, k] } }, backend, attrs: { perm: [1, 0] } })
  backend.disposeData(prod.dataId)
  return { ...out, shape: attrs.filterShape as number[] }
}
