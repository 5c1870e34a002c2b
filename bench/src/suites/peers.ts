// aedetect against the peers' own scripts, as ratios in one run (issue 7, "Speed — in pnpm bench"): for each case
// of ../shared/peers/tfjs_bench.mjs and each backend, the raw-tfjs script and aedetect's twin
// (bench/src/peers/aedetect-case.ts: the same case through initBackend + registerFastKernels +
// trainAutoencoder / measureReconstructionErrors) run as separate processes, interleaved, >= 3 rounds, medians; PyTorch
// (torch_bench.py, one thread) runs in the same rounds when python3 can import torch, else its figures come
// from ../shared/peers/README.md and the row says so. Speeds are wall-clock steady samples/s (first epoch
// excluded) as the peers' scripts print them, so they move with the load of the shared machine; the ratios
// are of interleaved runs.
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import type * as tf from '@tensorflow/tfjs'
import type { BenchRow, BenchSuite } from '../harness'
import { median, sharedDir } from '../_shared'
import { referenceConv1d, referenceConv2d, referenceDense, referenceLstm } from '../_reference-models'
import { peerReadmeFigures, type PeerReadmeRow } from '../peers/peer-readme-figures'
import { runResultScript, type ScriptResult } from '../peers/run-result-script'
import { benchDir, compileTwin } from '../peers/twin-script'

type Backend = 'cpu' | 'wasm'
type TrainCase = 'dense512' | 'dense64' | 'conv1d' | 'conv2d' | 'lstm'
type Side = 'peer' | 'ours' | 'torch'

// AEDETECT_BENCH_PEERS_ROUNDS and AEDETECT_BENCH_PEERS_CASES (e.g. 'dense512,infer') shorten a run for a quick look.
const ROUNDS = Math.max(1, Number(process.env.AEDETECT_BENCH_PEERS_ROUNDS ?? 3) || 3)
const ONLY = process.env.AEDETECT_BENCH_PEERS_CASES?.split(',').map((c) => c.trim())
const BACKENDS: Backend[] = ['cpu', 'wasm']
const CHILD_TIMEOUT_MS = 240_000
/** Rows scored in the inference case (the scripts' default is 10,000; tfjs's batch-32 pass alone then takes ~6 s on wasm). */
const INFER_ROWS = 4096
/** Issue 22's scoring targets at the default batch: times PyTorch's rows/s at the same batch. */
const SCORING_VS_TORCH: Record<Backend, number> = { cpu: 0.6, wasm: 1.0 }

interface TrainSpec {
  /** Samples per process, per backend: the same for the peer and the twin (peak RSS depends on it), a few seconds each. */
  n: Record<Backend, number>
  /** The case's row label in ../shared/peers/README.md. */
  readmeLabel: string
  /** Absolute targets of issue 7, samples/s on this machine, for the backends without a PyTorch ratio target. */
  targets: Partial<Record<Backend, number>>
  /** Issue 22's targets: at least this many times PyTorch's samples/s (1 thread, measured in the same rounds). */
  vsTorch: Partial<Record<Backend, number>>
  /** The plain tf.layers model of the case, for the parameter-count check of the twin's aedetect config. */
  reference: () => tf.Sequential
}

const TRAIN: Record<TrainCase, TrainSpec> = {
  dense512: { n: { cpu: 1024, wasm: 2336 }, readmeLabel: 'dense 140-32-16-8-16-32-140, batch 512', targets: {}, vsTorch: { wasm: 0.6 }, reference: () => referenceDense() },
  dense64: { n: { cpu: 1024, wasm: 2336 }, readmeLabel: 'dense, batch 64', targets: {}, vsTorch: {}, reference: () => referenceDense() },
  // Stock tfjs-cpu trains the convolutions at ~10-18 samples/s: one batch per epoch keeps its run near 15 s.
  conv1d: { n: { cpu: 64, wasm: 2000 }, readmeLabel: 'Conv1D AE on 140 steps', targets: { cpu: 200 }, vsTorch: { wasm: 0.8 }, reference: referenceConv1d },
  conv2d: { n: { cpu: 64, wasm: 1280 }, readmeLabel: 'Conv2D denoiser on 28×28', targets: { cpu: 150 }, vsTorch: { wasm: 1.2 }, reference: referenceConv2d },
  lstm: { n: { cpu: 32, wasm: 64 }, readmeLabel: 'LSTM(64) seq2seq, 140 steps', targets: { cpu: 30 }, vsTorch: { wasm: 0.6 }, reference: referenceLstm },
}

