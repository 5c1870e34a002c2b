import { AedetectError } from '@aedetect/core'

// Shared option checks: one message shape for every option error of the package.

export function expectPositiveInteger(value: number, name: string, where: string): void {
  if (!Number.isInteger(value) || value <= 0) {
    throw new AedetectError('E_OPTION', `${where}: ${name} must be a positive integer, got ${String(value)}.`)
  }
}

export function expectPositiveIntegers(values: number[], name: string, where: string): void {
  if (!Array.isArray(values) || values.length === 0 || !values.every((v) => Number.isInteger(v) && v > 0)) {
    throw new AedetectError('E_OPTION', `${where}: ${name} must be a non-empty list of positive integers, got ${JSON.stringify(values)}.`)
  }
}

export function expectInRange(value: number, name: string, low: number, high: number, where: string, highOpen = false): void {
  if (typeof value !== 'number' || !(value >= low) || (highOpen ? !(value < high) : !(value <= high))) {
    throw new AedetectError('E_OPTION', `${where}: ${name} must be in [${low}, ${high}${highOpen ? ')' : ']'}, got ${String(value)}.`)
  }
}

export function expectOneOf<T extends string>(value: T, name: string, choices: readonly T[], where: string): void {
  if (!choices.includes(value)) {
    throw new AedetectError('E_OPTION', `${where}: ${name} must be one of ${choices.map((c) => `'${c}'`).join(' | ')}, got '${String(value)}'.`)
  }
}
