// Registry kernels: one call puts them all in place on cpu and wasm.
export type { KernelBackend, KernelsOptions, KernelsReport, RegisteredKernel, SkippedKernelBackend } from './register-kernels'
export { registerKernels, hasKernels, unregisterKernels } from './register-kernels'
// Matrix products over Float32Arrays, for runners that keep their own buffers (aedetect's fused trainers).
export type { FusedMatmul, PreparedMatrix } from './matmul/fused-matmul'
export { fusedMatmulForBackend, jsFusedMatmul, wasmFusedMatmul, transposeInto } from './matmul/fused-matmul'
export { simdFusedMatmul } from './matmul/simd-matmul'
export { simdF32FusedMatmul } from './matmul/simd-f32-matmul'
export type { VectorSigmoid } from './matmul/vector-sigmoid'
export { vectorSigmoidForBackend } from './matmul/vector-sigmoid'
// Adam over Float32Arrays in WebAssembly SIMD (the fused trainers' optimiser step).
export type { AdamUpdater } from './optimizer/simd-adam'
export { createAdamUpdater, jsAdamUpdate } from './optimizer/simd-adam'
// The value-by-value passes of a fused dense step (bias + ReLU, its gradient, dropout) in WebAssembly SIMD.
export type { DensePasses } from './elementwise/simd-dense-passes'
export { simdDensePasses } from './elementwise/simd-dense-passes'
export type { LstmCellPass } from './elementwise/simd-lstm-cell'
export { simdLstmCell } from './elementwise/simd-lstm-cell'
// A dense stack's forward pass and reconstruction errors in one WebAssembly memory (aedetect's dense scoring).
export type { DenseScorer, RowErrorMetric, ScorerActivation, ScorerLayer } from './scoring/simd-dense-scorer'
export { simdDenseScorer } from './scoring/simd-dense-scorer'
// Products over strided windows of one WebAssembly memory (convolutions without im2col: the fused conv1d trainer).
export type { WindowGemm, WindowProduct } from './conv/simd-window-gemm'
export { createWindowGemm } from './conv/simd-window-gemm'
// Bias + activation and the output gradient over a window-product memory's buffers (the fused conv1d trainer).
export type { SeqOperand, SeqPasses, SeqRows } from './conv/simd-seq-passes'
export { simdSeqPasses } from './conv/simd-seq-passes'
// One-column window products (a convolution to one channel) over the same memory.
export type { WindowGemv } from './conv/simd-window-gemv'
export { createWindowGemv } from './conv/simd-window-gemv'
