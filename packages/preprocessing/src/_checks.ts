// Option checks shared by every public function of this package, so each message is written once.
import { AedetectError, assertFinite, assertSamplesShape } from '@aedetect/core'
import type { FloatArray, Samples } from '@aedetect/core'

/** Renders a received value for an error message: numbers and strings as written, the rest by type. */
export function show(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`
  if (typeof value === 'number' || typeof value === 'boolean' || value === null || value === undefined) return String(value)
  if (Array.isArray(value)) return value.length <= 6 ? `[${value.map(show).join(', ')}]` : `an array of ${value.length} values`
  return typeof value
}

/** A fraction strictly between 0 and 1 (split sizes). */
export function expectOpenFraction(value: unknown, option: string, where: string, example = 0.2): number {
  if (typeof value !== 'number' || !(value > 0 && value < 1)) {
    throw new AedetectError('E_OPTION', `${where}: ${option} is ${show(value)}; it must be a fraction strictly between 0 and 1. Pass e.g. ${option}: ${example}.`)
  }
  return value
}

/** A probability in [0, 1] (noise rates, where 0 is a valid "no noise"). */
export function expectProbability(value: unknown, option: string, where: string): number {
  if (typeof value !== 'number' || !(value >= 0 && value <= 1)) {
    throw new AedetectError('E_OPTION', `${where}: ${option} is ${show(value)}; it must be a fraction in [0, 1]. Pass e.g. ${option}: 0.1.`)
  }
  return value
}

/** An integer ≥ `min`. */
export function expectInteger(value: unknown, option: string, where: string, min: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new AedetectError('E_OPTION', `${where}: ${option} is ${show(value)}; it must be an integer ≥ ${min}.`)
  }
  return value
}

/** A finite number (any sign). */
export function expectFinite(value: unknown, option: string, where: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new AedetectError('E_OPTION', `${where}: ${option} is ${show(value)}; it must be a finite number.`)
  }
  return value
}

/** A seed: an integer (any sign; the generator uses its low 32 bits). */
export function expectSeed(value: unknown, where: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw new AedetectError('E_OPTION', `${where}: seed is ${show(value)}; it must be an integer. Pass e.g. seed: 42.`)
  }
  return value
}

/** One of a fixed list of strings. */
export function expectChoice<T extends string>(value: unknown, choices: readonly T[], option: string, where: string): T {
  if (typeof value !== 'string' || !(choices as readonly string[]).includes(value)) {
    throw new AedetectError('E_OPTION', `${where}: ${option} is ${show(value)}; expected one of ${choices.map((c) => `'${c}'`).join(' | ')}.`)
  }
  return value as T
}

/** A pair [lo, hi] of finite numbers with lo < hi, inside [min, max] when given. */
export function expectRange(value: unknown, option: string, where: string, example: [number, number], bounds?: [number, number]): [number, number] {
  const ok =
    Array.isArray(value) &&
    value.length === 2 &&
    typeof value[0] === 'number' &&
    typeof value[1] === 'number' &&
    Number.isFinite(value[0]) &&
    Number.isFinite(value[1]) &&
    value[0] < value[1] &&
    (bounds === undefined || (value[0] >= bounds[0] && value[1] <= bounds[1]))
  if (!ok) {
    const inside = bounds === undefined ? '' : ` inside [${bounds[0]}, ${bounds[1]}]`
    throw new AedetectError('E_OPTION', `${where}: ${option} is ${show(value)}; it must be [lo, hi] with finite lo < hi${inside}. Pass e.g. ${option}: [${example.join(', ')}].`)
  }
  return [value[0], value[1]]
}

/** A row count n (≥ `min`). */
export function expectRowCount(value: unknown, where: string, min: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new AedetectError('E_OPTION', `${where}: n is ${show(value)}; it must be the number of rows, an integer ≥ ${min}.`)
  }
  return value
}

/** Fails with `E_NOT_FINITE` naming the first index of `values` holding NaN or ±Infinity. */
export function expectFiniteValues(values: ArrayLike<number>, name: string, where: string): void {
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) {
      throw new AedetectError('E_NOT_FINITE', `${where}: ${name}[${i}] is ${values[i]}; every value must be a finite number. Drop or impute missing values first.`)
    }
  }
}

/** A boolean option. */
export function expectBoolean(value: unknown, option: string, where: string): boolean {
  if (typeof value !== 'boolean') {
    throw new AedetectError('E_OPTION', `${where}: ${option} is ${show(value)}; it must be true or false.`)
  }
  return value
}

/** Validates existing samples (shape, emptiness, NaN/±Infinity) and returns them unchanged. */
export function checkSamples<A extends FloatArray>(x: Samples<A>, where: string): Samples<A> {
  assertSamplesShape(x, where)
  assertFinite(x, where)
  return x
}
