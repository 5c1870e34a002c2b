import { describe, expect, it } from 'vitest'
import { errorImageSvg, featureErrorsSvg, lossCurvesSvg, reconstructionImageSvg, reconstructionLinesSvg } from '@aedetect/charts'
import { axisScale, newDocument, parseSvg, texts } from './_test-dom'

const document = newDocument()
const HOSTILE = `<img src=x onerror=alert(1)>"'&`

describe('lossCurvesSvg', () => {
  // A real history: the dense ECG5000 default, seed 42, 6 epochs on cpu (the losses of the models test run, rounded).
  const history = { loss: [0.0512, 0.0301, 0.0198, 0.0153, 0.0121, 0.0113], valLoss: [0.0547, 0.0322, 0.0241, 0.0188, 0.0169, 0.0172], bestEpoch: 5 }

  it('draws one line per series, the best epoch where it is, and readable log ticks', () => {
    const svg = parseSvg(lossCurvesSvg(history, { document }))
    expect(svg.querySelectorAll('g[aria-label="line"] path').length).toBe(2)
    const x = axisScale(svg, 'x')
    expect(Number(svg.querySelector('g[aria-label="rule"] line')?.getAttribute('x1'))).toBeCloseTo(x(5), 0)
    // Integer epochs only, and plain decimals on the log axis ('0.02', never '20m').
    expect(texts(svg, 'x-axis tick label').filter(Boolean)).toEqual(['1', '2', '3', '4', '5', '6'])
    const y = texts(svg, 'y-axis tick label').filter(Boolean)
    expect(y).toContain('0.02')
    for (const label of y) expect(label).toMatch(/^0\.0\d+$/)
    expect(svg.textContent).toContain('■ validation')
  })

  it('draws the training line alone without validation, and skips non-positive losses on the log axis', () => {
    const svg = parseSvg(lossCurvesSvg({ loss: [0.5, 0.2, 0], valLoss: [], bestEpoch: 2 }, { document }))
    const paths = svg.querySelectorAll('g[aria-label="line"] path')
    expect(paths.length).toBe(1)
    expect(paths[0].getAttribute('d')?.split('L')).toHaveLength(2)
    expect(svg.textContent).not.toContain('validation')
  })
})

describe('reconstructionLinesSvg and reconstructionImageSvg', () => {
  const beat = Array.from({ length: 140 }, (_, i) => Math.sin(i / 9))
  const example = { title: 'a beat', input: beat, reconstruction: beat.map((v) => 0.9 * v) }

  it('draw the input and its reconstruction as two lines of every value', () => {
    const svg = parseSvg(reconstructionLinesSvg(example, { document }))
    const paths = [...svg.querySelectorAll('g[aria-label="line"] path')]
    expect(paths.map((p) => p.getAttribute('d')?.split('L').length)).toEqual([140, 140])
  })

  it('draw an image and its reconstruction as one cell per pixel each', () => {
    const image = { title: 'a digit', input: Float32Array.from({ length: 28 * 28 }, (_, i) => (i % 28) / 27), reconstruction: new Float32Array(28 * 28).fill(0.5) }
    const svg = parseSvg(reconstructionImageSvg(image, { document, shape: [28, 28] }))
    expect(svg.querySelectorAll('g[aria-label="cell"] rect').length).toBe(2 * 28 * 28)
    // Grey scale over both panels: the darkest input pixel is black, the brightest white.
    const fills = new Set([...svg.querySelectorAll('g[aria-label="cell"] rect')].map((r) => r.getAttribute('fill')))
    expect(fills.has('rgb(0, 0, 0)')).toBe(true)
    expect(fills.has('rgb(255, 255, 255)')).toBe(true)
  })

  it('draw the squared error of each pixel: white where the reconstruction is exact, darkest at the largest difference', () => {
    // Input: a ramp over the columns; reconstruction: 0.5 everywhere, so the error is (c/27 − 0.5)², 0.25 at both edges.
    const image = { title: 'a ramp', input: Float32Array.from({ length: 28 * 28 }, (_, i) => (i % 28) / 27), reconstruction: new Float32Array(28 * 28).fill(0.5) }
    const svg = parseSvg(errorImageSvg(image, { document, shape: [28, 28] }))
    const rects = [...svg.querySelectorAll('g[aria-label="cell"] rect')]
    expect(rects).toHaveLength(28 * 28)
    expect(rects[0].getAttribute('fill')).toBe('rgb(139, 0, 0)')
    expect(rects[27].getAttribute('fill')).toBe('rgb(139, 0, 0)')
    // Column 13 is 13/27 = 0.4815: error 0.00034, near white.
    expect(rects[13].getAttribute('fill')).toMatch(/^rgb\(25[0-5], 25[0-5], 25[0-5]\)$/)
    expect(svg.querySelector('desc')?.textContent ?? svg.getAttribute('aria-description')).toContain('largest 0.25')
    expect(() => errorImageSvg({ title: 'x', input: [1, 2, 3], reconstruction: [1, 2, 3] }, { document, shape: [2, 2] })).toThrowErrorMatchingInlineSnapshot(`[AedetectError: errorImageSvg(): input has 3 values and reconstruction 3; expected 4 each (a 2 × 2 image before and after the autoencoder).]`)
  })

  it('refuse values that do not fill the shape', () => {
    expect(() => reconstructionImageSvg({ title: 'x', input: [1, 2, 3], reconstruction: [1, 2, 3] }, { document, shape: [2, 2] })).toThrowErrorMatchingInlineSnapshot(`[AedetectError: reconstructionImageSvg(): input has 3 values and reconstruction 3; expected 4 each (the same sample before and after the autoencoder).]`)
    expect(() => reconstructionLinesSvg({ title: 'x', input: [1, 2, 3], reconstruction: [1, 2] }, { document })).toThrowErrorMatchingInlineSnapshot(`[AedetectError: reconstructionLinesSvg(): input has 3 values and reconstruction 2; expected 3 each (the same sample before and after the autoencoder).]`)
  })
})

describe('featureErrorsSvg', () => {
  const features = [
    { feature: HOSTILE, normal: 0.011, anomalous: 0.052 },
    { feature: 'heart rate', normal: 0.02, anomalous: 0.031 },
    { feature: 'a feature name far longer than any axis label should be', normal: 0.001, anomalous: 0.02 },
  ]

  it('escapes every name taken from the data: no element is injected, the text reads back unchanged', () => {
    const markup = featureErrorsSvg(features, { document })
    expect(markup).not.toContain('<img')
    expect(markup).toContain('&lt;img src=x onerror=alert(1)&gt;')
    const svg = parseSvg(markup)
    expect(svg.querySelectorAll('img').length).toBe(0)
    // The bar tooltips carry the full name; the axis cuts long names with an ellipsis.
    const titles = [...svg.querySelectorAll('title')].map((t) => t.textContent)
    expect(titles).toContain(`${HOSTILE}, anomalous: 0.052`)
    expect(texts(svg, 'fy-axis tick label')).toEqual([`${HOSTILE.slice(0, 25)}…`, 'heart rate', 'a feature name far longer…'])
  })

  it('draws two bars per feature with the legend once', () => {
    const svg = parseSvg(featureErrorsSvg(features, { document }))
    expect(svg.querySelectorAll('g[aria-label="bar"] rect').length).toBe(6)
    expect(svg.textContent?.split('■ normal')).toHaveLength(2)
  })
})
