import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { contributionMap, featureContributions, featureErrors, reconstructionErrors, topContributions } from '@aedetect/metrics'

const zeros = (shape: number[]) => ({ data: new Float64Array(shape.reduce((a, b) => a * b, 1)), shape })

// The box mean written the slow way: every in-range neighbour within `radius` along every axis but the last.
function bruteForce(d: Float64Array, shape: number[], radius: number): Float64Array {
  const out = new Float64Array(d.length)
  const spatial = shape.slice(0, -1)
  const channels = shape[shape.length - 1]
  const cells = spatial.reduce((a, b) => a * b, 1)
  for (let cell = 0; cell < cells; cell++) {
    const at = unravel(cell, spatial)
    for (let c = 0; c < channels; c++) {
      let sum = 0
      let count = 0
      for (let other = 0; other < cells; other++) {
        const there = unravel(other, spatial)
        if (there.every((v, k) => Math.abs(v - at[k]) <= radius)) {
          sum += d[other * channels + c]
          count++
        }
      }
      out[cell * channels + c] = sum / count
    }
  }
  return out
}

function unravel(index: number, shape: number[]): number[] {
  const at = new Array<number>(shape.length)
  for (let k = shape.length - 1; k >= 0; k--) {
    at[k] = index % shape[k]
    index = Math.floor(index / shape[k])
  }
  return at
}

describe('smoothing: differences averaged over neighbours before squaring', () => {
  it('one bright pixel in a 3 × 3 image: 1/4 at corners, 1/6 on edges, 1/9 at the centre (radius 1)', () => {
    const x = zeros([1, 3, 3, 1])
    x.data[4] = 1
    const errors = featureErrors(x, zeros([1, 3, 3, 1]), { smoothing: 1 })
    const expected = [1 / 4, 1 / 6, 1 / 4, 1 / 6, 1 / 9, 1 / 6, 1 / 4, 1 / 6, 1 / 4].map((v) => Math.fround(v * v))
    expect(Array.from(errors.data)).toEqual(expected)
    const mse = (4 / 16 + 4 / 36 + 1 / 81) / 9
    expect(reconstructionErrors(x, zeros([1, 3, 3, 1]), { smoothing: 1 })[0]).toBeCloseTo(mse, 7)
    expect(reconstructionErrors(x, zeros([1, 3, 3, 1]), { smoothing: 1, metric: 'mae' })[0]).toBeCloseTo((4 / 4 + 4 / 6 + 1 / 9) / 9, 7)
  })

  it('a coherent error outscores scattered noise of the same squared size; without smoothing they tie', () => {
    const blob = zeros([1, 6, 6, 1])
    const noise = zeros([1, 6, 6, 1])
    // A 3 × 3 block of +1, against 9 values of ±1 scattered in a checkerboard.
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) blob.data[(i + 1) * 6 + j + 1] = 1
    ;[0, 2, 4, 13, 15, 17, 24, 26, 28].forEach((p, k) => (noise.data[p] = k % 2 === 0 ? 1 : -1))
    const plain = reconstructionErrors({ data: Float64Array.of(...blob.data, ...noise.data), shape: [2, 6, 6, 1] }, zeros([2, 6, 6, 1]))
    expect(plain[0]).toBe(plain[1])
    const smoothed = reconstructionErrors({ data: Float64Array.of(...blob.data, ...noise.data), shape: [2, 6, 6, 1] }, zeros([2, 6, 6, 1]), { smoothing: 1 })
    expect(smoothed[0]).toBeGreaterThan(3 * smoothed[1])
  })

  it('matches a brute-force box mean for images with channels and for sequences, any radius (fast-check)', () => {
    const shapes = fc.oneof(
      fc.tuple(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 3 })).map((s) => [...s]),
      fc.tuple(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 3 })).map((s) => [...s]),
    )
    fc.assert(
      fc.property(shapes, fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 1000 }), (shape, radius, seed) => {
        const size = shape.reduce((a, b) => a * b, 1)
        const d = Float64Array.from({ length: size }, (_, i) => Math.sin(seed * 7.1 + i * 1.3))
        const got = featureErrors({ data: d, shape: [1, ...shape] }, zeros([1, ...shape]), { smoothing: radius, metric: 'absolute' }).data
        const want = bruteForce(d, shape, radius)
        for (let j = 0; j < size; j++) expect(got[j]).toBeCloseTo(Math.abs(want[j]), 5)
      }),
      { numRuns: 60 },
    )
  })

  it('featureContributions, topContributions and contributionMap share the smoothed errors', () => {
    const x = zeros([1, 3, 3, 1])
    x.data[4] = 1
    const r = zeros([1, 3, 3, 1])
    const errors = featureErrors(x, r, { smoothing: 1 }).data
    const total = errors.reduce((a, b) => a + b, 0)
    const shares = featureContributions(x, r, { smoothing: 1 }).data
    shares.forEach((s, j) => expect(s).toBeCloseTo(errors[j] / total, 6))
    const [top] = topContributions(x, r, { smoothing: 1, k: 1 })
    expect(top[0]).toMatchObject({ index: 0, position: [0, 0, 0], input: 0, reconstruction: 0 })
    expect(top[0].error).toBeCloseTo(1 / 16, 7)
    expect(Array.from(contributionMap(x, r, { row: 0, smoothing: 1 }).data)).toEqual(Array.from(shares))
  })

  it('tabular samples or a bad radius: E_OPTION saying what to do', () => {
    expect(() => reconstructionErrors([[1, 2]], [[0, 0]], { smoothing: 1 })).toThrow(
      expect.objectContaining({ code: 'E_OPTION', message: expect.stringContaining('these samples are [2]. Reshape them, or leave smoothing at 0.') }),
    )
    expect(() => featureErrors(zeros([1, 3, 1]), zeros([1, 3, 1]), { smoothing: 1.5 })).toThrow(expect.objectContaining({ code: 'E_OPTION', message: expect.stringContaining('got 1.5') }))
    expect(() => topContributions(zeros([1, 3, 1]), zeros([1, 3, 1]), { smoothing: -1 })).toThrow(expect.objectContaining({ code: 'E_OPTION' }))
  })
})
