import { InvalidArgumentError } from '@commander-js/extra-typings'

/** Commander parser for a non-negative integer option. */
export function parseInteger(value: string): number {
  const n = Number(value)
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`expected a non-negative integer, got '${value}'.`)
  return n
}

/** Commander parser for a fraction in (0, 1). */
export function parseFraction(value: string): number {
  const n = Number(value)
  if (!(n > 0 && n < 1)) throw new InvalidArgumentError(`expected a fraction between 0 and 1 (exclusive), got '${value}'.`)
  return n
}

/** Commander parser for a positive integer option (epochs, batch sizes: 0 would do nothing or divide by 0). */
export function parsePositiveInteger(value: string): number {
  const n = Number(value)
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`expected a positive integer, got '${value}'.`)
  return n
}

/** Commander parser for a positive finite number (a learning rate, a noise std, a multiplier). */
export function parsePositiveNumber(value: string): number {
  const n = Number(value)
  if (!(n > 0 && Number.isFinite(n))) throw new InvalidArgumentError(`expected a positive number, got '${value}'.`)
  return n
}

/** Commander parser for a comma-separated list of positive integers (`64,32,16`: hidden layer sizes). */
export function parseIntegerList(value: string): number[] {
  const parts = value.split(',').map((p) => p.trim())
  const list = parts.map(Number)
  if (parts.length === 0 || list.some((n) => !Number.isInteger(n) || n < 1)) {
    throw new InvalidArgumentError(`expected positive integers separated by commas, e.g. 64,32,16; got '${value}'.`)
  }
  return list
}
