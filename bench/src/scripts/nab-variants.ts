// Issue 19: variants of the univariate window detector on the developer NAB series (the 45 the nab suite scores),
// each with its mean VUS-PR (TSB-AD's slidingWindow of the whole stream) and total fit time. Fits on the first
// min(floor(0.15 n), 750) rows, scores the whole stream and keeps the rows after that prefix, as the nab suite.
// Score transforms (an ensemble with the PCA on the same windows, smoothing) are normalised on the training
// part's own scores only. Usage: node --import tsx src/scripts/nab-variants.ts [variant,…]
import { listNabSeries, loadNabSeries } from '@aedetect/datasets/node'
import { fitWindowDetector, type WindowDetectorOptions } from '@aedetect/detector'
import { findSlidingWindow, vus } from '@aedetect/metrics'
import { initBackend, registerFastKernels } from '@aedetect/models'
import { seriesDefaultsFor } from '@aedetect/evaluation'
import { sharedDir } from '../_shared'

interface Fitted { train: Float64Array; whole: Float64Array; fitMs: number }
type Variant = { name: string; run: (train: Float32Array, whole: Float32Array, period: number) => Promise<Fitted> }

const d = seriesDefaultsFor(1)
const BASE: WindowDetectorOptions = { windowSize: 'auto', architecture: d.architecture, scaler: d.scaler, training: d.training, threshold: d.threshold, seed: d.seed }

async function fit(train: Float32Array, whole: Float32Array, options: WindowDetectorOptions): Promise<Fitted> {
  const t0 = performance.now()
  const detector = await fitWindowDetector(train, { ...BASE, ...options })
  const fitMs = performance.now() - t0
  try {
    return { train: await detector.scorePoints(train), whole: await detector.scorePoints(whole), fitMs }
  } finally {
    detector.dispose()
  }
}

const plain = (name: string, options: WindowDetectorOptions | ((period: number) => WindowDetectorOptions)): Variant => ({
  name,
  run: (train, whole, period) => fit(train, whole, typeof options === 'function' ? options(period) : options),
})

function zOnTrain(f: Fitted): Fitted {
  let mean = 0
  for (const v of f.train) mean += v
  mean /= f.train.length
  let sq = 0
  for (const v of f.train) sq += (v - mean) ** 2
  const std = Math.sqrt(sq / f.train.length) || 1
  return { train: f.train.map((v) => (v - mean) / std), whole: f.whole.map((v) => (v - mean) / std), fitMs: f.fitMs }
}

function smooth(x: Float64Array, width: number): Float64Array {
  const out = new Float64Array(x.length)
  let sum = 0
  for (let i = 0; i < x.length; i++) {
    sum += x[i]
    if (i >= width) sum -= x[i - width]
    out[i] = sum / Math.min(i + 1, width)
  }
  return out
}

const clampWindow = (train: Float32Array, factor: number): number => Math.min(Math.floor(train.length / 4), Math.max(8, Math.round(factor * findSlidingWindow(Float64Array.from(train)))))

const VARIANTS: Variant[] = [
  plain('default (dense, auto window, 30 epochs, minmax)', {}),
  plain('epochs 60', { training: { ...d.training, epochs: 60 } }),
  plain('epochs 15', { training: { ...d.training, epochs: 15 } }),
  { name: 'window 0.5 × period', run: (train, whole) => fit(train, whole, { windowSize: clampWindow(train, 0.5) }) },
  { name: 'window 2 × period', run: (train, whole) => fit(train, whole, { windowSize: clampWindow(train, 2) }) },
  plain('scaler standard', { scaler: { kind: 'standard', per: 'channel' } }),
  plain('scaler robust', { scaler: { kind: 'robust', per: 'channel' } }),
  plain('reduce max', { reduce: 'max' }),
  plain('combo: reduce max + epochs 15', { reduce: 'max', training: { ...d.training, epochs: 15 } }),
  plain('combo: reduce max + robust', { reduce: 'max', scaler: { kind: 'robust', per: 'channel' } }),
  { name: 'combo: reduce max + window 2 × period', run: (train, whole) => fit(train, whole, { reduce: 'max', windowSize: clampWindow(train, 2) }) },
  { name: 'combo: reduce max + window 1.5 × period', run: (train, whole) => fit(train, whole, { reduce: 'max', windowSize: clampWindow(train, 1.5) }) },
  plain('dense [32,16,32]', { architecture: { kind: 'dense', hiddenUnits: [32, 16, 32] } }),
  plain('dense [128,64,32,64,128]', { architecture: { kind: 'dense', hiddenUnits: [128, 64, 32, 64, 128] } }),
  plain('PCA', { architecture: { kind: 'pca' } }),
  {
    name: 'ensemble AE + PCA (z on train)',
    run: async (train, whole) => {
      const a = zOnTrain(await fit(train, whole, {}))
      const b = zOnTrain(await fit(train, whole, { architecture: { kind: 'pca' } }))
      return { train: a.train.map((v, i) => v + b.train[i]), whole: a.whole.map((v, i) => v + b.whole[i]), fitMs: a.fitMs + b.fitMs }
    },
  },
  {
    name: 'ensemble max(AE, PCA) (z on train)',
    run: async (train, whole) => {
      const a = zOnTrain(await fit(train, whole, {}))
      const b = zOnTrain(await fit(train, whole, { architecture: { kind: 'pca' } }))
      return { train: a.train.map((v, i) => Math.max(v, b.train[i])), whole: a.whole.map((v, i) => Math.max(v, b.whole[i])), fitMs: a.fitMs + b.fitMs }
    },
  },
  {
    name: 'smoothed (trailing mean over window / 4)',
    run: async (train, whole, period) => {
      const f = await fit(train, whole, {})
      const w = Math.max(1, Math.round(period / 4))
      return { train: smooth(f.train, w), whole: smooth(f.whole, w), fitMs: f.fitMs }
    },
  },
]

async function main(): Promise<void> {
  await initBackend()
  registerFastKernels()
  const dataDir = sharedDir('datasets')
  const only = process.argv[2]?.split(',')
  const series = []
  for (const info of listNabSeries({ dataDir })) {
    const s = await loadNabSeries({ dataDir, name: info.key })
    const n = s.values.length
    const prefix = Math.min(Math.floor(0.15 * n), 750)
    if (!s.labels.subarray(prefix).includes(1)) continue
    series.push({ name: info.key, whole: Float32Array.from(s.values), train: Float32Array.from(s.values.subarray(0, prefix)), prefix, labels: s.labels.slice(prefix), slidingWindow: findSlidingWindow(Float64Array.from(s.values)) })
  }
  console.log(`| variant | mean VUS-PR (${series.length} series) | total fit s |\n|---|---|---|`)
  for (const variant of VARIANTS) {
    if (only && !only.some((o) => variant.name.includes(o))) continue
    let sum = 0
    let fitMs = 0
    for (const s of series) {
      const period = Math.min(Math.floor(s.train.length / 4), Math.max(8, findSlidingWindow(Float64Array.from(s.train))))
      const f = await variant.run(s.train, s.whole, period)
      fitMs += f.fitMs
      sum += vus(s.labels, f.whole.subarray(s.prefix), { slidingWindow: s.slidingWindow }).vusPr
    }
    console.log(`| ${variant.name} | ${(sum / series.length).toFixed(4)} | ${(fitMs / 1000).toFixed(1)} |`)
  }
}

await main()
