// Test support only: the `slidingWindows` part of fixtures/sklearn-reference.json, typed.
import { readFixture } from '@aedetect/test-data'

export interface WindowStrideCase {
  stride: number
  windowCount: number
  windowStarts: number[]
  windows: number[][]
  windowScores: number[]
  coveringWindows: number[][]
  pointScoreMean: (number | null)[]
  pointScoreMax: (number | null)[]
  uncoveredPoints: number[]
}

export const windowFixture = readFixture<{ slidingWindows: { series: number[]; windowLength: number; strides: WindowStrideCase[] } }>('sklearn-reference.json').slidingWindows

/** Brute force: the windows covering each point, by the fixture's cover rule. */
export function coveringWindows(seriesLength: number, size: number, stride: number): number[][] {
  const count = Math.floor((seriesLength - size) / stride) + 1
  const cover: number[][] = Array.from({ length: seriesLength }, () => [])
  for (let k = 0; k < count; k++) for (let j = 0; j < size; j++) cover[k * stride + j].push(k)
  return cover
}
