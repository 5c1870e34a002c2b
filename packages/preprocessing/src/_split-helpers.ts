// Size rules and small array helpers shared by the split functions.
import { AedetectError, toLabels } from '@aedetect/core'
import type { Labels } from '@aedetect/core'
import type { ClassCounts } from './train-validation-test-split'

/**
 * `fraction · n` rounded up (scikit-learn's `ceil(test_size · n)`), after rounding the product to 9 decimals so
 * float noise does not add a row: 0.1 · 30 = 3.0000000000000004 gives 3, where scikit-learn gives 4.
 */
export function ceilCount(fraction: number, n: number): number {
  return Math.ceil(Math.round(fraction * n * 1e9) / 1e9)
}

/** `fraction · n` rounded down, with the same 9-decimal rounding as {@link ceilCount}. */
export function floorCount(fraction: number, n: number): number {
  return Math.floor(Math.round(fraction * n * 1e9) / 1e9)
}

/** A sorted copy of `rows` as a Uint32Array. */
export function sortedRows(rows: ArrayLike<number>): Uint32Array {
  return Uint32Array.from(rows).sort()
}

/** The numbers `start … end − 1`. */
export function rangeRows(start: number, end: number): Uint32Array {
  const rows = new Uint32Array(Math.max(0, end - start))
  for (let i = 0; i < rows.length; i++) rows[i] = start + i
  return rows
}

/** Validated, non-empty labels. */
export function splitLabels(labels: ArrayLike<number>, where: string): Labels {
  if (labels === null || typeof labels !== 'object' || typeof labels.length !== 'number') {
    throw new AedetectError('E_LABELS', `${where}: labels must be a Uint8Array or an array of 0/1, one per row.`)
  }
  if (labels.length === 0) {
    throw new AedetectError('E_EMPTY', `${where}: got no labels. Pass one label (0 = normal, 1 = anomaly) per row.`)
  }
  return toLabels(labels, where)
}

/**
 * Splits `total` rows over classes in proportion to `classCounts`: each class gets the floor of its exact share,
 * and the rows left over go to the classes with the largest fractional parts (ties: the larger class, then the
 * lower label). The result never exceeds a class's count.
 */
export function allocate(total: number, classCounts: readonly number[]): number[] {
  const n = classCounts.reduce((a, b) => a + b, 0)
  const exact = classCounts.map((c) => (n === 0 ? 0 : (total * c) / n))
  const result = exact.map((e) => Math.floor(Math.round(e * 1e9) / 1e9))
  let left = total - result.reduce((a, b) => a + b, 0)
  const order = classCounts
    .map((c, i) => i)
    .sort((a, b) => exact[b] - result[b] - (exact[a] - result[a]) || classCounts[b] - classCounts[a] || a - b)
  for (let j = 0; left > 0 && j < order.length * 2; j++) {
    const c = order[j % order.length]
    if (result[c] < classCounts[c]) {
      result[c]++
      left--
    }
  }
  return result
}

/** Counts the normal and anomalous rows among `rows`. */
export function countClasses(labels: Labels, rows: ArrayLike<number>): ClassCounts {
  let anomalous = 0
  for (let i = 0; i < rows.length; i++) anomalous += labels[rows[i]]
  return { normal: rows.length - anomalous, anomalous }
}

/** Throws `E_OPTION` when the train or the test part would hold no row. */
export function expectNonEmptyParts(nTrain: number, nTest: number, n: number, testFraction: number, where: string): void {
  if (nTrain < 1 || nTest < 1) {
    throw new AedetectError('E_OPTION', `${where}: testFraction ${testFraction} of ${n} rows gives ${nTrain} training and ${nTest} test rows; both parts need at least one row. Change testFraction or pass more rows.`)
  }
}

/**
 * Walks `order` and takes each class's share of `count` rows (in `order`), the rest go to `rest`.
 * Both results keep the order of `order`.
 */
export function takeStratified(labels: Uint8Array, order: ArrayLike<number>, count: number): { first: Uint32Array; rest: Uint32Array } {
  const classCounts = [0, 0]
  for (let i = 0; i < order.length; i++) classCounts[labels[order[i]]]++
  const quota = allocate(count, classCounts)
  const first = new Uint32Array(count)
  const rest = new Uint32Array(order.length - count)
  let f = 0
  let r = 0
  for (let i = 0; i < order.length; i++) {
    const row = order[i]
    const c = labels[row]
    if (quota[c] > 0) {
      quota[c]--
      first[f++] = row
    } else {
      rest[r++] = row
    }
  }
  return { first, rest }
}
