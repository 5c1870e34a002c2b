// Time-series detection on NAB, scored as TSB-AD scores it (issue 9). Protocol: for each of the 51 series,
// the first p = min(floor(0.15·n), 750) rows (NAB's probationary period) train a window detector — one
// default configuration for univariate streams, not tuned per series —; the whole series is scored; the
// metrics use rows p … n − 1 only; series with no labelled row after p are not scored (6 of 51). VUS uses the
// per-series slidingWindow of fixtures/peer-results-ts.json (TSB-AD's find_length_rank). F1s: at
// TSB-AD's oracle threshold (an upper bound) and at aedetect's own label-free threshold (what a user gets).
// A PCA baseline on the same windows is printed beside, and the peers' mean VUS-PR as references.
import { listNabSeries, loadNabSeries } from '@aedetect/datasets/node'
import { runSeriesExperiment, seriesDefaultsFor } from '@aedetect/evaluation'
import type { TimeSeriesMetrics } from '@aedetect/metrics'
import { initBackend, registerFastKernels } from '@aedetect/models'
import type { BenchRow, BenchSuite } from '../harness'
import { meanOf, peerFixture, sharedDir } from '../_shared'

// The configuration measured is `seriesDefaultsFor(1)` of @aedetect/evaluation, the one `aedetect train --data
// nab:<series>` runs with no flags (seed 42, the CLI's default), through the same runSeriesExperiment call.

const PEERS = ['Sub_PCA', 'IForest', 'AutoEncoder', 'CNN', 'LSTMAD']

const suite: BenchSuite = {
  name: 'nab',
  description:
    'NAB (51 series, 45 scored): fit on the first min(floor(0.15 n), 750) rows, score all, metrics on the rows after that prefix (TSB-AD get_metrics, per-series slidingWindow from peer-results-ts.json); runSeriesExperiment of @aedetect/evaluation with its univariate default (what `aedetect train --data nab:<s>` runs): windowSize auto (period rule), dense [64,32,16,32,64], 15 epochs, a point scored by the worst window covering it, seed 42, alarms by a rolling mean + 2.5 std of the trailing 4200 point scores, computed again every 70 points (issue 19), started from the training point scores, each held 50 points after its last exceedance; own-threshold F1 / oracle F1 per series with event F1 and affiliation F beside; PCA on the same windows beside; peers = TSB-AD implementations.',
  async run(): Promise<BenchRow[]> {
    const backend = await initBackend()
    registerFastKernels()
    const dataDir = sharedDir('datasets')
    const peers = peerFixture()
    const only = process.env.AEDETECT_NAB_ONLY?.split(',')
    const started = performance.now()
    const ae: TimeSeriesMetrics[] = []
    const own: TimeSeriesMetrics[] = []
    const pca: TimeSeriesMetrics[] = []
    const perSeries: BenchRow[] = []
    let skipped = 0
    for (const info of listNabSeries({ dataDir })) {
      if (only && !only.some((o) => info.key.includes(o))) continue
      const series = await loadNabSeries({ dataDir, name: info.key })
      const n = series.values.length
      const prefix = Math.min(Math.floor(0.15 * n), 750)
      const evaluated = series.labels.subarray(prefix)
      if (!evaluated.includes(1)) {
        skipped++
        continue
      }
      const slidingWindow = peers.nab[info.key].slidingWindow as number
      const experiment = await runSeriesExperiment(
        { name: `NAB ${info.key}`, train: { data: series.values.slice(0, prefix), shape: [prefix, 1] }, test: { data: series.values.slice(prefix), shape: [n - prefix, 1] }, testLabels: series.labels.slice(prefix), featureNames: ['value'] },
        { testFollowsTrain: true },
      )
      // The package's slidingWindow (of the whole stream) is what the CLI uses; it equals TSB-AD's on all 51 series.
      const windowNote = experiment.slidingWindow === slidingWindow ? '' : `; slidingWindow ${experiment.slidingWindow} (TSB-AD's: ${slidingWindow})`
      const windowSize = experiment.detector.windowSize
      experiment.detector.dispose()
      const m = experiment.timeSeries
      ae.push(m)
      own.push(experiment.timeSeriesAtThreshold)
      pca.push(experiment.baseline?.timeSeries ?? m)
      const peerBest = Math.max(...PEERS.map((p) => peers.nab[info.key].methods[p]?.['VUS-PR'] ?? 0))
      perSeries.push({ name: `VUS-PR ${info.key} (window ${windowSize})`, value: m.vusPr, unit: '', reference: peerBest, note: `PCA ${pca[pca.length - 1].vusPr.toFixed(3)}${windowNote}; reference = best peer` })
      perSeries.push(f1RatioRow(info.key, m, experiment.timeSeriesAtThreshold))
    }
    const wallMs = performance.now() - started
    const rows: BenchRow[] = [
      { name: 'series scored', value: ae.length, unit: 'series', note: `${skipped} not scored (no label after the prefix)` },
      { name: 'mean VUS-PR (dense AE)', value: meanOf(ae, 'vusPr'), unit: '', reference: peerMean(peers, 'Sub_PCA'), target: '>= 0.44 and above every peer', met: meanOf(ae, 'vusPr') >= 0.44 && PEERS.every((p) => meanOf(ae, 'vusPr') > peerMean(peers, p)), note: 'reference = Sub_PCA, the best peer' },
      { name: 'mean VUS-ROC (dense AE)', value: meanOf(ae, 'vusRoc'), unit: '' },
      { name: 'mean AUC-PR (dense AE)', value: meanOf(ae, 'aucPr'), unit: '' },
      { name: 'mean AUC-ROC (dense AE)', value: meanOf(ae, 'aucRoc'), unit: '' },
      { name: 'mean standard F1, oracle (dense AE)', value: meanOf(ae, 'standardF1'), unit: '' },
      { name: 'mean PA-F1, oracle (dense AE)', value: meanOf(ae, 'pointAdjustedF1'), unit: '' },
      { name: 'mean event F1, oracle (dense AE)', value: meanOf(ae, 'eventF1'), unit: '' },
      { name: 'mean standard F1 at own threshold', value: meanOf(own, 'standardF1'), unit: '', note: alarmNote() },
      { name: 'mean standard F1 own / oracle', value: meanRatio(ae, own), unit: '', target: '>= 0.85 (issue 19)', met: meanRatio(ae, own) >= 0.85, note: `mean of the per-series ratios; ratio of the means ${(meanOf(own, 'standardF1') / meanOf(ae, 'standardF1')).toFixed(3)}` },
      { name: 'mean affiliation F at own threshold', value: meanOf(own, 'affiliationF'), unit: '', note: `oracle ${meanOf(ae, 'affiliationF').toFixed(3)}` },
      { name: 'mean PA-F1 at own threshold', value: meanOf(own, 'pointAdjustedF1'), unit: '' },
      { name: 'mean event F1 at own threshold', value: meanOf(own, 'eventF1'), unit: '' },
      { name: 'mean VUS-PR (PCA, same windows)', value: meanOf(pca, 'vusPr'), unit: '', note: '90 % variance' },
      { name: 'mean AUC-ROC (PCA, same windows)', value: meanOf(pca, 'aucRoc'), unit: '' },
      ...PEERS.map((p) => ({ name: `peer mean VUS-PR: ${p}`, value: peerMean(peers, p), unit: '', note: `${peerCount(peers, p)} series scored by TSB-AD` })),
      { name: 'wall time of the whole NAB run', value: wallMs / 1000, unit: 's', note: `backend ${backend.name}, AE + PCA + metrics` },
      ...perSeries,
    ]
    return rows
  },
}

