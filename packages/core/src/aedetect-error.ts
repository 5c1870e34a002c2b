/**
 * Stable error codes. A code never changes meaning; new codes are added, none are reused.
 */
export type AedetectErrorCode =
  | 'E_EMPTY'
  | 'E_SHAPE'
  | 'E_FEATURE_COUNT'
  | 'E_NOT_FINITE'
  | 'E_RAGGED'
  | 'E_LABELS'
  | 'E_LENGTH_MISMATCH'
  | 'E_OPTION'
  | 'E_PARSE'
  | 'E_CHECKSUM'
  | 'E_NOT_FOUND'
  | 'E_FORMAT'
  | 'E_FORMAT_VERSION'
  | 'E_CORRUPT'
  | 'E_BACKEND'
  | 'E_ABORTED'
  | 'E_SINGLE_CLASS'
  | 'E_NO_ANOMALY'
  | 'E_IO'
  | 'E_UNSUPPORTED'
  | 'E_DOWNLOAD'
  | 'E_TIMEOUT'
  /** The data gives a detector nothing to separate (every error equal, or no threshold flags anything). */
  | 'E_DEGENERATE'

/**
 * The one error class of aedetect. `code` is stable and machine-readable; `message` says what is wrong,
 * where, and what to do. The original error, if any, is kept as `cause`.
 */
export class AedetectError extends Error {
  readonly code: AedetectErrorCode

  constructor(code: AedetectErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'AedetectError'
    this.code = code
  }
}

/** True when `error` is an {@link AedetectError}, optionally with the given code. */
export function isAedetectError(error: unknown, code?: AedetectErrorCode): error is AedetectError {
  return error instanceof AedetectError && (code === undefined || error.code === code)
}
