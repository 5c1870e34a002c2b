import { evaluateDetection } from '@aedetect/metrics'
import { describe, expect, it } from 'vitest'
import { FIGURE_IDS, renderHtmlReport } from './html-report'
import { renderMarkdownSummary } from './markdown-summary'
import type { ReportContent } from './report-content'

// The report page of a made-up detector (no training): the records a real `aedetect report` passes, with names
// from the data that try to inject markup, and the PCA baseline that `ReportContent` is gaining (issue 18).
const HOSTILE = '<img src=x onerror=alert(1)>'
const labels = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1]
const scores = [0.011, 0.012, 0.013, 0.015, 0.016, 0.018, 0.021, 0.034, 0.027, 0.041, 0.052, 0.06]
const report = evaluateDetection(labels, scores, 0.03)
const beat = Array.from({ length: 20 }, (_, i) => Math.sin(i / 3))

function content(extra: Record<string, unknown> = {}): ReportContent {
  return {
    data: `rows of ${HOSTILE}.csv`,
    modelDir: '/models/m',
    backend: 'cpu',
    architecture: 'dense',
    report,
    thresholds: [],
    history: { loss: [0.05, 0.03, 0.02], valLoss: [0.06, 0.035, 0.025], bestEpoch: 3, stoppedEarly: false, epochsRun: 3, samplesPerSecond: 1000 },
    examples: { normal: { title: `A normal ${HOSTILE}`, input: beat, reconstruction: beat }, anomalous: { title: 'An anomalous one', input: beat, reconstruction: beat.map((v) => v / 2) } },
    image: null,
    featureErrors: [{ feature: HOSTILE, normal: 0.01, anomalous: 0.05 }, { feature: 'heart rate', normal: 0.02, anomalous: 0.03 }],
    timeSeries: null,
    ...extra,
  } as ReportContent
}

describe('renderHtmlReport', () => {
  it('holds one SVG chart per figure id, in order, and escapes every name from the data', () => {
    const page = renderHtmlReport(content())
    const sections = page.split('<figure id="').slice(1)
    expect(sections.map((s) => s.slice(0, s.indexOf('"')))).toEqual([...FIGURE_IDS])
    for (const s of sections) expect(s).toMatch(/^[^"]+"><svg [^>]*viewBox="0 0 \d+ \d+"/)
    expect(page).not.toContain('<img')
    // The title, the caption and the feature chart each carry the name, escaped.
    expect(page.split('&lt;img src=x onerror=alert(1)&gt;').length - 1).toBeGreaterThanOrEqual(4)
    expect(page).not.toMatch(/<script|<link|src="http/)
    expect(page).not.toContain('id="baseline"')
  })

  it('puts the PCA baseline in a row beside the autoencoder when the content has one', () => {
    const page = renderHtmlReport(content({ baseline: { architecture: 'pca', rocAuc: 0.9125, averagePrecision: null, f1: 0.5 } }))
    const table = page.slice(page.indexOf('<table id="baseline">'), page.indexOf('</table>', page.indexOf('<table id="baseline">')))
    // Expected for the autoencoder, by hand from the 12 scores above: ROC-AUC 31/32 (one anomaly, 0.027, below one
    // normal, 0.034); AP (1 + 1 + 1 + 4/5) / 4 = 0.95; at 0.03 tp 3, fp 1, fn 1, so F1 = 6/8.
    expect(table).toContain('<tr><td>dense autoencoder</td><td>0.9688</td><td>0.9500</td><td>0.7500</td></tr>')
    expect(table).toContain('<tr><td>pca baseline</td><td>0.9125</td><td>—</td><td>0.5000</td></tr>')
    const md = renderMarkdownSummary(content({ baseline: { architecture: 'pca', rocAuc: 0.9125, averagePrecision: null, f1: 0.5 } }), 'report.html')
    expect(md).toContain('| pca baseline | 0.9125 | — | 0.5000 |')
  })

  it('draws images as grey pixels when the samples are images', () => {
    const pixels = Array.from({ length: 16 }, (_, i) => i / 15)
    const page = renderHtmlReport(content({ image: [4, 4], examples: { normal: { title: 'n', input: pixels, reconstruction: pixels }, anomalous: { title: 'a', input: pixels, reconstruction: pixels } } }))
    const figure = page.slice(page.indexOf('<figure id="reconstruction-normal"'), page.indexOf('<figure id="reconstruction-anomalous"'))
    expect(figure.split('<rect').length - 1).toBe(2 * 16)
  })
})
