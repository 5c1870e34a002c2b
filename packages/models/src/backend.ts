import * as tf from '@tensorflow/tfjs'
import { AedetectError } from '@aedetect/core'

/** The backends aedetect chooses between. */
export type BackendName = 'tensorflow' | 'wasm' | 'cpu'

/** Options of {@link initBackend}. */
export interface BackendOptions {
  /** `'auto'` tries tfjs-node (`'tensorflow'`, Node only), then `'wasm'`, then `'cpu'`. Default `'auto'`. */
  backend?: 'auto' | BackendName
  /** Called once when `'auto'` falls back to a slower backend, with the reason. Default: none. */
  onWarning?: (message: string) => void
  /** Folder (URL or path, ending in `/`) holding the `.wasm` files. Default: the package's `dist/` folder in Node, tfjs's default in a browser. */
  wasmPaths?: string
}

/** One backend tried by {@link initBackend}. */
export interface BackendAttempt {
  name: BackendName
  ok: boolean
  /** Why it failed. */
  reason?: string
}

/** What {@link initBackend} chose, and why the backends before it were not used. */
export interface BackendReport {
  name: BackendName
  attempts: BackendAttempt[]
  /** Whether the wasm backend runs with SIMD (only for `'wasm'`). */
  simd?: boolean
}

const PACKAGES: Record<BackendName, string> = {
  tensorflow: '@tensorflow/tfjs-node',
  wasm: '@tensorflow/tfjs-backend-wasm',
  cpu: '@tensorflow/tfjs',
}

const reports = new Map<string, Promise<BackendReport>>()

const isNode = (): boolean => typeof process !== 'undefined' && typeof process.versions?.node === 'string'

const NODE_MODULE = 'node:module'

// A specifier held in a variable keeps bundlers from resolving optional peers at build time. In Node the
// (CommonJS) backends are required: import() sends them through the ESM loader, which parses the 2 MB
// tfjs-backend-wasm file once more (+7 MB of start-up RSS).
async function importOptional(specifier: string): Promise<unknown> {
  if (!isNode()) return import(/* @vite-ignore */ specifier)
  const { createRequire } = (await import(/* @vite-ignore */ NODE_MODULE)) as typeof import('node:module')
  return createRequire(import.meta.url)(specifier)
}

function message(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error)
  return text.split('\n')[0]
}

async function nodeWasmFolder(): Promise<string> {
  const { createRequire } = (await import(/* @vite-ignore */ NODE_MODULE)) as typeof import('node:module')
  const { dirname, sep } = (await importOptional('node:path')) as typeof import('node:path')
  const require = createRequire(import.meta.url)
  return dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm')) + sep
}

async function tryBackend(name: BackendName, options: BackendOptions): Promise<BackendAttempt> {
  try {
    if (name === 'tensorflow') {
      if (!isNode()) return { name, ok: false, reason: 'tfjs-node runs only in Node' }
      // Requiring tfjs-node without its native addon throws a plain Error synchronously; import() turns it into a rejection.
      await importOptional(PACKAGES.tensorflow)
    } else if (name === 'wasm' && (isNode() || !tf.findBackendFactory('wasm'))) {
      // A bundled browser app registers the wasm backend by importing it (and points it at its .wasm files):
      // there a run-time import of the bare package name cannot resolve, and is not needed.
      const wasm = (await importOptional(PACKAGES.wasm)) as { setWasmPaths(prefix: string): void }
      const folder = options.wasmPaths ?? (isNode() ? await nodeWasmFolder() : undefined)
      if (folder !== undefined) wasm.setWasmPaths(folder)
    }
    if (tf.getBackend() !== name || tf.engine().backendName !== name) {
      const ok = await tf.setBackend(name)
      if (!ok) return { name, ok: false, reason: `tf.setBackend('${name}') returned false` }
    }
    await tf.ready()
    return { name, ok: true }
  } catch (error) {
    return { name, ok: false, reason: message(error) }
  }
}

async function select(options: BackendOptions): Promise<BackendReport> {
  const requested = options.backend ?? 'auto'
  if (requested !== 'auto' && !(requested in PACKAGES)) {
    throw new AedetectError('E_OPTION', `initBackend(): backend must be one of 'auto' | 'tensorflow' | 'wasm' | 'cpu', got '${String(requested)}'.`)
  }
  const order: BackendName[] = requested === 'auto' ? ['tensorflow', 'wasm', 'cpu'] : [requested]
  const attempts: BackendAttempt[] = []
  for (const name of order) {
    const attempt = await tryBackend(name, options)
    attempts.push(attempt)
    if (!attempt.ok) continue
    const report: BackendReport = { name, attempts }
    if (name === 'wasm') report.simd = Boolean(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'))
    if (requested === 'auto' && attempts.length > 1 && options.onWarning) {
      const failed = attempts.filter((a) => !a.ok).map((a) => `${a.name} (${a.reason})`).join('; ')
      options.onWarning(`Running TensorFlow.js on the '${name}' backend; not available: ${failed}.`)
    }
    return report
  }
  const failed = attempts[0]
  throw new AedetectError('E_BACKEND', `initBackend(): the '${failed.name}' backend could not start: ${failed.reason}. Install ${PACKAGES[failed.name]} (a peer dependency of @aedetect/models) or pass backend: 'auto'.`)
}

/**
 * Selects the TensorFlow.js backend, once per requested backend (later calls return the same report).
 * `'auto'` (default) tries tfjs-node where it loads, else wasm (`@tensorflow/tfjs-backend-wasm`), else
 * cpu, and reports the fallback through `onWarning` and the returned `attempts`. Nothing runs at import time.
 * @throws AedetectError `E_BACKEND` when a forced backend cannot start, naming the package to install;
 *   `E_OPTION` for an unknown backend name.
 */
export async function initBackend(options: BackendOptions = {}): Promise<BackendReport> {
  const key = options.backend ?? 'auto'
  let pending = reports.get(key)
  if (pending && tf.getBackend() !== (await pending.catch(() => null))?.name) pending = undefined
  if (!pending) {
    pending = select(options)
    reports.set(key, pending)
    pending.catch(() => reports.delete(key))
  }
  return pending
}
