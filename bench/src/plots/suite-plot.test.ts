import { parseHTML } from 'linkedom'
import { describe, expect, it } from 'vitest'
import type { BenchRecord } from '../baseline'
import type { BenchRow } from '../harness'
import { quickPlotSvg } from './quick-plot'
import { readTarget, suitePlotSvg, suitePoint } from './suite-plot'

// A small suite record shaped like bench/results/main-job.json and peers.json: a quality row against a peer's figure,
// a same-run throughput ratio with a ratio target, a wall time against an absolute target, a unitless score alone,
// and a row with nothing to compare with (left out, counted in the caption).
const HOSTILE = '<script>alert(1)</script> & "quoted"'
const rows: BenchRow[] = [
  { name: 'mean ROC-AUC', value: 0.987, unit: '', reference: 0.956, target: '>= 0.98', met: true, note: 'reference: TF tutorial recipe' },
  { name: 'detector training throughput (wasm)', value: 30_000, unit: 'samples/s', reference: 10_000, ratio: 3, target: 'ratio >= 0.95', met: true },
  { name: 'slowest wall time of the main job', value: 12_000, unit: 'ms', target: '< 60000', met: true },
  { name: HOSTILE, value: 0.5, unit: '' },
  { name: 'seed 0 epochs run', value: 41, unit: 'epochs' },
]

function circles(svg: string): Element[] {
  const { document } = parseHTML(`<!doctype html><html><body>${svg}</body></html>`)
  return Array.from(document.querySelectorAll('svg circle') as unknown as ArrayLike<Element>)
}

describe('readTarget', () => {
  it('reads the targets the suites write, absolute or as multiples of the reference', () => {
    expect(readTarget('>= 0.98')).toEqual({ value: 0.98, relative: false })
    expect(readTarget('< 60000')).toEqual({ value: 60000, relative: false })
    expect(readTarget('>= 12,500 samples/s')).toEqual({ value: 12500, relative: false })
    expect(readTarget('≤ 1e-6')).toEqual({ value: 1e-6, relative: false })
    expect(readTarget('ratio >= 0.95')).toEqual({ value: 0.95, relative: true })
    expect(readTarget('>= 0.95 x raw tfjs')).toEqual({ value: 0.95, relative: true })
    expect(readTarget('≥ 0.6 × PyTorch')).toEqual({ value: 0.6, relative: true })
    expect(readTarget('<= raw tfjs + 10 %')).toEqual({ value: 1.1, relative: true })
    expect(readTarget('> PCA on the same windows')).toBeUndefined()
    expect(readTarget(undefined)).toBeUndefined()
  })
})

describe('suitePoint', () => {
  it('puts each row on the relative axis its comparator gives', () => {
    // 0.987 / 0.956 against the peer; the absolute target 0.98 divided by the same reference.
    expect(suitePoint(rows[0])?.relative).toBeCloseTo(0.987 / 0.956, 12)
    expect(suitePoint(rows[0])?.bound).toBeCloseTo(0.98 / 0.956, 12)
    expect(suitePoint(rows[1])).toMatchObject({ relative: 3, bound: 0.95, status: 'met' })
    expect(suitePoint(rows[2])).toMatchObject({ relative: 0.2, bound: 1, status: 'met' })
    expect(suitePoint(rows[3])).toMatchObject({ relative: 0.5, status: 'none' })
    expect(suitePoint(rows[4])).toBeUndefined()
    // '<= raw tfjs + 10 %' (the peers' peak RSS rows) is a bound of 1.1 on the ratio; '>= 0.6 x PyTorch' one of 0.6.
    expect(suitePoint({ name: 'peak RSS', value: 105, unit: 'MB', reference: 100, ratio: 1.05, target: '<= raw tfjs + 10 %', met: true })?.bound).toBeCloseTo(1.1, 12)
    expect(suitePoint({ name: 'scoring rows/s vs PyTorch', value: 50, unit: 'rows/s', reference: 100, target: '>= 0.6 x PyTorch', met: false })).toMatchObject({ relative: 0.5, bound: 0.6, status: 'missed' })
  })
})

describe('suitePlotSvg', () => {
  it('draws one dot per comparable figure, in the rows\' order, and counts the others in the caption', async () => {
    const svg = await suitePlotSvg('main-job', rows)
    expect(svg.startsWith('<svg')).toBe(true)
    expect(svg).toContain('xmlns="http://www.w3.org/2000/svg"')
    const dots = circles(svg)
    expect(dots).toHaveLength(4)
    expect(dots.map((d) => d.querySelector('title')?.textContent?.split(':')[0])).toEqual(['mean ROC-AUC', 'detector training throughput (wasm)', 'slowest wall time of the main job', HOSTILE])
    expect(svg).toContain('1 row with neither: see main-job.json.')
  })

  it('escapes a hostile figure name: it stays text, never markup', async () => {
    const svg = await suitePlotSvg('main-job', rows)
    expect(svg).not.toContain('<script>')
    expect(svg).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; ')
  })
})

describe('quickPlotSvg', () => {
  const record = (figures: BenchRecord['figures'], commit: string): BenchRecord => ({ schema: 1, profile: 'quick', machine: 'test', date: '2026-12-07T00:00:00.000Z', commit, backend: 'wasm', figures })
  const baseline = record([
    { id: 'main-job/seed 0 ROC-AUC', value: 0.99, unit: '', direction: 'higher', kind: 'quality', tolerance: 0.005 },
    { id: 'size/@aedetect/core tarball', value: 10_000, unit: 'B', direction: 'lower', kind: 'size', tolerance: 0.1 },
  ], 'aaaaaaa')
  it('draws one dot per figure of the baseline, turned so that right is better, red past the allowed regression', async () => {
    const now = record([
      { ...baseline.figures[0], value: 0.98 },
      { ...baseline.figures[1], value: 12_500 },
      { id: 'main-job/new figure', value: 1, unit: '×', direction: 'higher', kind: 'ratio', tolerance: 0.3 },
    ], 'bbbbbbb')
    const svg = await quickPlotSvg(baseline, now)
    const dots = circles(svg)
    expect(dots).toHaveLength(2)
    // 0.98 < 0.99 − 0.005 and 12,500 > 10,000 × 1.1: both regressed, both red.
    expect(dots.map((d) => d.getAttribute('fill'))).toEqual(['#d62728', '#d62728'])
    expect(svg).toContain('1 figure not in the baseline.')
  })
})
