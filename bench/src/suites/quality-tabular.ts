// Quality on tables, printed beside fixtures/peer-results.json (PyOD 3.6.5, scikit-learn, PyTorch on
// the same data and splits): ECG5000's UCR protocol and the ODDS novelty protocol, seeds 0, 1, 2.
// Every fit goes through runSampleExperiment of @aedetect/evaluation with the kind's defaults (what `aedetect
// train` runs): the UCR and ODDS splits as given rows, the foundation split as the CLI's seeded split.
import type { Samples } from '@aedetect/core'
import { loadEcg5000, loadOdds } from '@aedetect/datasets/node'
import { runSampleExperiment, type DetectorOverrides, type LabelledSamples, type SampleKind } from '@aedetect/evaluation'
import { initBackend, registerFastKernels } from '@aedetect/models'
import type { BenchRow, BenchSuite } from '../harness'
import { datasetsDir, mean, readFixture } from '../_shared'
import { ECG_LSTM } from '../_bench-configs'

const SEEDS = [0, 1, 2]
const ODDS_TABLES = ['arrhythmia', 'cardio', 'ionosphere', 'musk', 'satimage-2', 'shuttle']
type PeerStat = { rocAuc: [number, number]; averagePrecision: [number, number] }
interface Peers { ecg5000Ucr: { methods: Record<string, PeerStat> }; oddsNovelty: { tables: Record<string, Record<string, PeerStat>> } }
interface Splits { tables: Record<string, Record<string, { trainRows: number[]; testRows: number[] }>> }

interface Fit { kind: SampleKind; overrides?: DetectorOverrides }

// One experiment without the baseline (these rows compare models, not against PCA) and the test rows' figures.
async function evaluate(data: LabelledSamples, fit: Fit, seed: number, given?: { source: 'file' | 'ucr'; trainRows: number[]; testRows: number[] }): Promise<{ auc: number; ap: number; fitMs: number }> {
  const experiment = await runSampleExperiment(data, { kind: fit.kind, overrides: fit.overrides, seed, given, baseline: false })
  experiment.detector.dispose()
  return { auc: experiment.report.rocAuc, ap: experiment.report.averagePrecision, fitMs: experiment.timingsMs.fit }
}

async function ecgRows(peers: Peers): Promise<BenchRow[]> {
  const ecg = await loadEcg5000()
  const ucr = {
    source: 'ucr' as const,
    trainRows: Array.from(ecg.ucrSplit.keys()).filter((i) => ecg.ucrSplit[i] === 0),
    testRows: Array.from(ecg.ucrSplit.keys()).filter((i) => ecg.ucrSplit[i] === 1),
  }
  const rowsData: LabelledSamples = { name: 'ECG5000', x: ecg.x, labels: ecg.labels, featureNames: ecg.featureNames }
  const sequences: LabelledSamples = { ...rowsData, x: { data: ecg.x.data, shape: [ecg.x.shape[0], 140, 1] } as Samples }
  const models: Array<{ name: string; data: LabelledSamples; fit: Fit }> = [
    { name: 'dense (tabular default)', data: rowsData, fit: { kind: 'tabular' } },
    { name: 'conv1d (sequence default)', data: sequences, fit: { kind: 'sequence' } },
  ]
  // The LSTM (bench/src/_bench-configs.ts: frames of 10 steps) runs on request: ~50 s a fit on a quiet machine.
  if (process.env.AEDETECT_BENCH_LSTM === '1') {
    models.push({ name: 'lstm (frames of 10)', data: sequences, fit: { kind: 'sequence', overrides: ECG_LSTM } })
  }
  const best = peers.ecg5000Ucr.methods.AutoEncoder.rocAuc[0]
  const rows: BenchRow[] = []
  rows.push(...(await foundationRows(models)))
  for (const model of models) {
    const runs = []
    // The training part's anomalies (UCR TRAIN) only calibrate the threshold; the fit is on its 292 normal beats.
    for (const seed of SEEDS) runs.push(await evaluate(model.data, model.fit, seed, ucr))
    const auc = mean(runs.map((r) => r.auc))
    rows.push({ name: `ECG5000 UCR ${model.name} ROC-AUC`, value: auc, unit: '', reference: best, target: '>= 0.985', met: auc >= 0.985, note: `best peer PyOD AutoEncoder; seeds ${runs.map((r) => r.auc.toFixed(4)).join(' ')}` })
    rows.push({ name: `ECG5000 UCR ${model.name} AP`, value: mean(runs.map((r) => r.ap)), unit: '', reference: peers.ecg5000Ucr.methods.AutoEncoder.averagePrecision[0] })
    rows.push({ name: `ECG5000 UCR ${model.name} fit time`, value: mean(runs.map((r) => r.fitMs)), unit: 'ms' })
  }
  return rows
}

