// The products of the fused trainers (dense, LSTM) and of their scoring passes: the float32 SIMD kernel of @aedetect/tfjs-kernels on both
// backends the runners run on. At the dense autoencoder's shapes it measured 18 GFLOP/s against 6 for the wasm
// backend's XNNPACK (whose per-call packing and heap copies dominate at these sizes) and 8 for the float64
// SIMD kernel the cpu used (batch 512, forward and backward products, copies included; issue 22). The LSTM's
// per-step products ([32, 64] × [64, 256]) gain too: its training ran ~1.4× faster on both backends.
// Training stays reproducible (the kernel is deterministic) and follows model.fit within float32 rounding;
// where WebAssembly SIMD cannot compile, the backend's own products run.
import { fusedMatmulForBackend, simdF32FusedMatmul, type FusedMatmul } from '@aedetect/tfjs-kernels'

/** The products for one epoch of a fused trainer, or one scoring call, on the current backend. */
export function trainingMatmul(): FusedMatmul {
  return simdF32FusedMatmul() ?? fusedMatmulForBackend()
}
