// Test support only (imported by *.test.ts, never by index.ts, so the package stays free of node: imports):
// reads the shared reference fixtures through a path relative to the repo root (../shared), or AEDETECT_SHARED_DIR.
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { AedetectError } from '@aedetect/core'

export function readSharedJson<T = unknown>(relativePath: string): T {
  const dir = process.env.AEDETECT_SHARED_DIR ?? fileURLToPath(new URL('../../../../shared', import.meta.url))
  return JSON.parse(readFileSync(`${dir}/${relativePath}`, 'utf8')) as T
}

/**
 * Largest |actual − expected| / max(1, |expected|) over two equally long arrays (relative error for large
 * values, absolute for small ones); Infinity when the lengths differ.
 */
export function maxError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  if (actual.length !== expected.length) return Number.POSITIVE_INFINITY
  let worst = 0
  for (let i = 0; i < actual.length; i++) {
    const e = Math.abs(actual[i] - expected[i]) / Math.max(1, Math.abs(expected[i]))
    if (!(e <= worst)) worst = Number.isNaN(e) ? Number.POSITIVE_INFINITY : e
  }
  return worst
}

/** Flattens rows to one array. */
export function flat(rows: number[][]): number[] {
  return rows.flat()
}

/** Runs `fn` and returns the AedetectError's code and message as one string (for inline snapshots). */
export function thrown(fn: () => unknown): string {
  try {
    fn()
  } catch (error) {
    if (error instanceof AedetectError) return `${error.code}: ${error.message}`
    throw error
  }
  throw new Error('expected the call to throw an AedetectError, but it returned')
}
