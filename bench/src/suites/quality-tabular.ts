// Quality on tables, printed beside fixtures/peer-results.json (PyOD 3.6.5, scikit-learn, PyTorch on
// the same data and splits): ECG5000's UCR protocol and the ODDS novelty protocol, seeds 0, 1, 2.
import { selectSamples, type Samples } from '@aedetect/core'
import { loadEcg5000, loadOdds } from '@aedetect/datasets/node'
import { DEFAULT_ARCHITECTURES, fitDetector, type DetectorOptions } from '@aedetect/detector'
import { averagePrecision, rocAuc } from '@aedetect/metrics'
import { trainValidationTestSplit } from '@aedetect/preprocessing'
import { initBackend, registerFastKernels } from '@aedetect/models'
import type { BenchRow, BenchSuite } from '../harness'
import { datasetsDir, mean, readFixture } from '../_shared'
import { ECG_LSTM } from '../_bench-configs'

const SEEDS = [0, 1, 2]
const ODDS_TABLES = ['arrhythmia', 'cardio', 'ionosphere', 'musk', 'satimage-2', 'shuttle']
type PeerStat = { rocAuc: [number, number]; averagePrecision: [number, number] }
interface Peers { ecg5000Ucr: { methods: Record<string, PeerStat> }; oddsNovelty: { tables: Record<string, Record<string, PeerStat>> } }
interface Splits { tables: Record<string, Record<string, { trainRows: number[]; testRows: number[] }>> }

async function evaluate(train: Samples, test: Samples, labels: Uint8Array, options: DetectorOptions): Promise<{ auc: number; ap: number; fitMs: number }> {
  const started = performance.now()
  const detector = await fitDetector(train, options)
  const fitMs = performance.now() - started
  const scores = await detector.score(test)
  detector.dispose()
  return { auc: rocAuc(labels, scores), ap: averagePrecision(labels, scores), fitMs }
}

async function ecgRows(peers: Peers): Promise<BenchRow[]> {
  const ecg = await loadEcg5000()
  const trainRows = Array.from(ecg.ucrSplit.keys()).filter((i) => ecg.ucrSplit[i] === 0 && ecg.labels[i] === 0)
  const testRows = Array.from(ecg.ucrSplit.keys()).filter((i) => ecg.ucrSplit[i] === 1)
  const labels = Uint8Array.from(testRows, (r) => ecg.labels[r])
  const asSequence = (x: Samples): Samples => ({ data: x.data, shape: [x.shape[0], 140, 1] })
  const train = selectSamples(ecg.x, trainRows)
  const test = selectSamples(ecg.x, testRows)
  const models: Array<{ name: string; train: Samples; test: Samples; options: Omit<DetectorOptions, 'seed'> }> = [
    { name: 'dense (tabular default)', train, test, options: { architecture: DEFAULT_ARCHITECTURES.tabular } },
    { name: 'conv1d (sequence default)', train: asSequence(train), test: asSequence(test), options: { architecture: DEFAULT_ARCHITECTURES.sequence, scaler: { kind: 'minmax', per: 'global' } } },
  ]
  // The LSTM (bench/src/_bench-configs.ts: frames of 10 steps) runs on request: ~50 s a fit on a quiet machine.
  if (process.env.AEDETECT_BENCH_LSTM === '1') {
    models.push({ name: 'lstm (frames of 10)', train: asSequence(train), test: asSequence(test), options: ECG_LSTM })
  }
  const best = peers.ecg5000Ucr.methods.AutoEncoder.rocAuc[0]
  const rows: BenchRow[] = []
  rows.push(...(await foundationRows(ecg, models)))
  for (const model of models) {
    const runs = []
    for (const seed of SEEDS) runs.push(await evaluate(model.train, model.test, labels, { ...model.options, seed }))
    const auc = mean(runs.map((r) => r.auc))
    rows.push({ name: `ECG5000 UCR ${model.name} ROC-AUC`, value: auc, unit: '', reference: best, target: '>= 0.985', met: auc >= 0.985, note: `best peer PyOD AutoEncoder; seeds ${runs.map((r) => r.auc.toFixed(4)).join(' ')}` })
    rows.push({ name: `ECG5000 UCR ${model.name} AP`, value: mean(runs.map((r) => r.ap)), unit: '', reference: peers.ecg5000Ucr.methods.AutoEncoder.averagePrecision[0] })
    rows.push({ name: `ECG5000 UCR ${model.name} fit time`, value: mean(runs.map((r) => r.fitMs)), unit: 'ms' })
  }
  return rows
}

type EcgModel = { name: string; train: Samples; options: Omit<DetectorOptions, 'seed'> }

// The foundation's split, as `aedetect train` makes it (--test-fraction 0.2, --validation-fraction 0.15): a
// seeded stratified split of all 5,000 beats, fitting on the training part's normal beats with the held-out
// normal validation beats; issue 6 asks ≥ 0.98 there of the dense, Conv1D and LSTM models.
async function foundationRows(ecg: Awaited<ReturnType<typeof loadEcg5000>>, models: EcgModel[]): Promise<BenchRow[]> {
  const rows: BenchRow[] = []
  for (const model of models) {
    const shape = (x: Samples): Samples => (model.train.shape.length === 3 ? { data: x.data, shape: [x.shape[0], 140, 1] } : x)
    const aucs: number[] = []
    for (const seed of SEEDS) {
      const split = trainValidationTestSplit(ecg.labels, { testFraction: 0.2, validationFraction: 0.15, seed, stratify: true, normalOnlyTraining: true })
      const labels = Uint8Array.from(split.testRows, (r) => ecg.labels[r])
      const options = { ...model.options, seed, validation: shape(selectSamples(ecg.x, split.validationRows)) }
      aucs.push((await evaluate(shape(selectSamples(ecg.x, split.trainRows)), shape(selectSamples(ecg.x, split.testRows)), labels, options)).auc)
    }
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
    const variants: Array<{ key: string; options: Omit<DetectorOptions, 'seed'> }> = [
      { key: 'dense', options: { architecture: DEFAULT_ARCHITECTURES.tabular } },
      { key: 'variational', options: { architecture: { kind: 'variational' } } },
    ]
    const peer = peers.oddsNovelty.tables[table]
    for (const variant of variants) {
      const aucs: number[] = []
      for (const seed of SEEDS) {
        const split = splits.tables[table][String(seed)]
        const normalTrain = split.trainRows.filter((r) => data.labels[r] === 0)
        const labels = Uint8Array.from(split.testRows, (r) => data.labels[r])
        const result = await evaluate(selectSamples(data.x, normalTrain), selectSamples(data.x, split.testRows), labels, { ...variant.options, seed, featureNames: data.featureNames })
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