// The foundation's split, as `aedetect train` makes it (the kind's defaults: test 0.2, validation 0.15): a seeded
// stratified split of all 5,000 beats; issue 6 asks >= 0.98 there of the dense, Conv1D and LSTM models.
async function foundationRows(models: Array<{ name: string; data: LabelledSamples; fit: Fit }>): Promise<BenchRow[]> {
  const rows: BenchRow[] = []
  for (const model of models) {
    const aucs: number[] = []
    for (const seed of SEEDS) aucs.push((await evaluate(model.data, model.fit, seed)).auc)
    const auc = mean(aucs)
    rows.push({ name: `ECG5000 foundation split ${model.name} ROC-AUC`, value: auc, unit: '', target: '>= 0.98', met: auc >= 0.98, note: `aedetect train's split (test 0.2, validation 0.15, stratified); seeds ${aucs.map((a) => a.toFixed(4)).join(' ')}` })
  }
  return rows
}

async function oddsRows(peers: Peers): Promise<BenchRow[]> {
  const splits = await readFixture<Splits>('odds-novelty-splits.json')
  const rows: BenchRow[] = []
  const means: Record<string, number[]> = { dense: [], variational: [] }
  let beatsPca = 0
  for (const table of ODDS_TABLES) {
    const data = await loadOdds({ dataDir: datasetsDir, name: table, format: 'csv' })
    const variants: Array<{ key: string; fit: Fit }> = [
      { key: 'dense', fit: { kind: 'tabular' } },
      { key: 'variational', fit: { kind: 'tabular', overrides: { architecture: { kind: 'variational' } } } },
    ]
    const labelled: LabelledSamples = { name: `ODDS ${table}`, x: data.x, labels: data.labels, featureNames: data.featureNames }
    const peer = peers.oddsNovelty.tables[table]
    for (const variant of variants) {
      const aucs: number[] = []
      for (const seed of SEEDS) {
        const split = splits.tables[table][String(seed)]
        const result = await evaluate(labelled, variant.fit, seed, { source: 'file', ...split })
        aucs.push(result.auc)
      }
      const auc = mean(aucs)
      means[variant.key].push(auc)
      if (variant.key === 'dense' && auc >= peer.PCA.rocAuc[0]) beatsPca++
      rows.push({ name: `ODDS ${table} ${variant.key} ROC-AUC`, value: auc, unit: '', reference: peer.PCA.rocAuc[0], note: `PCA (ref) ${peer.PCA.rocAuc[0]}, PyOD AE ${peer['PyOD AutoEncoder'].rocAuc[0]}, KNN ${peer.KNN.rocAuc[0]}` })
    }
  }
  const denseMean = mean(means.dense)
  rows.push({ name: 'ODDS mean ROC-AUC, dense default', value: denseMean, unit: '', reference: 0.944, target: '>= 0.95', met: denseMean >= 0.95, note: 'reference: PyOD AutoEncoder 0.944 (PCA 0.937, KNN 0.956)' })
  rows.push({ name: 'ODDS tables where dense >= PCA', value: beatsPca, unit: 'of 6', target: '>= 5', met: beatsPca >= 5 })
  rows.push({ name: 'ODDS mean ROC-AUC, variational', value: mean(means.variational), unit: '', note: 'reported, not asserted' })
  return rows
}

const suite: BenchSuite = {
  name: 'quality-tabular',
  description: 'ECG5000 UCR protocol (dense, conv1d; lstm with AEDETECT_BENCH_LSTM=1) (fit on the 292 normal TRAIN rows, score 4,500 TEST rows) and the foundation split (aedetect train\'s stratified split of the 5,000 beats) and ODDS novelty splits (fixtures/odds-novelty-splits.json), seeds 0/1/2, default configurations, beside fixtures/peer-results.json.',
  async run() {
    const backend = await initBackend({ backend: 'auto' })
    registerFastKernels()
    const peers = await readFixture<Peers>('peer-results.json')
    const rows = [...(await ecgRows(peers)), ...(await oddsRows(peers))]
    rows.push({ name: 'backend', value: 0, unit: backend.name })
    return rows
  },
}
export default suite
