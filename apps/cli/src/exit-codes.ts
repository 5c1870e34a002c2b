/** Exit codes of `aedetect`, documented in the CLI README. */
export const EXIT = {
  ok: 0,
  /** An unexpected failure: a bug; rerun with --verbose and report it. */
  internal: 1,
  /** A usage error: unknown command or option, a bad option value, an output path that would destroy data. */
  usage: 2,
  /** A data error: a missing, malformed or mismatched input file. */
  data: 3,
  /** A model error: a missing, foreign, corrupted or incompatible detector folder; a backend that cannot load. */
  model: 4,
} as const

const DATA_CODES = new Set(['E_EMPTY', 'E_SHAPE', 'E_FEATURE_COUNT', 'E_NOT_FINITE', 'E_RAGGED', 'E_LABELS', 'E_LENGTH_MISMATCH', 'E_PARSE', 'E_CHECKSUM', 'E_SINGLE_CLASS', 'E_NO_ANOMALY', 'E_IO', 'E_DOWNLOAD', 'E_TIMEOUT', 'E_DEGENERATE'])
const MODEL_CODES = new Set(['E_FORMAT', 'E_FORMAT_VERSION', 'E_BACKEND'])

/** The exit code for an AedetectError code (usage for option errors, data or model otherwise). */
export function exitCodeFor(code: string, context: 'data' | 'model' = 'data'): number {
  if (code === 'E_OPTION' || code === 'E_UNSUPPORTED') return EXIT.usage
  if (MODEL_CODES.has(code)) return EXIT.model
  if (DATA_CODES.has(code)) return EXIT.data
  // A missing or damaged file is a model error while loading a detector, a data error for a data file (a truncated .csv.gz).
  if (code === 'E_NOT_FOUND' || code === 'E_CORRUPT') return context === 'model' ? EXIT.model : EXIT.data
  return EXIT.internal
}

const modelErrors = new WeakSet<object>()

/** Marks an error raised while loading a detector, so a missing folder exits with the model code. */
export function asModelError(error: unknown): unknown {
  if (typeof error === 'object' && error !== null) modelErrors.add(error)
  return error
}

/** True when `error` was marked by {@link asModelError}. */
export function isModelError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && modelErrors.has(error)
}
