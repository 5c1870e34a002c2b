import { confusionMatrixSvg, errorHistogramSvg, featureErrorsSvg, lossCurvesSvg, prCurveSvg, reconstructionImageSvg, reconstructionLinesSvg, rocCurveSvg } from '@aedetect/charts'
import type { ThresholdComparisonRow } from '@aedetect/metrics'
import { parseHTML } from 'linkedom'
import { baselineOf, type Baseline } from './baseline'
import { escapeHtml } from './escape'
import type { ReportContent } from './report-content'

/** The ids of the report's figures, in page order (tests look for each). */
export const FIGURE_IDS = ['loss-curves', 'error-histogram', 'confusion-matrix', 'roc-curve', 'pr-curve', 'reconstruction-normal', 'reconstruction-anomalous', 'feature-errors'] as const

const STYLE = `body{font:14px/1.45 system-ui,sans-serif;margin:24px auto;max-width:1180px;color:#222;padding:0 16px}
h1{font-size:22px}h2{font-size:17px;margin-top:28px;border-bottom:1px solid #ddd}
.grid{display:flex;flex-wrap:wrap;gap:18px}figure{margin:0;max-width:100%}figcaption{font-size:12px;color:#555;max-width:560px}
svg{max-width:100%;height:auto}.scroll{overflow-x:auto;max-width:100%}h1,p,figcaption{overflow-wrap:anywhere}
table{border-collapse:collapse;font-variant-numeric:tabular-nums}td,th{padding:3px 10px;border-bottom:1px solid #eee;text-align:right}
th:first-child,td:first-child{text-align:left}.chosen{font-weight:600;background:#f3f7ff}.muted{color:#888}`

/**
 * One self-contained HTML page (inline CSS and SVG, no script, no external resource) with the report's
 * figures and tables. Every string taken from data or paths is escaped; the SVGs come escaped from the
 * chart serializer.
 */
