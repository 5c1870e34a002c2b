import { evaluateDetection } from '@aedetect/metrics'
import { describe, expect, it } from 'vitest'
import { confusionMatrixSvg, errorHistogramSvg, prCurveSvg, rocCurveSvg, thresholdOverride } from '@aedetect/charts'
import { axisScale, metricsCase, newDocument, parseSvg, texts, translations } from './_test-dom'

// The charts of one evaluation report: the 2,000 scores (95 anomalies, ties) of the 'rare-anomalies-with-ties'
// case of fixtures/sklearn-reference.json, at sklearn's thresholds 2 and 4.
const c = metricsCase('rare-anomalies-with-ties')
const report = evaluateDetection(c.labels, c.scores, c.atThresholds[0].threshold)
const document = newDocument()
const moved = thresholdOverride(c.labels, c.scores, c.atThresholds[1].threshold)

/** The labels of an axis are round: plain decimals, evenly spaced by 1, 2, 2.5 or 5 × 10^k. */
function expectRoundTicks(labels: string[]): void {
  expect(labels.length).toBeGreaterThan(2)
  for (const label of labels) expect(label).toMatch(/^-?\d+(\.\d+)?$/)
  const values = labels.map(Number)
  const step = values[1] - values[0]
  expect([1, 2, 2.5, 5]).toContain(Number((step / 10 ** Math.floor(Math.log10(step))).toPrecision(6)))
  values.forEach((v, i) => expect(v).toBeCloseTo(values[0] + i * step, 9))
}

function ringedDot(svg: Element): [number, number] {
  const dots = svg.querySelectorAll('g[aria-label="dot"] circle')
  expect(dots.length).toBe(1)
  return [Number(dots[0].getAttribute('cx')), Number(dots[0].getAttribute('cy'))]
}

describe('errorHistogramSvg', () => {
  it('draws both classes in the report bins, the threshold line where the threshold is, and round ticks', () => {
    const svg = parseSvg(errorHistogramSvg(report, { document }))
    expect(svg.tagName.toLowerCase()).toBe('svg')
    // 40 bins of each class.
    expect(svg.querySelectorAll('g[aria-label="rect"] rect').length).toBe(2 * report.histogram.normal.length)
    const x = axisScale(svg, 'x')
    const rule = svg.querySelector('g[aria-label="rule"] line')
    expect(Number(rule?.getAttribute('x1'))).toBeCloseTo(x(2), 0)
    expect(texts(svg, 'text')).toContain('threshold 2')
    expectRoundTicks(texts(svg, 'x-axis tick label'))
    // Counts are integers: no 0.5-sample ticks.
    for (const t of texts(svg, 'y-axis tick label')) expect(Number.isInteger(Number(t))).toBe(true)
    expect(svg.textContent).toContain('■ normal')
    expect(svg.textContent).toContain('■ anomalous')
  })

  it('moves the line to an overridden threshold', () => {
    const svg = parseSvg(errorHistogramSvg(report, { document, threshold: moved }))
    const x = axisScale(svg, 'x')
    expect(Number(svg.querySelector('g[aria-label="rule"] line')?.getAttribute('x1'))).toBeCloseTo(x(4), 0)
    expect(texts(svg, 'text')).toContain('threshold 4')
  })
})

