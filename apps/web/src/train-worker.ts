// The training worker: the wasm backend, the fast kernels and the whole experiment run here, so the page keeps
// drawing (issue 20: training on the main thread froze it for seconds). The fitted detector goes back as the
// single-file artifact of @aedetect/detector, the evaluation as plain data.
import { detectorToFile } from '@aedetect/detector'
import { trainDemo } from './run-demo'
import { startWasmBackend } from './wasm-backend'
import type { FromWorker, ToWorker } from './worker-protocol'

const scope = self as unknown as { onmessage: ((event: MessageEvent<ToWorker>) => void) | null; postMessage: (message: FromWorker) => void }
async function train(message: Extract<ToWorker, { type: 'train' }>): Promise<void> {
  try {
    scope.postMessage({ type: 'backend', backend: await startWasmBackend() })
    const { detector, result } = await trainDemo(message.data, {
      epochs: message.epochs,
      seed: message.seed,
      // No AbortSignal: the page stops training by ending this worker (see app.tsx).
      onEpochEnd: (progress) => scope.postMessage({ type: 'epoch', progress }),
    })
    try {
      scope.postMessage({ type: 'done', result, file: await detectorToFile(detector) })
    } finally {
      detector.dispose()
    }
  } catch (error) {
    const code = error instanceof Error && 'code' in error ? String(error.code) : null
    scope.postMessage({ type: 'error', code, message: error instanceof Error ? error.message : String(error) })
  }
}

scope.onmessage = (event) => void train(event.data)
