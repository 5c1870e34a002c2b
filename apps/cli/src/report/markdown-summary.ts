import { baselineOf } from './baseline'
import { escapeMarkdown } from './escape'
import type { ReportContent } from './report-content'

const EVENTS_SHOWN = 20

/** The report's numbers as Markdown: summary, the baseline beside the autoencoder (when present), time-series metrics, threshold strategies, top features. */
export function renderMarkdownSummary(content: ReportContent, htmlFile: string): string {
  const { report } = content
  const e = escapeMarkdown
  const f = (v: number | null) => (v === null ? '—' : Number.isFinite(v) ? v.toFixed(4) : String(v))
  const lines = [
    `# aedetect report — ${e(content.data)}`,
    '',
    `Model \`${content.modelDir.replace(/`/g, "'")}\` (${e(content.architecture)} autoencoder, backend ${e(content.backend)}). Figures: ${e(htmlFile)}. Anomaly = positive unless stated.`,
    '',
    '| figure | value |',
    '|---|---|',
    `| test samples | ${report.n} (${report.normals} normal, ${report.anomalies} anomalous) |`,
    `| threshold | ${f(report.threshold.value)} (${e(report.threshold.strategy)}) |`,
    `| confusion matrix | tp ${report.confusionMatrix.tp}, fp ${report.confusionMatrix.fp}, tn ${report.confusionMatrix.tn}, fn ${report.confusionMatrix.fn} |`,
    `| ROC-AUC | ${f(report.rocAuc)} |`,
    `| average precision | ${f(report.averagePrecision)} |`,
    `| precision / recall / F1 | ${f(report.anomalyPositive.precision)} / ${f(report.anomalyPositive.recall)} / ${f(report.anomalyPositive.f1)} |`,
    `| normal positive: precision / recall / F1 | ${f(report.normalPositive.precision)} / ${f(report.normalPositive.recall)} / ${f(report.normalPositive.f1)} |`,
    `| accuracy | ${f(report.anomalyPositive.accuracy)} |`,
  ]
  const baseline = baselineOf(content)
  if (baseline) {
    lines.push('', '## Against the baseline (same split)', '', '| model | ROC-AUC | average precision | F1, anomaly positive |', '|---|---|---|---|')
    lines.push(`| ${e(content.architecture)} autoencoder | ${f(report.rocAuc)} | ${f(report.averagePrecision)} | ${f(report.anomalyPositive.f1)} |`)
    lines.push(`| ${e(baseline.architecture)} baseline | ${f(baseline.rocAuc)} | ${f(baseline.averagePrecision)} | ${f(baseline.f1)} |`)
  }
  if (content.timeSeries) {
    lines.push('', '## Time-series metrics (TSB-AD)', '', '| metric | value |', '|---|---|')
    for (const [k, v] of Object.entries(content.timeSeries)) lines.push(`| ${k} | ${f(v)} |`)
  }
  if (content.alarms) {
    const shown = content.alarms.events.slice(0, EVENTS_SHOWN)
    lines.push('', '## Alarms', '', `${e(content.alarms.rule)}. ${content.alarms.events.length} events${content.alarms.events.length > shown.length ? ` (the first ${shown.length} below; \`evaluate --json\` lists all)` : ''}.`)
    if (shown.length > 0) {
      lines.push('', '| test points | peak score (at) | top variables |', '|---|---|---|')
      for (const ev of shown) lines.push(`| ${ev.start}–${ev.end} | ${f(ev.peak)} (${ev.peakIndex}) | ${ev.variables.map((v) => `${e(v.feature)} ${(100 * v.share).toFixed(1)} %`).join(', ')} |`)
    }
  }
  lines.push('', '## Threshold strategies', '', '| strategy | threshold | precision | recall | F1 | FPR | flagged |', '|---|---|---|---|---|---|---|')
  for (const r of content.thresholds) {
    const params = ['k', 'q', 'maxFpr', 'contamination'].filter((k) => r.params[k] !== undefined).map((k) => `${k} ${r.params[k]}`).join(', ')
    const name = params ? `${r.strategy} (${params})` : r.strategy
    lines.push(r.skipped !== null ? `| ${name} | skipped: ${e(r.skipped)} | | | | | |` : `| ${name} | ${f(r.threshold)} | ${f(r.precision)} | ${f(r.recall)} | ${f(r.f1)} | ${f(r.fpr)} | ${r.flagged} |`)
  }
  lines.push('', '## Features with the largest error gap', '', '| feature | mean error, normal | mean error, anomalous |', '|---|---|---|')
  for (const x of content.featureErrors) lines.push(`| ${e(x.feature)} | ${f(x.normal)} | ${f(x.anomalous)} |`)
  return `${lines.join('\n')}\n`
}
