import { initBackend, registerFastKernels } from '@aedetect/models'
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm'
import wasmUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url'
import wasmSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url'
import wasmThreadedSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url'

/** The backend the demo trains on, as shown on the page. */
export interface BackendInfo {
  name: string
  simd: boolean
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
  // The static import of the wasm package has registered the backend; initBackend uses it as it is.
  const report = await initBackend({ backend: 'wasm' })
  registerFastKernels({ backends: ['wasm'] })
  return { name: report.name, simd: Boolean(report.simd) }
}