describe('rocCurveSvg and prCurveSvg', () => {
  it('put the operating point where the counts at the threshold are', () => {
    for (const [threshold, at] of [[undefined, c.atThresholds[0]], [moved, c.atThresholds[1]]] as const) {
      const roc = parseSvg(rocCurveSvg(report, { document, threshold }))
      const [cx, cy] = ringedDot(roc)
      // Expected: FPR and TPR from sklearn's counts at the threshold (95 anomalies, 1,905 normals); 1 px tolerance.
      expect(cx).toBeCloseTo(axisScale(roc, 'x')(at.fp / (at.fp + at.tn)), 0)
      expect(cy).toBeCloseTo(axisScale(roc, 'y')(at.tp / (at.tp + at.fn)), 0)
      const pr = parseSvg(prCurveSvg(report, { document, threshold }))
      const [px, py] = ringedDot(pr)
      expect(px).toBeCloseTo(axisScale(pr, 'x')(at.tp / (at.tp + at.fn)), 0)
      expect(py).toBeCloseTo(axisScale(pr, 'y')(at.tp / (at.tp + at.fp)), 0)
    }
  })

  it('draw the curve of the report, the chance line, the area figure and round ticks', () => {
    const roc = parseSvg(rocCurveSvg(report, { document }))
    const lines = roc.querySelectorAll('g[aria-label="line"] path')
    expect(lines.length).toBe(2)
    // Chance: from (0, 0) to (1, 1).
    const x = axisScale(roc, 'x')
    const y = axisScale(roc, 'y')
    expect(lines[0].getAttribute('d')).toBe(`M${x(0)},${y(0)}L${x(1)},${y(1)}`)
    expect(lines[1].getAttribute('d')?.split('L').length).toBe(report.roc.fpr.length)
    // Expected AUC: sklearn.metrics.roc_auc_score on the same case, 0.8467.
    expect(texts(roc, 'text')).toEqual(['AUC 0.847'])
    expectRoundTicks(texts(roc, 'x-axis tick label'))
    const pr = parseSvg(prCurveSvg(report, { document }))
    // Expected AP: sklearn.metrics.average_precision_score, 0.1741; the dashed rule at the anomaly rate 95 / 2000.
    expect(texts(pr, 'text')).toEqual(['AP 0.174'])
    expect(Number(pr.querySelector('g[aria-label="rule"] line')?.getAttribute('y1'))).toBeCloseTo(axisScale(pr, 'y')(95 / 2000), 0)
  })

  it('leave the PR operating point out when nothing is flagged (precision undefined)', () => {
    const none = thresholdOverride(c.labels, c.scores, Number.POSITIVE_INFINITY)
    const pr = parseSvg(prCurveSvg(report, { document, threshold: none }))
    expect(pr.querySelectorAll('g[aria-label="dot"] circle').length).toBe(0)
    expect(pr.getAttribute('aria-description')).toContain('precision undefined (nothing flagged)')
  })
})

describe('confusionMatrixSvg', () => {
  it('prints the four counts of the report, and of an overridden threshold', () => {
    // Expected: sklearn's counts at thresholds 2 and 4 (tn, fp, fn, tp in the cells' order).
    const cells = (svg: Element) => [...svg.querySelectorAll('g[aria-label="text"] text')].map((t) => Number(t.textContent)).sort((a, b) => a - b)
    const at = (i: number) => [c.atThresholds[i].tn, c.atThresholds[i].fp, c.atThresholds[i].fn, c.atThresholds[i].tp].sort((a, b) => a - b)
    expect(cells(parseSvg(confusionMatrixSvg(report, { document })))).toEqual(at(0))
    expect(cells(parseSvg(confusionMatrixSvg(report, { document, threshold: moved })))).toEqual(at(1))
    expect(translations(parseSvg(confusionMatrixSvg(report, { document })), 'text')).toHaveLength(4)
  })
})

describe('width', () => {
  it('draws at the width asked, keeping the proportions (and a 200 px floor of height for the wide charts)', () => {
    expect(parseSvg(rocCurveSvg(report, { document, width: 340 })).getAttribute('viewBox')).toBe('0 0 340 340')
    expect(parseSvg(errorHistogramSvg(report, { document, width: 340 })).getAttribute('viewBox')).toBe('0 0 340 200')
    expect(parseSvg(errorHistogramSvg(report, { document, width: 1120 })).getAttribute('viewBox')).toBe('0 0 1120 520')
  })

  it('refuses a width too small to hold the axes', () => {
    expect(() => confusionMatrixSvg(report, { document, width: 120 })).toThrowErrorMatchingInlineSnapshot(`[AedetectError: confusionMatrixSvg(): width is 120; expected a number of pixels >= 200 (or leave it out for 300).]`)
  })
})

describe('without a document', () => {
  it('names the option that supplies one (Node has no global document)', () => {
    expect(() => rocCurveSvg(report)).toThrowErrorMatchingInlineSnapshot(`[AedetectError: rocCurveSvg(): no DOM document to draw into (Node has none). Pass { document } from linkedom: parseHTML('<!doctype html><html><body></body></html>').document.]`)
  })
})
