/** Maximal runs of 1s, as parallel arrays of inclusive starts and ends, in order. */
export interface RangeBounds {
  starts: Int32Array
  ends: Int32Array
  count: number
}

/**
 * The runs of 1s in a 0/1 array, in one pass. Unchecked: internal callers pass validated labels or
 * predictions. Buffers are sized for the worst case (alternating points) and viewed to `count`.
 */
export function rangeBounds(values: ArrayLike<number>): RangeBounds {
  const n = values.length
  const cap = (n + 1) >> 1
  const starts = new Int32Array(cap)
  const ends = new Int32Array(cap)
  let count = 0
  let i = 0
  while (i < n) {
    if (values[i] === 1) {
      const s = i
      while (i + 1 < n && values[i + 1] === 1) i++
      starts[count] = s
      ends[count] = i
      count++
    }
    i++
  }
  return { starts: starts.subarray(0, count), ends: ends.subarray(0, count), count }
}
