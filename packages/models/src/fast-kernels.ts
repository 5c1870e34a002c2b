// The registration of @aedetect/tfjs-kernels under the names @aedetect/models exported before the kernels
// became a package of their own (issue 22); kept so existing callers keep working.
import { hasKernels, registerKernels, unregisterKernels } from '@aedetect/tfjs-kernels'
import type { KernelBackend, KernelsOptions, KernelsReport, RegisteredKernel, SkippedKernelBackend } from '@aedetect/tfjs-kernels'

/** A backend the fast kernels exist for: `'cpu' | 'wasm'`. Same as `KernelBackend` of `@aedetect/tfjs-kernels`. */
export type FastKernelBackend = KernelBackend
/** One fast kernel in place. Same as `RegisteredKernel` of `@aedetect/tfjs-kernels`. */
export type RegisteredFastKernel = RegisteredKernel
/** A requested backend that got no fast kernels, and why. Same as `SkippedKernelBackend` of `@aedetect/tfjs-kernels`. */
export type SkippedFastKernelBackend = SkippedKernelBackend
/** What {@link registerFastKernels} left in place. Same as `KernelsReport` of `@aedetect/tfjs-kernels`. */
export type FastKernelsReport = KernelsReport
/** `backends`, default `['cpu', 'wasm']`. Same as `KernelsOptions` of `@aedetect/tfjs-kernels`. */
export type FastKernelsOptions = KernelsOptions

/**
 * Registers the fast and corrected tfjs kernels of `@aedetect/tfjs-kernels` (its `registerKernels`):
 * process-wide, idempotent, nothing on import. See that package's README for the list.
 *
 * @returns every fast kernel in place on the requested backends, and the backends skipped with the reason.
 * @throws AedetectError `E_OPTION` when `backends` names a backend other than 'cpu' or 'wasm'.
 */
export function registerFastKernels(options?: FastKernelsOptions): FastKernelsReport {
  return registerKernels(options)
}

/** True when every fast kernel of `backend` is in place (`hasKernels` of `@aedetect/tfjs-kernels`). */
export function hasFastKernels(backend: FastKernelBackend): boolean {
  return hasKernels(backend)
}

/**
 * Puts the stock tfjs kernels back (`unregisterKernels` of `@aedetect/tfjs-kernels`).
 *
 * @throws AedetectError `E_OPTION` when `backends` names a backend other than 'cpu' or 'wasm'.
 */
export function unregisterFastKernels(options?: FastKernelsOptions): void {
  unregisterKernels(options)
}
