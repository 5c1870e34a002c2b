import { AedetectError } from '@aedetect/core'
import { findThreshold } from '@aedetect/metrics'
import type { ErrorStatistics } from './detector'

/** Mean, population std, min, max and linear percentiles 50/90/95/99 of reconstruction errors. */
export function errorStatistics(errors: ArrayLike<number>): ErrorStatistics {
  const n = errors.length
  if (n === 0) throw new AedetectError('E_EMPTY', 'errorStatistics(): got no errors. Pass the errors of at least one sample.')
  let sum = 0
  let min = Infinity
  let max = -Infinity
  for (let i = 0; i < n; i++) {
    sum += errors[i]
    if (errors[i] < min) min = errors[i]
    if (errors[i] > max) max = errors[i]
  }
  const mean = sum / n
  let squares = 0
  for (let i = 0; i < n; i++) squares += (errors[i] - mean) ** 2
  const percentile = (q: number): number => findThreshold(errors, { strategy: 'percentile', q }).value
  return { count: n, mean, std: Math.sqrt(squares / n), min, max, p50: percentile(0.5), p90: percentile(0.9), p95: percentile(0.95), p99: percentile(0.99) }
}
