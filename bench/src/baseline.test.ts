import { describe, expect, it } from 'vitest'
import { comparisonPasses, compareWithBaseline, formatComparison, type BenchRecord, type Figure } from './baseline'

const figure = (id: string, value: number, kind: Figure['kind'], direction: Figure['direction'], tolerance: number): Figure => ({ id, value, unit: kind === 'ratio' ? '×' : '', direction, kind, tolerance })
const record = (figures: Figure[]): BenchRecord => ({ schema: 1, profile: 'quick', machine: 'test', date: '2026-12-06T00:00:00.000Z', commit: 'abc1234', backend: 'wasm', figures })

// A baseline shaped like bench/baseline.json: quality with an absolute tolerance, same-run ratios with a margin.
const baseline = record([
  figure('main-job/seed 0 ROC-AUC', 0.9928, 'quality', 'higher', 0.005),
  figure('main-job/detector training throughput', 2.4, 'ratio', 'higher', 0.3),
  figure('metrics/rocCurve', 1.5, 'ratio', 'lower', 0.5),
])

describe('compareWithBaseline', () => {
  it('passes a run within every tolerance, and says by how much each figure moved', () => {
    const rows = compareWithBaseline(baseline, record([
      figure('main-job/seed 0 ROC-AUC', 0.9880, 'quality', 'higher', 0.005),
      figure('main-job/detector training throughput', 1.8, 'ratio', 'higher', 0.3),
      figure('metrics/rocCurve', 2.2, 'ratio', 'lower', 0.5),
    ]))
    expect(rows.map((r) => r.verdict)).toEqual(['ok', 'ok', 'ok'])
    expect(rows[0].change).toBeCloseTo(-0.0048, 10)
    expect(rows[1].change).toBeCloseTo(-0.25, 10)
    expect(comparisonPasses(rows)).toBe(true)
  })

  it('fails a doctored result: quality below baseline − tolerance, a ratio past its margin, a figure gone', () => {
    const worse = record([
      figure('main-job/seed 0 ROC-AUC', 0.9870, 'quality', 'higher', 0.005),
      figure('metrics/rocCurve', 2.3, 'ratio', 'lower', 0.5),
      figure('main-job/new figure', 1, 'quality', 'higher', 0.01),
    ])
    const rows = compareWithBaseline(baseline, worse)
    expect(rows.map((r) => [r.id, r.verdict])).toEqual([
      ['main-job/seed 0 ROC-AUC', 'REGRESSION'],
      ['main-job/detector training throughput', 'missing'],
      ['metrics/rocCurve', 'REGRESSION'],
      ['main-job/new figure', 'new'],
    ])
    expect(comparisonPasses(rows)).toBe(false)
    expect(formatComparison(rows)).toMatchInlineSnapshot(`
      "| figure                                | baseline | now    | change  | verdict    | allowed                                 |
      |---------------------------------------|----------|--------|---------|------------|-----------------------------------------|
      | main-job/seed 0 ROC-AUC               | 0.9928   | 0.9870 | -0.0058 | REGRESSION | ≥ 0.9878 (±0.005)                       |
      | main-job/detector training throughput | 2.4000   | –      | –       | missing    | must be measured                        |
      | metrics/rocCurve                      | 1.5000   | 2.3000 | +0.5333 | REGRESSION | ≤ 2.250 (50 % margin)                   |
      | main-job/new figure                   | –        | 1.0000 | –       | new        | not gated until the baseline is updated |"
    `)
  })

  it('treats a NaN measurement as missing, not as a pass', () => {
    const rows = compareWithBaseline(baseline, record([figure('main-job/seed 0 ROC-AUC', Number.NaN, 'quality', 'higher', 0.005)]))
    expect(rows[0].verdict).toBe('missing')
  })
})
