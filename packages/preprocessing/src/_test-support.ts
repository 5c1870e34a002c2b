// Test support only (imported by *.test.ts, never by index.ts, so the package stays free of node: imports):
// the reference fixtures shipped in fixtures/, and ODDS tables from the data directory (tests that read those
// declare it with describeWith(['odds'], …), so they skip, named, where the data is absent).
import { readFileSync } from 'node:fs'
import { AedetectError } from '@aedetect/core'
import { datasetPath } from '@aedetect/test-data'

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

/** The label column (last, 1 = outlier) of an ODDS table, `<data dir>/odds/<name>.csv`. */
export function readOddsLabels(name: string): Uint8Array {
  const lines = readFileSync(datasetPath('odds', `${name}.csv`), 'utf8').trim().split('\n').slice(1)
  return Uint8Array.from(lines, (line) => Number(line.slice(line.lastIndexOf(',') + 1)))
}

/** true when `a` and `b` together hold each of 0 … n−1 exactly once and each is ascending. */
export function partitions(n: number, ...parts: Uint32Array[]): boolean {
  const seen = new Uint8Array(n)
  for (const part of parts) {
    for (let i = 0; i < part.length; i++) {
      if (part[i] >= n || seen[part[i]] || (i > 0 && part[i] <= part[i - 1])) return false
      seen[part[i]] = 1
    }
  }
  return seen.every((v) => v === 1)
}

/** 10^5 values of 0.5 as [1000, 100] float32 samples, for the noise tests: large enough that sampling error is small against their tolerances (each about 5 standard errors). */
export const halfSamples = { data: new Float32Array(100_000).fill(0.5), shape: [1000, 100] }

/** Element-wise equality (vitest's deep equality is slow on 10^5-element typed arrays). */
export function sameValues(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false
  return true
}

/** Share of the values equal to `value`. */
export function share(data: ArrayLike<number>, value: number): number {
  let count = 0
  for (let i = 0; i < data.length; i++) if (data[i] === value) count++
  return count / data.length
}

/** The feature rows (all columns but the last) of an ODDS table, `<data dir>/odds/<name>.csv`. */
export function readOddsRows(name: string): number[][] {
  const lines = readFileSync(datasetPath('odds', `${name}.csv`), 'utf8').trim().split('\n').slice(1)
  return lines.map((line) => line.split(',').slice(0, -1).map(Number))
}
