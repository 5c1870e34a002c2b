import { describe, expect, it } from 'vitest'
import { syntheticSeries, syntheticTable } from '@aedetect/datasets'
import { mismatches, thrown } from './_test-data'

describe('syntheticSeries', () => {
  it('is the same for the same seed and differs for another', () => {
    const a = syntheticSeries({ length: 3000, seed: 7, anomalies: { count: 6 } })
    const b = syntheticSeries({ length: 3000, seed: 7, anomalies: { count: 6 } })
    const c = syntheticSeries({ length: 3000, seed: 8, anomalies: { count: 6 } })
    expect(mismatches(a.values, b.values)).toBe(0)
    expect(a.anomalies).toEqual(b.anomalies)
    expect(mismatches(a.values, c.values)).toBeGreaterThan(2900)
  })

  it('places { count } anomalies apart from each other and labels exactly the points they cover', () => {
    const s = syntheticSeries({ length: 5000, period: 40, seed: 3, anomalies: { count: 12 } })
    expect(s.anomalies.length).toBe(12)
    let covered = 0
    for (let i = 0; i < s.anomalies.length; i++) {
      const a = s.anomalies[i]
      covered += a.length
      expect(a.start).toBeGreaterThanOrEqual(80) // the first two periods stay normal
      if (i > 0) expect(a.start).toBeGreaterThanOrEqual(s.anomalies[i - 1].start + s.anomalies[i - 1].length + 40)
    }
    expect(s.labels.reduce((x, y) => x + y, 0)).toBe(covered)
  })

  it('injects each kind where asked, with the documented size', () => {
    const period = 50
    const anomalies = [
      { kind: 'spike' as const, start: 200, length: 1 },
      { kind: 'levelShift' as const, start: 400, length: 50 },
      { kind: 'frequencyChange' as const, start: 600, length: 100 },
      { kind: 'noiseBurst' as const, start: 800, length: 100 },
      { kind: 'flatline' as const, start: 1000, length: 60 },
    ]
    const noisy = syntheticSeries({ length: 1200, period, noise: 0.01, anomalies, seed: 1 })
    const clean = (t: number) => Math.sin((2 * Math.PI * t) / period)
    // Noise std 0.01: 0.05 is 5 σ. Spike: 4–6; level shift: 2–3 on every point.
    expect(Math.abs(noisy.values[200] - clean(200))).toBeGreaterThan(4 - 0.05)
    for (let t = 400; t < 450; t++) expect(Math.abs(noisy.values[t] - clean(t))).toBeGreaterThan(2 - 0.05)
    // Frequency 2–3×: more zero crossings than the 4 of two normal periods in 100 points.
    let crossings = 0
    for (let t = 601; t < 700; t++) if (Math.sign(noisy.values[t]) !== Math.sign(noisy.values[t - 1])) crossings++
    expect(crossings).toBeGreaterThanOrEqual(7)
    for (let t = 1000; t < 1060; t++) expect(noisy.values[t]).toBe(noisy.values[999])
    // Outside the anomalies the series is the sine plus noise of std 0.01.
    for (const t of [0, 100, 300, 550, 1100]) expect(Math.abs(noisy.values[t] - clean(t))).toBeLessThan(0.05)
    expect(Array.from(noisy.labels.subarray(995, 1065)).join('')).toBe('0'.repeat(5) + '1'.repeat(60) + '0'.repeat(5))
  })

  it('rejects anomalies outside the series and options out of range (E_OPTION)', () => {
    expect(thrown(() => syntheticSeries({ length: 100, anomalies: [{ kind: 'spike', start: 99, length: 2 }] }))).toMatchInlineSnapshot(`
      {
        "code": "E_OPTION",
        "message": "syntheticSeries(): anomaly { kind: 'spike', start: 99, length: 2 } does not fit a series of 100 points; kind must be one of spike | levelShift | frequencyChange | noiseBurst | flatline and 0 ≤ start < start + length ≤ 100.",
      }
    `)
    expect(thrown(() => syntheticSeries({ length: 100, period: 50, anomalies: { count: 10 } }))).toMatchInlineSnapshot(`
      {
        "code": "E_OPTION",
        "message": "syntheticSeries(): could place only 0 of 10 anomalies in 100 points with period 50. Lengthen the series or ask for fewer anomalies.",
      }
    `)
  })
})

describe('syntheticTable', () => {
  it('has exactly round(n · contamination) outliers, is seeded, and separates outliers from the normal subspace', () => {
    const t = syntheticTable({ n: 2000, features: 12, contamination: 0.05, seed: 11 })
    expect(t.x.shape).toEqual([2000, 12])
    expect(t.labels.reduce((a, b) => a + b, 0)).toBe(100)
    const again = syntheticTable({ n: 2000, features: 12, contamination: 0.05, seed: 11 })
    expect(mismatches(t.x.data, again.x.data)).toBe(0)
    expect(mismatches(t.labels, again.labels)).toBe(0)
    // Uniform [-4, 4] outliers have mean square 16/3 ≈ 5.33 per feature; normal rows about 4 latent
    // factors over 12 features, mean square ≈ 1 + 0.01. The two means must be far apart.
    let normalSq = 0
    let outlierSq = 0
    for (let r = 0; r < 2000; r++) {
      let sq = 0
      for (let j = 0; j < 12; j++) sq += t.x.data[r * 12 + j] ** 2
      if (t.labels[r] === 1) outlierSq += sq / 12
      else normalSq += sq / 12
    }
    expect(outlierSq / 100).toBeGreaterThan(4.5)
    expect(normalSq / 1900).toBeLessThan(2)
  })

  it('rejects a contamination of 1 or more (E_OPTION)', () => {
    expect(thrown(() => syntheticTable({ contamination: 1 }))).toMatchInlineSnapshot(`
      {
        "code": "E_OPTION",
        "message": "syntheticTable(): n 1000, features 10, contamination 1; expected integers n ≥ 1 and features ≥ 1, and contamination in [0, 1).",
      }
    `)
  })
})
