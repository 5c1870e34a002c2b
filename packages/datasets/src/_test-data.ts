// Test helpers (never exported from the package): the numbers the dataset READMEs state, read from their
// markdown tables so the tests compare with the README itself.
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { datasetPath } from '@aedetect/test-data'

/**
 * The rows of every markdown table in `<dataset>/README.md` of the data directory whose first cell matches
 * `firstCell`, as trimmed cells. ECG5000's README ships with the bundled copy (data/README.md).
 */
export function readmeRows(dataset: string, firstCell: RegExp): string[][] {
  const path = dataset === 'ecg5000' ? fileURLToPath(new URL('../data/README.md', import.meta.url)) : datasetPath(dataset, 'README.md')
  const text = readFileSync(path, 'utf8')
  return text
    .split('\n')
    .filter((line) => line.startsWith('|'))
    .map((line) => line.split('|').slice(1, -1).map((cell) => cell.trim()))
    .filter((cells) => firstCell.test(cells[0]))
}

/** A README number such as `1,128,500`, `2.29%` or `9.61%` as a number (percent signs dropped). */
export function readmeNumber(cell: string): number {
  return Number(cell.replace(/[,%*]/g, '').replace(/\s*\(.*\)$/, ''))
}

/**
 * Number of positions where two arrays differ (a length difference counts as that many). vitest's
 * `toEqual` walks large typed arrays slowly; this keeps the data tests fast and the failure readable.
 */
export function mismatches(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let count = Math.abs(a.length - b.length)
  const n = Math.min(a.length, b.length)
  for (let i = 0; i < n; i++) if (a[i] !== b[i] && !(a[i] !== a[i] && b[i] !== b[i])) count++
  return count
}

/** The `code` and `message` of what `run` throws (or rejects with); fails the test when nothing is thrown. */
export async function caught(run: () => unknown): Promise<{ code: string; message: string }> {
  try {
    await run()
  } catch (error) {
    return { code: (error as { code?: string }).code ?? 'none', message: (error as Error).message }
  }
  throw new Error('expected an error, but none was thrown')
}

/** Synchronous {@link caught}. */
export function thrown(run: () => unknown): { code: string; message: string } {
  try {
    run()
  } catch (error) {
    return { code: (error as { code?: string }).code ?? 'none', message: (error as Error).message }
  }
  throw new Error('expected an error, but none was thrown')
}