// Debian's python3-torch lives beside /usr/bin/python3; a python3 earlier on PATH (pyenv) does not see it.
const PYTHON = process.env.AEDETECT_BENCH_PYTHON ?? (existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3')

// Which BLAS the peer's matrix products run on, read from the process's mappings after one product: Debian's torch
// links the system libblas.so.3, and with only the reference (netlib) BLAS installed PyTorch trains the dense cases
// 3-5x slower than with OpenBLAS — a peer that slow would flatter every ratio.
const TORCH_PROBE = [
  'import torch',
  'a = torch.ones(64, 64); float((a @ a).sum())',
  "maps = open('/proc/self/maps').read().split('\\n')",
  "print(torch.__version__, sorted({l.split()[-1] for l in maps if 'blas' in l.lower() and '/' in l}))",
].join('\n')

/** Whether python3 imports torch here, with its version and BLAS; the reason when not. */
function torchAvailable(): { ok: boolean; reason: string } {
  const probe = spawnSync(PYTHON, ['-c', TORCH_PROBE], { encoding: 'utf8', timeout: 120_000 })
  if (probe.status === 0) {
    const out = probe.stdout.trim()
    const reference = /\/blas\/libblas\.so/.test(out) && !/openblas|mkl|blis/i.test(out)
    return { ok: true, reason: reference ? `torch ${out} — the reference BLAS, not OpenBLAS: PyTorch is several times slower than it should be and every ratio to it is flattered; apt-get install -y libopenblas0-pthread` : `torch ${out}` }
  }
  const why = probe.error ? probe.error.message : (probe.stderr.trim().split('\n').pop() ?? `exit ${String(probe.status)}`)
  return { ok: false, reason: why }
}

type Results = Map<string, ScriptResult[]>

function push(results: Results, key: string, result: ScriptResult): void {
  results.set(key, [...(results.get(key) ?? []), result])
}

/** Median of one numeric field over the runs that have it; NaN when none has. */
function medianOf(runs: ScriptResult[] | undefined, field: keyof ScriptResult): number {
  const values = (runs ?? []).map((r) => r[field]).filter((v): v is number => typeof v === 'number' && Number.isFinite(v))
  return values.length === 0 ? Number.NaN : median(values)
}

function firstError(runs: ScriptResult[] | undefined): string | undefined {
  return runs?.find((r) => r.error !== undefined)?.error
}

const fmt = (v: number): string => (Number.isFinite(v) ? (v >= 1000 ? Math.round(v).toLocaleString('en-US') : v.toFixed(1)) : 'n/a')
const list = (runs: ScriptResult[] | undefined, field: keyof ScriptResult): string => (runs ?? []).map((r) => fmt(Number(r[field]))).join(' ')

async function measure(twin: string, torch: boolean): Promise<Results> {
  const peersDir = sharedDir('peers')
  const peerScript = join(peersDir, 'tfjs_bench.mjs')
  const results: Results = new Map()
  const node = (script: string, caseName: string, backend: Backend, n: number) =>
    runResultScript({ command: process.execPath, args: [script, caseName, backend, String(n)], cwd: benchDir, timeoutMs: CHILD_TIMEOUT_MS })
  const cases = ([...Object.keys(TRAIN), 'infer'] as Array<TrainCase | 'infer'>).filter((c) => ONLY === undefined || ONLY.includes(c))
  for (let round = 0; round < ROUNDS; round++) {
    for (const caseName of cases) {
      for (const backend of BACKENDS) {
        const n = caseName === 'infer' ? INFER_ROWS : TRAIN[caseName].n[backend]
        // Alternate who goes first, so neither side always inherits the other's warm caches or load.
        const order: Side[] = round % 2 === 0 ? ['peer', 'ours'] : ['ours', 'peer']
        for (const side of order) {
          const key = `${caseName}/${backend}/${side}`
          // Stock tfjs fails the same way every round (no wasm conv gradient kernel): run it once.
          if (side === 'peer' && firstError(results.get(key)) !== undefined) continue
          push(results, key, await node(side === 'peer' ? peerScript : twin, caseName, backend, n))
        }
      }
      if (torch) {
        const args = [join(peersDir, 'torch_bench.py'), caseName, '1', caseName === 'infer' ? String(INFER_ROWS) : '-']
        push(results, `${caseName}/torch`, await runResultScript({ command: PYTHON, args, cwd: benchDir, env: { ...process.env, OPENBLAS_NUM_THREADS: '1' }, timeoutMs: CHILD_TIMEOUT_MS }))
      }
    }
  }
  return results
}

function trainRows(caseName: TrainCase, results: Results, readme: Map<string, PeerReadmeRow>, torch: { ok: boolean; reason: string }): BenchRow[] {
  const spec = TRAIN[caseName]
  const rows: BenchRow[] = []
  const referenceModel = spec.reference()
  const referenceParams = referenceModel.countParams()
  referenceModel.dispose()
  const torchRuns = results.get(`${caseName}/torch`)
  const torchMeasured = medianOf(torchRuns, 'steady_samples_per_s')
  const torchReadme = readme.get(spec.readmeLabel)?.pytorch ?? Number.NaN
  const torchFigure = torch.ok ? torchMeasured : torchReadme
  const torchNote = torch.ok
    ? `PyTorch measured here (${torch.reason}), 1 thread, OPENBLAS_NUM_THREADS=1, runs ${list(torchRuns, 'steady_samples_per_s')}${firstError(torchRuns) ? `; error: ${firstError(torchRuns)}` : ''}`
    : `PyTorch from peers/README.md (not measured: python3 cannot import torch: ${torch.reason})`
  for (const backend of BACKENDS) {
    const ours = results.get(`${caseName}/${backend}/ours`)
    const peer = results.get(`${caseName}/${backend}/peer`)
    const oursRate = medianOf(ours, 'steady_samples_per_s')
    const peerRate = medianOf(peer, 'steady_samples_per_s')
    const peerError = firstError(peer)
    const oursError = firstError(ours)
    const params = ours?.find((r) => r.params !== undefined)?.params
    const paramNote = params === referenceParams ? `${params} params as the tf.layers model` : `PARAMS DIFFER: ours ${String(params)}, tf.layers ${referenceParams}`
    const path = ours?.find((r) => r.training_path !== undefined)?.training_path ?? 'n/a'
    const common = `n ${spec.n[backend]}; ${paramNote}; path: ${path}; load1 ${list(ours, 'load1_start')}`
    rows.push({
      name: `${caseName} train (${backend}): aedetect vs raw tfjs`,
      value: oursRate,
      unit: 'samples/s',
      ...(peerError === undefined
        ? { reference: peerRate, ratio: oursRate / peerRate, target: '>= 0.95 x raw tfjs', met: oursRate >= 0.95 * peerRate }
        : { target: 'trains where raw tfjs cannot', met: Number.isFinite(oursRate) }),
      note: [oursError ? `ours failed: ${oursError}` : '', peerError ? `raw tfjs cannot train: ${peerError}` : `runs ours ${list(ours, 'steady_samples_per_s')}, raw ${list(peer, 'steady_samples_per_s')}`, common].filter(Boolean).join('; '),
    })
    const target = spec.targets[backend]
    const ratioTarget = spec.vsTorch[backend]
    const judged =
      ratioTarget !== undefined
        ? { target: `>= ${ratioTarget} x PyTorch`, met: oursRate >= ratioTarget * torchFigure }
        : target !== undefined
          ? { target: `>= ${target.toLocaleString('en-US')} samples/s`, met: oursRate >= target }
          : {}
    rows.push({
      name: `${caseName} train (${backend}) vs PyTorch 1 thread`,
      value: oursRate,
      unit: 'samples/s',
      reference: torchFigure,
      ratio: oursRate / torchFigure,
      ...judged,
      note: torchNote,
    })
    const oursRss = medianOf(ours, 'peak_rss_mb')
    const peerRss = medianOf(peer, 'peak_rss_mb')
    rows.push({
      name: `${caseName} peak RSS (${backend}): aedetect vs raw tfjs`,
      value: oursRss,
      unit: 'MB',
      ...(peerError === undefined ? { reference: peerRss, ratio: oursRss / peerRss, target: '<= raw tfjs + 10 %', met: oursRss <= 1.1 * peerRss } : {}),
      note: peerError === undefined ? `runs ours ${list(ours, 'peak_rss_mb')}, raw ${list(peer, 'peak_rss_mb')}` : 'raw tfjs stops at its first batch: no peak to compare',
    })
  }
  return rows
}

function inferRows(results: Results, readme: Map<string, PeerReadmeRow>, torch: { ok: boolean; reason: string }): BenchRow[] {
  const rows: BenchRow[] = []
  const torchRuns = results.get('infer/torch')
  for (const backend of BACKENDS) {
    const ours = results.get(`infer/${backend}/ours`)
    const peer = results.get(`infer/${backend}/peer`)
    const batch = ours?.find((r) => r.default_batch !== undefined)?.default_batch ?? Number.NaN
    const oursDefault = medianOf(ours, 'rows_per_s_default')
    // PyTorch at the same batch when measured here; the README has only batches 32 and 8192: take 8192 (the faster, so the stricter reference).
    const torchSame = torch.ok ? medianOf(torchRuns, `rows_per_s_bs${batch}` as keyof ScriptResult) : Number.NaN
    const torchFigure = torch.ok ? torchSame : (readme.get('inference, batch 8192')?.pytorch ?? Number.NaN)
    rows.push({
      name: `scoring (${backend}): default batch ${batch} (detector.score path) vs PyTorch`,
      value: oursDefault,
      unit: 'rows/s',
      reference: torchFigure,
      ratio: oursDefault / torchFigure,
      target: `>= ${SCORING_VS_TORCH[backend]} x PyTorch`,
      met: oursDefault >= SCORING_VS_TORCH[backend] * torchFigure,
      note: `${INFER_ROWS} rows, dense 140-32-16-8-16-32-140, measureReconstructionErrors without a batch size (what detector.score runs per chunk: its default batch, 8,192 rows on wasm, 1,024 on cpu), median of 3 per process; runs ${list(ours, 'rows_per_s_default')}; ${torch.ok ? `PyTorch measured here at batch ${batch}, 1 thread: ${list(torchRuns, `rows_per_s_bs${batch}` as keyof ScriptResult)}` : `PyTorch batch 8192 from peers/README.md (not measured: ${torch.reason})`}`,
    })
    rows.push({
      name: `scoring (${backend}): default batch vs raw tfjs predict default (batch 32)`,
      value: oursDefault,
      unit: 'rows/s',
      reference: medianOf(peer, 'rows_per_s_bs32'),
      ratio: oursDefault / medianOf(peer, 'rows_per_s_bs32'),
      note: 'what each gives without tuning: tfjs model.predict defaults to batch 32',
    })
    for (const bs of [32, 1024, 8192] as const) {
      const field = `rows_per_s_bs${bs}` as const
      const o = medianOf(ours, field)
      const p = medianOf(peer, field)
      rows.push({
        name: `scoring (${backend}) batch ${bs}: measureReconstructionErrors vs raw tfjs predict + mean`,
        value: o,
        unit: 'rows/s',
        reference: p,
        ratio: o / p,
        ...(bs === 32 ? {} : { target: '>= 0.95 x raw tfjs', met: o >= 0.95 * p }),
        note: `runs ours ${list(ours, field)}, raw ${list(peer, field)}${torch.ok ? `; PyTorch ${fmt(medianOf(torchRuns, field))}` : ''}`,
      })
    }
    const oursRss = medianOf(ours, 'peak_rss_mb')
    const peerRss = medianOf(peer, 'peak_rss_mb')
    rows.push({ name: `scoring peak RSS (${backend}): aedetect vs raw tfjs`, value: oursRss, unit: 'MB', reference: peerRss, ratio: oursRss / peerRss, target: '<= raw tfjs + 10 %', met: oursRss <= 1.1 * peerRss, note: `runs ours ${list(ours, 'peak_rss_mb')}, raw ${list(peer, 'peak_rss_mb')}` })
    const errors = [firstError(ours), firstError(peer)].filter(Boolean)
    if (errors.length > 0) rows[rows.length - 1].note += `; errors: ${errors.join(' | ')}`
  }
  return rows
}

const suite: BenchSuite = {
  name: 'peers',
  description: `aedetect vs the peers' own scripts (../shared/peers): per case and backend, tfjs_bench.mjs (raw tfjs 4.22, model.fit) and its aedetect twin (bench/src/peers/aedetect-case.ts: initBackend + registerFastKernels + trainAutoencoder, measureReconstructionErrors) as separate processes, interleaved, ${ROUNDS} rounds, medians; PyTorch torch_bench.py with 1 thread (OPENBLAS_NUM_THREADS=1) in the same rounds when python3 imports torch, else the peers README figures. Training: steady wall-clock samples/s (first epoch excluded), Adam 1e-3, MSE, shuffled; peak RSS per process.`,
  async run(): Promise<BenchRow[]> {
    const twin = await compileTwin()
    const torch = torchAvailable()
    const readme = await peerReadmeFigures(sharedDir('peers'))
    const results = await measure(twin, torch.ok)
    const rows: BenchRow[] = []
    for (const caseName of Object.keys(TRAIN) as TrainCase[]) {
      if (ONLY === undefined || ONLY.includes(caseName)) rows.push(...trainRows(caseName, results, readme, torch))
    }
    if (ONLY === undefined || ONLY.includes('infer')) rows.push(...inferRows(results, readme, torch))
    const met = rows.filter((r) => r.met === true).length
    const judged = rows.filter((r) => r.met !== undefined).length
    rows.push({ name: 'targets met', value: met, unit: `of ${judged}`, note: torch.ok ? torch.reason : `PyTorch not measured: ${torch.reason}` })
    return rows
  },
}

export default suite
