// The training worker: the wasm backend, the fast kernels and the whole experiment run here, so the page keeps
// drawing (issue 20: training on the main thread froze it for seconds). The fitted detector goes back as the
// single-file artifact of @aedetect/detector, the evaluation as plain data.
import { detectorToFile } from '@aedetect/detector'
import { trainDemo } from './run-demo'
import { trainSeriesDemo } from './run-series'
import { startWasmBackend } from './wasm-backend'
import type { FromWorker, ToWorker } from './worker-protocol'
import type { EpochProgress } from '@aedetect/models'

let controller: AbortController | null = null
// Epochs ended in the training under way: what `stop-seen` reports (the page's own count lags by the epoch
// messages still in flight, more than one when the machine is busy and epochs are short).
let epochsEnded = 0
const scope = self as unknown as { onmessage: ((event: MessageEvent<ToWorker>) => void) | null; postMessage: (message: FromWorker) => void }
async function train(message: Extract<ToWorker, { type: 'train' | 'train-series' }>): Promise<void> {
  const own = new AbortController()
  controller = own
  epochsEnded = 0
  const onEpochEnd = (progress: EpochProgress): void => {
    epochsEnded = progress.epoch
    scope.postMessage({ type: 'epoch', progress })
  }
  try {
    scope.postMessage({ type: 'backend', backend: await startWasmBackend() })
    if (message.type === 'train-series') {
      const result = await trainSeriesDemo({ seed: message.seed, signal: own.signal, onEpochEnd })
      scope.postMessage({ type: 'series-done', result })
      return
    }
    const { detector, result } = await trainDemo(message.data, {
      epochs: message.epochs,
      seed: message.seed,
      signal: own.signal,
      onEpochEnd,
    })
    try {
      scope.postMessage({ type: 'done', result, file: await detectorToFile(detector) })
    } finally {
      detector.dispose()
    }
  } catch (error) {
    const code = error instanceof Error && 'code' in error ? String(error.code) : null
    scope.postMessage({ type: 'error', code, message: error instanceof Error ? error.message : String(error) })
  } finally {
    if (controller === own) controller = null
  }
}

scope.onmessage = (event) => {
  if (event.data.type === 'stop') {
    if (controller === null) return
    controller.abort()
    scope.postMessage({ type: 'stop-seen', afterEpoch: epochsEnded })
  } else void train(event.data)
}
