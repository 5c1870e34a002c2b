// Test helper (not exported): switches tfjs to the cpu or wasm backend in Node. The wasm binaries are
// found next to the installed @tensorflow/tfjs-backend-wasm, as ../shared/peers/tfjs_bench.mjs does.
import { createRequire } from 'node:module'
import path from 'node:path'
import * as tf from '@tensorflow/tfjs'

let wasmLoaded = false

/** Loads the backend's package (wasm: once), makes it current and waits for it. */
export async function useBackend(name: 'cpu' | 'wasm'): Promise<void> {
  if (name === 'wasm' && !wasmLoaded) {
    const wasm = await import('@tensorflow/tfjs-backend-wasm')
    const require = createRequire(import.meta.url)
    wasm.setWasmPaths(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm')) + path.sep)
    wasmLoaded = true
  }
  if (!(await tf.setBackend(name))) throw new Error(`setBackend('${name}') failed`)
  await tf.ready()
}

/** Deterministic values in [-1, 1) from a small LCG, so each case is reproducible without tfjs's random ops. */
export function seededValues(size: number, seed: number): Float32Array {
  const out = new Float32Array(size)
  let state = seed >>> 0
  for (let i = 0; i < size; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0
    out[i] = state / 2 ** 31 - 1
  }
  return out
}
