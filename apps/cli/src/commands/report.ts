import { AedetectError } from '@aedetect/core'
import { Command } from '@commander-js/extra-typings'
import { startBackend } from '../backend'
import { withCommonOptions, withDataOptions } from '../common-options'
import { loadData } from '../data-source'
import { evaluateTable } from '../jobs/evaluate-table'
import { explicitOption } from '../jobs/explicit-option'
import { recordedSplit } from '../jobs/recorded-split'
import { sampleReportContent } from '../jobs/sample-report'
import { isWindowModel, seriesReportContent } from '../jobs/series-job'
import { isSeries } from '../jobs/series-kind'
import { openDetector } from '../model-folder'
import { printJson, say } from '../output'
import { parseInteger } from '../parse-options'
import { FIGURE_IDS, renderHtmlReport } from '../report/html-report'
import { renderMarkdownSummary } from '../report/markdown-summary'
import type { ReportContent } from '../report/report-content'
import { splitRowsFor } from '../split-file'
import { writeFilesAtomic } from '../write-atomic'
import { checkDataOptions } from '../data-options'
import { checkOutputFiles, fileError } from '../output-paths'

export function reportCommand() {
  const command = new Command('report')
    .description('Write one self-contained HTML report with SVG plots (loss curves, error histogram with the threshold, ROC and PR curves, confusion matrix, input vs reconstruction, per-feature errors) and a Markdown summary.')
    .requiredOption('--model <dir>', 'detector folder written by `aedetect train`')
    .option('--out <file>', 'the HTML file', 'aedetect-report.html')
    .option('--summary <file>', 'the Markdown summary (default: --out with .md)')
    .option('--seed <n>', "seed of the split (default: the detector's own)", parseInteger)
  return withCommonOptions(withDataOptions(command))
    .addHelpText('after', `
Examples:
  $ aedetect report --model aedetect-model --out ecg-report.html          # also writes ecg-report.md
  $ aedetect report --model cardio-model --data odds:cardio --data-dir ../shared/datasets --split-file odds-novelty-splits.json --split-key tables.cardio.0
  $ aedetect report --model smd-model --data smd:machine-1-2 --data-dir ../shared/datasets --out smd.html`)
    .action(async (opts, command) => {
      checkDataOptions(opts)
      const summaryPath = opts.summary ?? (opts.out.endsWith('.html') ? `${opts.out.slice(0, -5)}.md` : `${opts.out}.md`)
      // Before any work: no output may be an input, inside the detector folder, or the other output.
      const inputs = [{ option: '--csv', path: opts.csv }, { option: '--split-file', path: opts.splitFile }, { option: '--config', path: opts.config }]
      checkOutputFiles([{ option: '--out', path: opts.out }, { option: opts.summary === undefined ? '--summary (default)' : '--summary', path: summaryPath }], inputs, [{ option: '--model', path: opts.model }, { option: '--data-dir', path: opts.dataDir }])
      const backend = await startBackend(opts.backend, Boolean(opts.json), Boolean(opts.verbose))
      let content: ReportContent
      if (await isWindowModel(opts.model)) {
        content = await seriesReportContent(opts.model, { ...opts, backend: backend.name })
      } else {
        const detector = await openDetector(opts.model)
        try {
          const data = await loadData({ ...opts, seed: opts.seed ?? detector.state.seed, sampleShape: detector.state.sampleShape })
          if (isSeries(data)) {
            throw new AedetectError('E_OPTION', `--data ${opts.data}: a time series, but the detector in ${opts.model} scores single samples; train a time-series detector on it first.`)
          }
          const rows = await splitRowsFor(data, opts)
          const { split, config } = await recordedSplit(opts.model, detector, data, { testFraction: explicitOption(command, 'testFraction', opts.testFraction), seed: opts.seed, rows, rowsFrom: opts.split === 'ucr' ? '--split ucr' : `--split-file ${opts.splitFile}` })
          const evaluation = await evaluateTable(detector, data, split, { config })
          content = sampleReportContent(detector, data, evaluation, { modelDir: opts.model, backend: backend.name })
        } finally {
          detector.dispose()
        }
      }
      const html = renderHtmlReport(content)
      await writeFilesAtomic([
        { path: opts.out, text: html },
        { path: summaryPath, text: renderMarkdownSummary(content, opts.out) },
      ]).catch((error: unknown) => {
        throw fileError(error, '--out', opts.out, 'write')
      })
      const output = { html: opts.out, summary: summaryPath, bytes: Buffer.byteLength(html), figures: [...FIGURE_IDS], data: content.data, rocAuc: content.report.rocAuc, averagePrecision: content.report.averagePrecision, timeSeries: content.timeSeries, baseline: content.baseline ?? null }
      if (opts.json) return printJson(output)
      if (content.baseline) say(`PCA baseline (same split): ROC-AUC ${content.baseline.rocAuc?.toFixed(4) ?? '—'}, average precision ${content.baseline.averagePrecision?.toFixed(4) ?? '—'}, F1 ${content.baseline.f1.toFixed(4)} at its own threshold; the autoencoder: ROC-AUC ${Number.isNaN(content.report.rocAuc) ? '—' : content.report.rocAuc.toFixed(4)}, F1 ${content.report.anomalyPositive.f1.toFixed(4)}`)
      say(`report written to ${opts.out} (${(output.bytes / 1024).toFixed(0)} kB, ${FIGURE_IDS.length} figures) and ${summaryPath}`)
    })
}
