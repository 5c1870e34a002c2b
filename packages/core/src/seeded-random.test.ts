import { describe, expect, it } from 'vitest'
import { createRandom, permutation, randomMask, randomUint32s } from '@aedetect/core'

describe('randomUint32s', () => {
  it("is createRandom's stream in bulk: next() × 2^32 for three seeds, the default included", () => {
    for (const seed of [7, 12345, undefined]) {
      const r = createRandom(seed)
      const bulk = randomUint32s(1000, seed)
      expect(Array.from(bulk)).toEqual(Array.from({ length: 1000 }, () => r.next() * 4294967296))
    }
    expect(randomUint32s(0, 1).length).toBe(0)
  })
})

describe('randomMask', () => {
  it('is 1 exactly where randomUint32s draws below probability · 2^32, into a given array too', () => {
    for (const [seed, p] of [[7, 0.9], [12345, 0.5], [3, 0.1]] as const) {
      const draws = randomUint32s(5000, seed)
      const expected = Array.from(draws, (d) => (d < p * 4294967296 ? 1 : 0))
      expect(Array.from(randomMask(5000, p, seed))).toEqual(expected)
      const into = new Float32Array(6000).fill(7)
      expect(Array.from(randomMask(5000, p, seed, into))).toEqual(expected)
      expect(into[5000]).toBe(7)
      // The kept share is the probability (binomial sd ~0.007 at 5,000 draws).
      expect(expected.filter((k) => k === 1).length / 5000).toBeCloseTo(p, 1)
    }
    expect(() => randomMask(10, 0.5, 1, new Float32Array(9))).toThrow(RangeError)
  })
})

describe('createRandom', () => {
  it('gives the same stream for the same seed and a different one for another seed', () => {
    const a = createRandom(7)
    const b = createRandom(7)
    const c = createRandom(8)
    const sa = Array.from({ length: 5 }, () => a.next())
    const sb = Array.from({ length: 5 }, () => b.next())
    const sc = Array.from({ length: 5 }, () => c.next())
    expect(sa).toEqual(sb)
    expect(sa).not.toEqual(sc)
  })

  it('draws uniform values with the expected moments', () => {
    // 100k uniform draws: mean 0.5 ± 0.005 and variance 1/12 ± 0.002 hold with overwhelming probability.
    const r = createRandom(1)
    let sum = 0
    let sumSq = 0
    const n = 100_000
    for (let i = 0; i < n; i++) {
      const v = r.next()
      expect(v >= 0 && v < 1).toBe(true)
      sum += v
      sumSq += v * v
    }
    const mean = sum / n
    expect(mean).toBeCloseTo(0.5, 2)
    expect(sumSq / n - mean * mean).toBeCloseTo(1 / 12, 2)
  })

  it('draws standard normal deviates', () => {
    const r = createRandom(3)
    let sum = 0
    let sumSq = 0
    const n = 100_000
    for (let i = 0; i < n; i++) {
      const v = r.nextNormal()
      sum += v
      sumSq += v * v
    }
    expect(Math.abs(sum / n)).toBeLessThan(0.02)
    expect(sumSq / n).toBeGreaterThan(0.97)
    expect(sumSq / n).toBeLessThan(1.03)
  })
})

describe('permutation', () => {
  it('is a seeded permutation of 0..n-1', () => {
    const p = permutation(1000, 5)
    expect(Array.from(p).sort((a, b) => a - b)).toEqual(Array.from({ length: 1000 }, (_, i) => i))
    expect(permutation(1000, 5)).toEqual(p)
    expect(permutation(1000, 6)).not.toEqual(p)
  })
})
