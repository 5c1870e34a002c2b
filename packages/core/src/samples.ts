import { AedetectError } from './aedetect-error'
import type { FloatArray, Samples } from './types'

/** Number of values in one sample: the product of `shape[1..]`. */
export function sampleSize(x: Samples<FloatArray>): number {
  let size = 1
  for (let i = 1; i < x.shape.length; i++) size *= x.shape[i]
  return size
}

/** Number of samples: `shape[0]`. */
export function sampleCount(x: Samples<FloatArray>): number {
  return x.shape[0]
}

/**
 * Converts rows (`number[][]`) or existing {@link Samples} into validated `Samples` (a copy for rows,
 * the same object for `Samples`). Throws `E_EMPTY` for no rows, `E_RAGGED` for rows of different
 * lengths, `E_NOT_FINITE` for NaN or ±Infinity (naming the first row and column, 0-based), `E_SHAPE`
 * when `data.length` disagrees with `shape`.
 * @param where names the caller in error messages, e.g. `'fitDetector()'`.
 */
export function toSamples(input: number[][] | Samples, where = 'toSamples()'): Samples {
  if (!Array.isArray(input)) {
    assertSamplesShape(input, where)
    assertFinite(input, where)
    return input
  }
  return rowsToSamples(input, where, Float32Array)
}

/** Like {@link toSamples}, but float64: for preprocessing and metrics that must be exact. */
export function toSamples64(input: number[][] | Samples<FloatArray>, where = 'toSamples64()'): Samples<Float64Array> {
  if (!Array.isArray(input)) {
    assertSamplesShape(input, where)
    assertFinite(input, where)
    return input.data instanceof Float64Array ? (input as Samples<Float64Array>) : { data: Float64Array.from(input.data), shape: input.shape.slice() }
  }
  return rowsToSamples(input, where, Float64Array)
}

function rowsToSamples<A extends FloatArray>(input: number[][], where: string, Kind: { new (n: number): A }): Samples<A> {
  if (input.length === 0) {
    throw new AedetectError('E_EMPTY', `${where}: got no rows. Pass at least one sample.`)
  }
  const width = input[0].length
  const data = new Kind(input.length * width)
  for (let r = 0; r < input.length; r++) {
    const row = input[r]
    if (row.length !== width) {
      throw new AedetectError('E_RAGGED', `${where}: row ${r} has ${row.length} values; row 0 has ${width}. Every row must have the same number of features.`)
    }
    for (let c = 0; c < width; c++) {
      const v = row[c]
      if (typeof v !== 'number' || !Number.isFinite(v)) {
        throw new AedetectError('E_NOT_FINITE', `${where}: row ${r}, column ${c} is ${String(v)}; every value must be a finite number. Drop or impute missing values first.`)
      }
      data[r * width + c] = v
    }
  }
  return { data, shape: [input.length, width] }
}

/** Throws `E_SHAPE` unless `x.shape` is a list of positive integers whose product is `x.data.length`. */
export function assertSamplesShape(x: Samples<FloatArray>, where: string): void {
  if (!x || !(x.data instanceof Float32Array || x.data instanceof Float64Array) || !Array.isArray(x.shape) || x.shape.length < 2) {
    throw new AedetectError('E_SHAPE', `${where}: expected Samples { data: Float32Array, shape: [n, ...sampleShape] }. Use toSamples(rows) to convert arrays of rows.`)
  }
  let size = 1
  for (const d of x.shape) {
    if (!Number.isInteger(d) || d < 0) {
      throw new AedetectError('E_SHAPE', `${where}: shape [${x.shape.join(', ')}] must hold non-negative integers.`)
    }
    size *= d
  }
  if (size !== x.data.length) {
    throw new AedetectError('E_SHAPE', `${where}: shape [${x.shape.join(', ')}] holds ${size} values but data has ${x.data.length}.`)
  }
  if (x.shape[0] === 0) {
    throw new AedetectError('E_EMPTY', `${where}: got no samples (shape [${x.shape.join(', ')}]). Pass at least one sample.`)
  }
}

/** Throws `E_NOT_FINITE` naming the first sample and feature (0-based) holding NaN or ±Infinity. */
export function assertFinite(x: Samples<FloatArray>, where: string): void {
  const { data } = x
  const i = data instanceof Float32Array ? firstNonFinite32(data) : firstNonFinite64(data)
  if (i < 0) return
  const size = sampleSize(x)
  const row = Math.floor(i / size)
  const col = i % size
  throw new AedetectError('E_NOT_FINITE', `${where}: sample ${row}, feature ${col} is ${data[i]}; every value must be a finite number. Drop or impute missing values first.`)
}

// One loop per array type: a loop that sees both Float32Array and Float64Array reads through a polymorphic
// element access, ~2x slower (3.2 against 1.4-1.7 ns a value; it was 9 % of scoring on cpu, issue 22).
function firstNonFinite32(data: Float32Array): number {
  for (let i = 0; i < data.length; i++) if (!Number.isFinite(data[i])) return i
  return -1
}

function firstNonFinite64(data: Float64Array): number {
  for (let i = 0; i < data.length; i++) if (!Number.isFinite(data[i])) return i
  return -1
}

/**
 * Throws `E_FEATURE_COUNT` unless each sample of `x` has the shape `expected` (e.g. `[140]` or
 * `[28, 28, 1]`). `featureNames`, when given, are listed in the message.
 */
export function expectSampleShape(x: Samples<FloatArray>, expected: readonly number[], where: string, featureNames?: readonly string[]): void {
  const got = x.shape.slice(1)
  if (got.length === expected.length && got.every((d, i) => d === expected[i])) return
  const names = featureNames && featureNames.length > 0 && featureNames.length <= 20 ? ` (${featureNames.join(', ')})` : ''
  throw new AedetectError('E_FEATURE_COUNT', `${where}: each sample has shape [${got.join(', ')}]; expected [${expected.join(', ')}]${names}. Pass the same columns in the same order as at fit time.`)
}

/** A new `Samples` holding the given rows of `x`, in the given order. */
export function selectSamples<A extends FloatArray>(x: Samples<A>, rows: ArrayLike<number>): Samples<A> {
  const size = sampleSize(x)
  const data = new (x.data.constructor as { new (n: number): A })(rows.length * size)
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]
    if (!(r >= 0 && r < x.shape[0])) {
      throw new AedetectError('E_SHAPE', `selectSamples(): row ${r} is out of range; there are ${x.shape[0]} samples.`)
    }
    data.set(x.data.subarray(r * size, (r + 1) * size), i * size)
  }
  return { data, shape: [rows.length, ...x.shape.slice(1)] }
}

/** The samples of `x` as plain arrays of numbers (one flat array per sample). */
export function toRows(x: Samples<FloatArray>): number[][] {
  const size = sampleSize(x)
  const rows: number[][] = new Array(x.shape[0])
  for (let r = 0; r < x.shape[0]; r++) rows[r] = Array.from(x.data.subarray(r * size, (r + 1) * size))
  return rows
}
