// Which windows cover a point, shared by the window → point mappings.
import { AedetectError } from '@aedetect/core'
import { expectChoice, expectInteger } from './_checks'
import type { UncoveredPoints, WindowReduce } from './window-scores-to-points'


export interface WindowGeometry {
  seriesLength: number
  size: number
  stride: number
  count: number
  reduce: WindowReduce
  uncovered: UncoveredPoints
}

/** Number of full windows: `floor((t − size) / stride) + 1`. */
export function windowCount(seriesLength: number, size: number, stride: number): number {
  return Math.floor((seriesLength - size) / stride) + 1
}

/** Validates the mapping options against the number of windows received. */
export function checkGeometry(
  received: number,
  options: { seriesLength: number; size: number; stride?: number; reduce?: WindowReduce; uncovered?: UncoveredPoints },
  where: string,
): WindowGeometry {
  const seriesLength = expectInteger(options?.seriesLength, 'seriesLength', where, 1)
  const size = expectInteger(options.size, 'size', where, 1)
  const stride = expectInteger(options.stride ?? 1, 'stride', where, 1)
  const reduce = expectChoice(options.reduce ?? 'mean', ['mean', 'max', 'last'] as const, 'reduce', where)
  const uncovered = expectChoice(options.uncovered ?? 'nearest', ['nearest', 'nan'] as const, 'uncovered', where)
  if (size > seriesLength) {
    throw new AedetectError('E_OPTION', `${where}: size ${size} is longer than seriesLength ${seriesLength}; no full window fits. Pass the size and seriesLength used with slidingWindows().`)
  }
  const count = windowCount(seriesLength, size, stride)
  if (received !== count) {
    throw new AedetectError('E_LENGTH_MISMATCH', `${where}: got ${received} windows; seriesLength ${seriesLength}, size ${size} and stride ${stride} make ${count} (floor((seriesLength − size) / stride) + 1). Pass the scores of the windows slidingWindows() made with the same options.`)
  }
  return { seriesLength, size, stride, count, reduce, uncovered }
}

/**
 * The window nearest to an uncovered point `i`, given `next` = the first window starting after `i`
 * (every window before it ends before `i`): the one with the smaller gap, the earlier on a tie.
 */
export function nearestWindow(i: number, next: number, g: WindowGeometry): number {
  if (next >= g.count) return g.count - 1
  if (next === 0) return 0
  const before = i - ((next - 1) * g.stride + g.size - 1)
  const after = next * g.stride - i
  return after < before ? next : next - 1
}
