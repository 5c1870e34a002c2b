// Test support. scripts/check-boundaries.mjs lets @aedetect/evaluation import no TensorFlow.js, not even in tests
// (it reaches tfjs through @aedetect/detector and @aedetect/models). tfjs-core keeps its one engine on the global
// object as `_tfengine`; its memory() is what `tf.memory()` returns. If the boundary list ever allows
// '@tensorflow/tfjs' in this package's tests, use `tf.memory().numTensors` instead.

/** Tensors alive in the TensorFlow.js engine (0 before any backend started). */
export function liveTensors(): number {
  const engine = (globalThis as { _tfengine?: { memory(): { numTensors: number } } })._tfengine
  return engine === undefined ? 0 : engine.memory().numTensors
}