/** Standard F1 at the detector's own alarm rule over the oracle (best-in-hindsight) F1 of the same scores, event F1 and affiliation F beside. */
export function f1RatioRow(name: string, oracle: TimeSeriesMetrics, own: TimeSeriesMetrics): BenchRow {
  const ratio = oracle.standardF1 > 0 ? own.standardF1 / oracle.standardF1 : Number.NaN
  return { name: `standard F1 own / oracle ${name}`, value: ratio, unit: '', note: `own ${own.standardF1.toFixed(3)}, oracle ${oracle.standardF1.toFixed(3)}; event F1 own ${own.eventF1.toFixed(3)} / oracle ${oracle.eventF1.toFixed(3)}; affiliation F own ${own.affiliationF?.toFixed(3) ?? '—'} / oracle ${oracle.affiliationF?.toFixed(3) ?? '—'}` }
}

/** Mean over series of own-threshold standard F1 / oracle F1 (series with an oracle F1 of 0 count as 0). */
export function meanRatio(oracle: TimeSeriesMetrics[], own: TimeSeriesMetrics[]): number {
  return oracle.reduce((sum, m, i) => sum + (m.standardF1 > 0 ? own[i].standardF1 / m.standardF1 : 0), 0) / oracle.length
}

function alarmNote(): string {
  const d = seriesDefaultsFor(1)
  return d.alarm && d.alarm.strategy !== 'fixed' ? `alarm rule ${JSON.stringify(d.alarm)}` : `${JSON.stringify(d.threshold)} of the training point scores${d.alarm ? `, events ${JSON.stringify(d.alarm)}` : ''}`
}

function peerMean(peers: ReturnType<typeof peerFixture>, method: string): number {
  const values = Object.values(peers.nab).map((s) => s.methods[method]?.['VUS-PR']).filter((v): v is number => v !== undefined)
  return values.reduce((a, b) => a + b, 0) / values.length
}

function peerCount(peers: ReturnType<typeof peerFixture>, method: string): number {
  return Object.values(peers.nab).filter((s) => s.methods[method]?.['VUS-PR'] !== undefined).length
}

export default suite
