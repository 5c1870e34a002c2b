import { initBackend, registerFastKernels } from '@aedetect/models'
import * as tf from '@tensorflow/tfjs'
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm'
import wasmUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url'
import wasmSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url'
import wasmThreadedSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url'

/** The backend the demo trains on, as shown on the page. */
export interface BackendInfo {
  name: string
  simd: boolean
  /** How the backend was started: through `initBackend`, or set directly because `initBackend` could not load the package. */
  via: 'initBackend' | 'tf.setBackend'
}

let started: Promise<BackendInfo> | null = null

/**
 * Starts TensorFlow.js on the wasm backend, once. Headless and software-rendered Chromium would pick
 * webgl, ~9× slower than wasm for this training (DEPENDENCIES.md), so the demo asks for wasm explicitly.
 */
export function startWasmBackend(): Promise<BackendInfo> {
  started ??= start().catch((error: unknown) => {
    started = null
    throw error
  })
  return started
}

async function start(): Promise<BackendInfo> {
  // The .wasm files are vite assets with hashed names, so their URLs are given one by one; a folder
  // prefix (initBackend's `wasmPaths`) cannot name them.
  setWasmPaths({
    'tfjs-backend-wasm.wasm': wasmUrl,
    'tfjs-backend-wasm-simd.wasm': wasmSimdUrl,
    'tfjs-backend-wasm-threaded-simd.wasm': wasmThreadedSimdUrl,
  })
  let via: BackendInfo['via'] = 'initBackend'
  try {
    await initBackend({ backend: 'wasm' })
  } catch {
    // initBackend loads the wasm package with import() of its bare name at run time, which a browser cannot
    // resolve in a bundled app; the static import above has registered the backend, so start it directly.
    via = 'tf.setBackend'
    if (!(await tf.setBackend('wasm'))) throw new Error(`The wasm backend of TensorFlow.js did not start in this browser (backend now: ${tf.getBackend()}).`)
    await tf.ready()
  }
  registerFastKernels({ backends: ['wasm'] })
  return { name: tf.getBackend(), simd: Boolean(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')), via }
}
