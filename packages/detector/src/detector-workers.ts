import { createRequire } from 'node:module'
import { availableParallelism } from 'node:os'
import { Worker } from 'node:worker_threads'
import { AedetectError, type AedetectErrorCode } from '@aedetect/core'
import { hasFastKernels, type BackendName } from '@aedetect/models'
import { getBackend } from '@tensorflow/tfjs'
import { DETECTOR_WORKER_SOURCE } from './_detector-workers-source'

/**
 * How a worker turns a text chunk into rows: the named export of a CommonJS module (an absolute path), called as
 * `fn(text, options)` and returning `{ x: Samples }`, e.g. `parseCsv` of `@aedetect/datasets` (resolve its path
 * with `createRequire(import.meta.url).resolve('@aedetect/datasets')`).
 */
export interface DetectorWorkersParser {
  /** Absolute path of the CommonJS module. */
  module: string
  /** Name of the export to call. */
  name: string
  /** Second argument of the call (structured-cloneable). */
  options?: unknown
  /** Message of the `E_FEATURE_COUNT` error for a chunk whose rows are not the detector's width; `{got}` is replaced by the width found. */
  widthMessage: string
}

/** Options of {@link openDetectorWorkers}. */
export interface DetectorWorkersOptions {
  /** Worker threads. Default `os.availableParallelism()`. More than that is allowed (reported through `onWarning`). */
  workers?: number
  /**
   * tfjs backend of the workers. Default: the backend running in the calling thread (`tf.getBackend()`), so
   * the workers' scores equal the caller's bit for bit (same kernels, same batches).
   */
  backend?: BackendName
  /** Register `registerFastKernels()` of `@aedetect/models` in each worker. Default: whether they are active in the calling thread. */
  fastKernels?: boolean
  /** Needed to send text chunks ({@link DetectorWorkers.scoreText}). Default: none. */
  parser?: DetectorWorkersParser
  /** Called once with a one-line message when `workers` exceeds the cores (`os.availableParallelism()`). */
  onWarning?: (message: string) => void
}

/** The result of one chunk: its scores (higher = more anomalous; anomalous when `score >= threshold`). */
export interface WorkerScores {
  scores: Float32Array
  rows: number
}

/**
 * Worker threads that each loaded one detector folder; see {@link openDetectorWorkers}. Chunks go to the first
 * idle worker; each call's promise resolves with that chunk's scores, so a caller that awaits the calls in
 * the order it made them keeps the input order.
 */
export interface DetectorWorkers {
  /** Worker threads running. */
  readonly workers: number
  /** The tfjs backend they run. */
  readonly backend: BackendName
  /** Scores `rows` samples (`data` holds `rows × sample size` values, row-major; it is transferred, not copied). */
  score(data: Float32Array, rows: number): Promise<WorkerScores>
  /** Parses `text` with the `parser` option, drops its first `skipRows` rows, scores the rest (`text` is transferred). */
  scoreText(text: Uint8Array, skipRows: number): Promise<WorkerScores>
  /** Stops the workers; pending calls reject with `E_ABORTED`. */
  close(): Promise<void>
}

interface Task { id: number; message: Record<string, unknown>; transfer: ArrayBuffer[]; resolve: (r: WorkerScores) => void; reject: (e: unknown) => void }
interface Reply { id: number; scores?: Float32Array; rows?: number; error?: { code: string; message: string } }

// A worker's error keeps its code and message; an error without an aedetect code (a tfjs failure) is E_BACKEND.
const fromWorker = (error: { code: string; message: string } | undefined, fallback: string): AedetectError =>
  new AedetectError((error?.code.startsWith('E_') && error.code !== 'E_WORKER' ? error.code : 'E_BACKEND') as AedetectErrorCode, error?.message ?? fallback)

/**
 * Starts `workers` threads that each load the detector folder `dir` (saved by `saveDetector`) once on the given
 * backend, for scoring large inputs on every core. Resolves when every worker is ready. Scores equal
 * `detector.score` in the calling thread on the same backend and the same chunks, bit for bit.
 * Throws `E_OPTION` (workers not a positive integer; a backend a worker cannot run), and what `loadDetector`
 * throws for the folder (`E_NOT_FOUND`, `E_FORMAT`, `E_CORRUPT`…), with its code and message.
 */
