import { describe, expect, it } from 'vitest'
import { seriesScoresSvg } from '@aedetect/charts'
import { newDocument, parseSvg } from './_test-dom'

const document = newDocument()

describe('seriesScoresSvg', () => {
  // A sine of period 50 over 600 points with three injected events (a spike at 100–102, a level shift at 250–299,
  // a flat line at 450–474), as syntheticSeries of @aedetect/datasets makes them; the score is |value − the sine|.
  const values = Float32Array.from({ length: 600 }, (_, t) => Math.sin((2 * Math.PI * t) / 50))
  const labels = new Uint8Array(600)
  const anomalies = [{ start: 100, length: 3, add: 5 }, { start: 250, length: 50, add: 2.5 }, { start: 450, length: 25, add: 0 }]
  for (const a of anomalies) for (let t = a.start; t < a.start + a.length; t++) {
    values[t] = a.add === 0 ? values[a.start] : values[t] + a.add
    labels[t] = 1
  }
  const s = { values, labels, anomalies }
  const scores = Float64Array.from(values, (v, t) => Math.abs(v - Math.sin((2 * Math.PI * t) / 50)))

  it('draws the series and the scores as one line each, one shaded band per event in each panel, the threshold in the score panel', () => {
    const svg = parseSvg(seriesScoresSvg({ values: s.values, scores, labels: s.labels, threshold: 0.5 }, { document }))
    const lines = [...svg.querySelectorAll('g[aria-label="line"] path')]
    expect(lines).toHaveLength(2)
    for (const line of lines) expect(line.getAttribute('d')?.split('L')).toHaveLength(600)
    expect(svg.querySelectorAll('g[aria-label="rect"] rect')).toHaveLength(2 * s.anomalies.length)
    expect(svg.querySelectorAll('g[aria-label="rule"] line')).toHaveLength(1)
    expect(svg.getAttribute('aria-label')).toBe('series and point scores')
    expect(svg.textContent).toContain('■ labelled event')
    // Each panel has its own y scale: the series in its units (about −1 to 5.9 at the spike: ticks 0, 2, 4), the
    // scores from 0 to just above their largest (5 at the spike: ticks 0 to 5). One shared scale would tick both alike.
    const axes = [...svg.querySelectorAll('g[aria-label="y-axis tick label"]')].map((g) => [...g.querySelectorAll('text')].map((t) => Number(t.textContent)))
    expect(axes).toEqual([[0, 2, 4], [0, 1, 2, 3, 4, 5]])
    // One outer <svg>, the panels as groups (a nested <svg> would take a page's `svg { height: auto }` rule).
    expect(svg.querySelectorAll('svg')).toHaveLength(0)
  })

  it('refuses scores of another length', () => {
    expect(() => seriesScoresSvg({ values: s.values, scores: scores.subarray(1), labels: s.labels, threshold: 0.5 }, { document })).toThrowErrorMatchingInlineSnapshot(`[AedetectError: seriesScoresSvg(): values has 600 points, scores 599 and labels 600; expected the same number (at least one) in each, one per time point.]`)
  })
})