export function renderHtmlReport(content: ReportContent): string {
  const { report } = content
  const e = escapeHtml
  // Node has no DOM: the charts draw into linkedom's, and its serializer escapes every text from the data.
  const { document } = parseHTML('<!doctype html><html><body></body></html>')
  const options = { document: document as unknown as Document }
  const figure = (id: string, caption: string, svg: string) => `<figure id="${id}">${svg}<figcaption>${e(caption)}</figcaption></figure>`
  const reconstruction = (which: 'normal' | 'anomalous') => {
    const example = content.examples[which]
    return content.image ? reconstructionImageSvg(example, { ...options, shape: content.image }) : reconstructionLinesSvg(example, options)
  }
  const baseline = baselineOf(content)
  const m = report.anomalyPositive
  const n = report.normalPositive
  const summary = [
    ['test samples', `${report.n} (${report.normals} normal, ${report.anomalies} anomalous)`],
    ['threshold', `${fmt(report.threshold.value)} (${report.threshold.strategy}, chosen without the test split)`],
    ['ROC-AUC / average precision', `${fmt(report.rocAuc)} / ${fmt(report.averagePrecision)}`],
    ['anomaly positive: precision / recall / F1', `${fmt(m.precision)} / ${fmt(m.recall)} / ${fmt(m.f1)}`],
    ['normal positive: precision / recall / F1', `${fmt(n.precision)} / ${fmt(n.recall)} / ${fmt(n.f1)}`],
    ['accuracy', fmt(m.accuracy)],
  ]
  const ts = content.timeSeries
  const tsTable = ts
    ? `<h2>Time-series metrics (TSB-AD)</h2><div class="scroll"><table><tr><th>metric</th><th>value</th></tr>${Object.entries(ts).map(([k, v]) => `<tr><td>${e(k)}</td><td>${v === null ? '—' : fmt(v)}</td></tr>`).join('')}</table></div>`
    : ''
  const alarms = content.alarms
  const alarmsTable = alarms
    ? `<h2>Alarms</h2><p>${e(alarms.rule)}. ${alarms.events.length} events${alarms.events.length > 20 ? ' (the first 20)' : ''}.</p>${alarms.events.length > 0 ? `<div class="scroll"><table><tr><th>test points</th><th>peak score (at)</th><th>top variables</th></tr>${alarms.events.slice(0, 20).map((ev) => `<tr><td>${ev.start}–${ev.end}</td><td>${fmt(ev.peak)} (${ev.peakIndex})</td><td>${e(ev.variables.map((v) => `${v.feature} ${(100 * v.share).toFixed(1)} %`).join(', '))}</td></tr>`).join('')}</table></div>` : ''}`
    : ''
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>aedetect report — ${e(content.data)}</title><style>${STYLE}</style></head>
<body>
<h1>aedetect report — ${e(content.data)}</h1>
<p class="muted">model ${e(content.modelDir)} · ${e(content.architecture)} autoencoder · backend ${e(content.backend)} · anomaly = positive unless stated; a sample is flagged when score ≥ threshold</p>
<div class="scroll"><table>${summary.map(([k, v]) => `<tr><td>${e(k)}</td><td>${e(v)}</td></tr>`).join('')}</table></div>
${baseline ? baselineTable(content, baseline) : ''}
${alarmsTable}
${report.warnings.length > 0 ? `<p class="muted">${report.warnings.map(e).join('<br>')}</p>` : ''}
<h2>Training</h2>
<div class="grid">${content.history ? figure('loss-curves', `Loss per epoch; the dashed line marks the best epoch (${content.history.bestEpoch}), whose weights were kept.`, lossCurvesSvg(content.history, options)) : `<figure id="loss-curves"><figcaption>No training history saved with this detector.</figcaption></figure>`}</div>
<h2>Scores on the test split</h2>
<div class="grid">
${figure('error-histogram', 'Reconstruction error of normal and anomalous test samples; the black line is the threshold.', errorHistogramSvg(report, options))}
${figure('confusion-matrix', 'Confusion matrix at the threshold.', confusionMatrixSvg(report, options))}
${figure('roc-curve', 'ROC curve of the scores (dashed: chance); the ring is the operating point at the threshold.', rocCurveSvg(report, options))}
${figure('pr-curve', 'Precision-recall curve, anomaly positive (dashed: the anomaly rate); the ring is the operating point at the threshold.', prCurveSvg(report, options))}
</div>
${tsTable}
<h2>Threshold strategies</h2>
${thresholdTable(content.thresholds, report.threshold.strategy)}
<h2>Input against reconstruction</h2>
<div class="grid">
${figure('reconstruction-normal', content.examples.normal.title, reconstruction('normal'))}
${figure('reconstruction-anomalous', content.examples.anomalous.title, reconstruction('anomalous'))}
</div>
<h2>Per-feature error</h2>
${figure('feature-errors', `Mean error per feature over the normal and the anomalous test samples: the ${content.featureErrors.length} features with the largest gap.`, featureErrorsSvg(content.featureErrors, options))}
</body></html>
`
}

/** The threshold comparison as an HTML table; the detector's own strategy is highlighted. */
function thresholdTable(rows: ThresholdComparisonRow[], chosen: string): string {
  const e = escapeHtml
  const body = rows
    .map((r) => {
      const params = Object.entries(r.params).filter(([k]) => ['k', 'q', 'maxFpr', 'contamination'].includes(k)).map(([k, v]) => `${k} ${v}`).join(', ')
      const cells = r.skipped !== null ? `<td colspan="6" class="muted">${e(r.skipped)}</td>` : [r.threshold, r.precision, r.recall, r.f1, r.fpr].map((v) => `<td>${v === null ? '—' : fmt(v)}</td>`).join('') + `<td>${r.flagged}</td>`
      return `<tr${r.strategy === chosen ? ' class="chosen"' : ''}><td>${e(r.strategy)}${params ? ` (${e(params)})` : ''}</td>${cells}</tr>`
    })
    .join('')
  return `<div class="scroll"><table id="threshold-strategies"><tr><th>strategy</th><th>threshold</th><th>precision</th><th>recall</th><th>F1</th><th>FPR</th><th>flagged</th></tr>${body}</table></div>`
}

/** The autoencoder's threshold-free figures and F1 beside the PCA baseline's, fitted and scored on the same split. */
function baselineTable(content: ReportContent, baseline: Baseline): string {
  const e = escapeHtml
  const f = (v: number | null) => (v === null ? '—' : fmt(v))
  const { report } = content
  const row = (name: string, rocAuc: number | null, ap: number | null, f1: number) => `<tr><td>${e(name)}</td><td>${f(rocAuc)}</td><td>${f(ap)}</td><td>${f(f1)}</td></tr>`
  return `<h2>Against the baseline</h2><div class="scroll"><table id="baseline"><tr><th>model (same split)</th><th>ROC-AUC</th><th>average precision</th><th>F1, anomaly positive</th></tr>${row(`${content.architecture} autoencoder`, report.rocAuc, report.averagePrecision, report.anomalyPositive.f1)}${row(`${baseline.architecture} baseline`, baseline.rocAuc, baseline.averagePrecision, baseline.f1)}</table></div>`
}

function fmt(v: number): string {
  if (!Number.isFinite(v)) return String(v)
  return Math.abs(v) >= 1e4 || (Math.abs(v) < 1e-3 && v !== 0) ? v.toExponential(3) : v.toFixed(4)
}
