// Named imports: each `import * as tf` becomes its own namespace copy in the CommonJS bundle (~0.4 MB of start-up RSS).
import { getBackend, type LayersModel } from '@tensorflow/tfjs'

// Rows per forward pass when the caller gives no batch size, per backend. On wasm each predict call costs a
// fixed overhead that large batches amortise: the peers' dense ECG model scores ~0.6 M rows per CPU-second at
// 1,024 and ~0.9 M at 2,048-16,384 (issue 7: 8,192 reaches 64 % of PyTorch); tfjs-node behaves alike. On cpu the
// kernels are plain JS loops and 1,024-4,096 fit the cache best (37-39 k rows/s; 8,192 drops to 34 k). Plain
// dense stacks score through the fused pass there, flat from 128 to 2,048 rows (~300 k rows per CPU-second with
// its SIMD products; 8,192: -7 %), so 1,024 suits both.
const DEFAULT_ROWS: Record<string, number> = { wasm: 8192, tensorflow: 8192, cpu: 1024 }
const OTHER_BACKEND_ROWS = 1024

// A default batch never makes one activation tensor larger than this many float32 values (16 MB): the
// Conv2D default's 28×28×16 activations at 8,192 rows would take 411 MB each.
const MAX_ACTIVATION_VALUES = 1 << 22

/** The values per sample of the widest layer output of `model` (its input included). */
function widestActivation(model: LayersModel): number {
  let widest = 1
  const consider = (shape: Array<number | null>): void => {
    let size = 1
    for (const d of shape.slice(1)) size *= d ?? 1
    widest = Math.max(widest, size)
  }
  for (const input of model.inputs) consider(input.shape)
  for (const layer of model.layers) {
    const shapes = layer.outputShape
    if (Array.isArray(shapes[0])) for (const s of shapes as Array<Array<number | null>>) consider(s)
    else consider(shapes as Array<number | null>)
  }
  return widest
}

/**
 * The batch size inference uses when the caller gives none: the current backend's default rows
 * (wasm and tensorflow 8,192, cpu and others 1,024), lowered so no activation of `model` exceeds 16 MB.
 */
export function defaultInferenceBatch(model: LayersModel, backend: string = getBackend()): number {
  const rows = DEFAULT_ROWS[backend] ?? OTHER_BACKEND_ROWS
  return Math.max(1, Math.min(rows, Math.floor(MAX_ACTIVATION_VALUES / widestActivation(model))))
}