export async function openDetectorWorkers(dir: string, options: DetectorWorkersOptions = {}): Promise<DetectorWorkers> {
  const cores = availableParallelism()
  const count = options.workers ?? cores
  if (!Number.isInteger(count) || count < 1) {
    throw new AedetectError('E_OPTION', `openDetectorWorkers(): workers is ${String(count)}; expected a positive integer number of worker threads (this machine has ${cores} cores).`)
  }
  if (count > cores) options.onWarning?.(`${count} worker threads on ${cores} cores: the threads share the cores, so expect no gain beyond ${cores}.`)
  const backend = options.backend ?? (getBackend() as BackendName)
  const fastKernels = options.fastKernels ?? ((backend === 'cpu' || backend === 'wasm') && hasFastKernels(backend))
  const resolve = createRequire(import.meta.url).resolve
  const workerData = {
    dir,
    backend,
    fastKernels,
    parser: options.parser,
    paths: { tfjs: resolve('@tensorflow/tfjs'), models: resolve('@aedetect/models'), detector: resolve('@aedetect/detector/node') },
  }
  const threads: Worker[] = []
  const idle: Worker[] = []
  const queue: Task[] = []
  const running = new Map<Worker, Task>()
  let nextId = 0
  let closed: AedetectError | undefined
  let stopping = false

  const dispatch = (): void => {
    while (idle.length > 0 && queue.length > 0) {
      const worker = idle.pop() as Worker
      const task = queue.shift() as Task
      running.set(worker, task)
      worker.postMessage(task.message, task.transfer)
    }
  }
  const failAll = (error: AedetectError): void => {
    closed ??= error
    for (const task of [...running.values(), ...queue.splice(0)]) task.reject(error)
    running.clear()
  }
  const start = (): Promise<void> => new Promise((ready, fail) => {
    const worker = new Worker(DETECTOR_WORKER_SOURCE, { eval: true, workerData })
    threads.push(worker)
    worker.once('message', (first: { ready: boolean; error?: { code: string; message: string } }) => {
      if (!first.ready) return fail(fromWorker(first.error, 'openDetectorWorkers(): a worker thread failed to start.'))
      worker.on('message', (reply: Reply) => {
        const task = running.get(worker)
        running.delete(worker)
        idle.push(worker)
        if (task) {
          if (reply.error) task.reject(fromWorker(reply.error, 'a worker thread failed.'))
          else task.resolve({ scores: reply.scores as Float32Array, rows: reply.rows as number })
        }
        dispatch()
      })
      idle.push(worker)
      ready()
    })
    // A worker that ends without an error event (out of memory, process.exit in a parser) fails what waits.
    worker.on('exit', (code) => {
      if (stopping) return
      const error = new AedetectError('E_BACKEND', `openDetectorWorkers(): a scoring worker thread exited (code ${code}) before its work was done. Rerun with one worker to see whether the input or the threads are at fault.`)
      fail(error)
      failAll(error)
    })
    worker.on('error', (cause) => {
      const error = new AedetectError('E_BACKEND', `openDetectorWorkers(): a scoring worker thread stopped: ${cause.message}. Rerun with one worker to see whether the input or the threads are at fault.`, { cause })
      fail(error)
      failAll(error)
    })
  })
  try {
    await Promise.all(Array.from({ length: count }, start))
  } catch (error) {
    stopping = true
    await Promise.all(threads.map((t) => t.terminate()))
    throw error
  }

  const submit = (message: Record<string, unknown>, transfer: ArrayBuffer[]): Promise<WorkerScores> => new Promise((resolveTask, reject) => {
    if (closed) return reject(closed)
    queue.push({ id: nextId++, message, transfer, resolve: resolveTask, reject })
    dispatch()
  })
  return {
    workers: count,
    backend,
    score: (data, rows) => submit({ data, rows }, [data.buffer as ArrayBuffer]),
    scoreText: (text, skipRows) => {
      if (!options.parser) return Promise.reject(new AedetectError('E_OPTION', `scoreText(): these workers have no parser. Pass the parser option to openDetectorWorkers().`))
      return submit({ text, skipRows }, [text.buffer as ArrayBuffer])
    },
    close: async () => {
      stopping = true
      failAll(new AedetectError('E_ABORTED', `DetectorWorkers: the workers were closed before this chunk was scored.`))
      await Promise.all(threads.map((t) => t.terminate()))
    },
  }
}
