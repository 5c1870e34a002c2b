// Shared by the fused runners (LSTM, dense) and fused scoring. Their buffers depend on the batch size only
// (every batch but an epoch's last has the same one): made once per size and reused, so no batch allocates
// activations, scratch or gradients of its own.
import * as tf from '@tensorflow/tfjs'

/** `make(batch)`, called once per distinct batch size; later calls return the same object. */
export function perBatchSize<T>(make: (batch: number) => T): (batch: number) => T {
  const made = new Map<number, T>()
  return (batch) => {
    let value = made.get(batch)
    if (value === undefined) {
      value = make(batch)
      made.set(batch, value)
    }
    return value
  }
}

/**
 * Whether the fused runners (LSTM and dense training, LSTM scoring) run on `backend`: their products and
 * activation math were written and measured for tfjs-cpu and tfjs-wasm; other backends (tfjs-node, webgl)
 * keep tf.layers' own path.
 */
export function fusedRuns(backend: string = tf.getBackend()): boolean {
  return backend === 'cpu' || backend === 'wasm'
}
