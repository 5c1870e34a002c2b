// Training speed of the peers' autoencoder cases with stock tfjs 4.22 kernels against the same process after
// registerFastKernels(), per backend, interleaved, median of 3 rounds; printed beside the PyTorch one-thread
// figures of ../shared/peers/README.md. The models are plain tf.layers, written as ../shared/peers/tfjs_bench.mjs
// writes them, so this suite measures the kernels and nothing of aedetect's own architectures.
import { readFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { initBackend, registerFastKernels, unregisterFastKernels } from '@aedetect/models'
import * as tf from '@tensorflow/tfjs'
import type { BenchRow, BenchSuite } from '../harness'

type Backend = 'cpu' | 'wasm'
type Variant = 'stock' | 'fast'
type CaseName = 'dense512' | 'dense64' | 'conv1d' | 'conv2d' | 'lstm'

const ROUNDS = 3

function dense(): tf.Sequential {
  const m = tf.sequential()
  const units = [32, 16, 8, 16, 32]
  units.forEach((u, i) => m.add(tf.layers.dense({ units: u, activation: 'relu', ...(i === 0 ? { inputShape: [140] } : {}) })))
  m.add(tf.layers.dense({ units: 140, activation: 'sigmoid' }))
  return m
}

function upsample1d(m: tf.Sequential, length: number, channels: number): void {
  // tfjs-layers has no UpSampling1D: reshape -> UpSampling2D([2, 1]) -> reshape.
  m.add(tf.layers.reshape({ targetShape: [length, 1, channels] }))
  m.add(tf.layers.upSampling2d({ size: [2, 1] }))
  m.add(tf.layers.reshape({ targetShape: [length * 2, channels] }))
}

function conv1d(): tf.Sequential {
  const m = tf.sequential()
  m.add(tf.layers.conv1d({ filters: 32, kernelSize: 7, strides: 2, padding: 'same', activation: 'relu', inputShape: [140, 1] }))
  m.add(tf.layers.conv1d({ filters: 16, kernelSize: 7, strides: 2, padding: 'same', activation: 'relu' }))
  upsample1d(m, 35, 16)
  m.add(tf.layers.conv1d({ filters: 16, kernelSize: 7, padding: 'same', activation: 'relu' }))
  upsample1d(m, 70, 16)
  m.add(tf.layers.conv1d({ filters: 32, kernelSize: 7, padding: 'same', activation: 'relu' }))
  m.add(tf.layers.conv1d({ filters: 1, kernelSize: 7, padding: 'same' }))
  return m
}

function conv2d(): tf.Sequential {
  const m = tf.sequential()
  m.add(tf.layers.conv2d({ filters: 16, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu', inputShape: [28, 28, 1] }))
  m.add(tf.layers.conv2d({ filters: 8, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu' }))
  m.add(tf.layers.conv2dTranspose({ filters: 8, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu' }))
  m.add(tf.layers.conv2dTranspose({ filters: 16, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu' }))
  m.add(tf.layers.conv2d({ filters: 1, kernelSize: 3, padding: 'same', activation: 'sigmoid' }))
  return m
}

function lstm(): tf.Sequential {
  const m = tf.sequential()
  // recurrentActivation 'sigmoid' as in torch / Keras 2 (tfjs's default is hardSigmoid).
  m.add(tf.layers.lstm({ units: 64, recurrentActivation: 'sigmoid', inputShape: [140, 1] }))
  m.add(tf.layers.repeatVector({ n: 140 }))
  m.add(tf.layers.lstm({ units: 64, recurrentActivation: 'sigmoid', returnSequences: true }))
  m.add(tf.layers.timeDistributed({ layer: tf.layers.dense({ units: 1 }) }))
  return m
}

interface CaseSpec {
  build: () => tf.Sequential
  sampleShape: number[]
  batch: number
  /** Samples in the timed epoch, per backend and variant: about 1-5 s each, so the suite stays within minutes. */
  samples: Record<Backend, Record<Variant, number>>
  /** The row label of the case in ../shared/peers/README.md. */
  peerLabel: string
  /** Targets of issue 7, samples/s on this machine. */
  targets: Partial<Record<Backend, number>>
}

const CASES: Record<CaseName, CaseSpec> = {
  dense512: { build: dense, sampleShape: [140], batch: 512, samples: { cpu: { stock: 2048, fast: 2048 }, wasm: { stock: 4096, fast: 4096 } }, peerLabel: 'dense 140-32-16-8-16-32-140, batch 512', targets: { wasm: 55_000 } },
  dense64: { build: dense, sampleShape: [140], batch: 64, samples: { cpu: { stock: 1024, fast: 1024 }, wasm: { stock: 2048, fast: 2048 } }, peerLabel: 'dense, batch 64', targets: {} },
  conv1d: { build: conv1d, sampleShape: [140, 1], batch: 64, samples: { cpu: { stock: 64, fast: 320 }, wasm: { stock: 64, fast: 1280 } }, peerLabel: 'Conv1D AE on 140 steps', targets: { cpu: 200, wasm: 2_500 } },
  conv2d: { build: conv2d, sampleShape: [28, 28, 1], batch: 64, samples: { cpu: { stock: 64, fast: 192 }, wasm: { stock: 64, fast: 640 } }, peerLabel: 'Conv2D denoiser on 28×28', targets: { cpu: 150, wasm: 1_700 } },
  lstm: { build: lstm, sampleShape: [140, 1], batch: 32, samples: { cpu: { stock: 32, fast: 32 }, wasm: { stock: 64, fast: 64 } }, peerLabel: 'LSTM(64) seq2seq, 140 steps', targets: { cpu: 30, wasm: 120 } },
}

/** Training samples/s of one model.fit epoch after a one-batch warm-up fit; NaN and the reason when it cannot train. */
async function measure(spec: CaseSpec, n: number): Promise<{ rate: number; error?: string }> {
  const model = spec.build()
  const optimizer = tf.train.adam(1e-3)
  model.compile({ optimizer, loss: 'meanSquaredError' })
  const x = tf.randomUniform([n, ...spec.sampleShape], 0, 1, 'float32', 7)
  const warm = tf.slice(x, 0, spec.batch)
  try {
    await model.fit(warm, warm, { batchSize: spec.batch, epochs: 1, shuffle: false, verbose: 0 })
    const started = performance.now()
    await model.fit(x, x, { batchSize: spec.batch, epochs: 1, shuffle: false, verbose: 0 })
    return { rate: n / ((performance.now() - started) / 1000) }
  } catch (error) {
    return { rate: Number.NaN, error: String((error as Error).message ?? error).split('\n')[0] }
  } finally {
    tf.dispose([x, warm])
    model.dispose()
    optimizer.dispose()
  }
}

async function useVariant(backend: Backend, variant: Variant): Promise<void> {
  await initBackend({ backend })
  if (variant === 'fast') registerFastKernels({ backends: [backend] })
  else unregisterFastKernels({ backends: [backend] })
}

/** PyTorch one-thread training samples/s by case label, from the peers' README table (column 4). */
async function pytorchFigures(): Promise<Map<string, number>> {
  const shared = process.env.AEDETECT_SHARED_DIR ?? join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..', 'shared')
  const figures = new Map<string, number>()
  const text = await readFile(join(shared, 'peers', 'README.md'), 'utf8').catch(() => '')
  for (const line of text.split('\n')) {
    const cells = line.split('|').map((c) => c.trim())
    if (cells.length > 5 && /^[\d,.]+$/.test(cells[4])) figures.set(cells[1], Number(cells[4].replace(/,/g, '')))
  }
  return figures
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]
}

const suite: BenchSuite = {
  name: 'kernels',
  description: `Training samples/s of the peers' cases (plain tf.layers, Adam 1e-3, MSE, model.fit) with stock tfjs 4.22 kernels vs after registerFastKernels(), per backend, same process, interleaved, median of ${ROUNDS} rounds; one timed epoch after a one-batch warm-up; ratios against stock and against PyTorch one thread (../shared/peers/README.md).`,
  async run(): Promise<BenchRow[]> {
    const torch = await pytorchFigures()
    const rates = new Map<string, number[]>()
    const errors = new Map<string, string>()
    const names = Object.keys(CASES) as CaseName[]
    for (let round = 0; round < ROUNDS; round++) {
      for (const name of names) {
        for (const backend of ['cpu', 'wasm'] as const) {
          for (const variant of ['stock', 'fast'] as const) {
            const key = `${name}/${backend}/${variant}`
            if (errors.has(key)) continue
            await useVariant(backend, variant)
            const result = await measure(CASES[name], CASES[name].samples[backend][variant])
            if (result.error !== undefined) errors.set(key, result.error)
            else rates.set(key, [...(rates.get(key) ?? []), result.rate])
          }
        }
      }
    }
    unregisterFastKernels()
    const rows: BenchRow[] = []
    for (const name of names) {
      const spec = CASES[name]
      for (const backend of ['cpu', 'wasm'] as const) {
        const fast = rates.has(`${name}/${backend}/fast`) ? median(rates.get(`${name}/${backend}/fast`) as number[]) : Number.NaN
        const stockKey = `${name}/${backend}/stock`
        const stock = rates.has(stockKey) ? median(rates.get(stockKey) as number[]) : undefined
        const fastError = errors.get(`${name}/${backend}/fast`)
        rows.push({
          name: `${name} train (${backend}): fast kernels vs stock tfjs`,
          value: fast,
          unit: 'samples/s',
          ...(stock === undefined ? {} : { reference: stock, ratio: fast / stock }),
          target: '>= 0.95 x stock',
          met: stock === undefined ? Number.isFinite(fast) : fast >= 0.95 * stock,
          note: fastError ?? (stock === undefined ? `stock cannot train: ${errors.get(stockKey) ?? 'not measured'}` : ''),
        })
        const peer = torch.get(spec.peerLabel)
        const target = spec.targets[backend]
        rows.push({
          name: `${name} train (${backend}) vs PyTorch 1 thread`,
          value: fast,
          unit: 'samples/s',
          ...(peer === undefined ? {} : { reference: peer, ratio: fast / peer }),
          ...(target === undefined ? {} : { target: `>= ${target.toLocaleString('en-US')} samples/s`, met: fast >= target }),
          note: peer === undefined ? 'PyTorch figure not found in ../shared/peers/README.md' : 'reference: peers/README.md (published figure, not measured here)',
        })
      }
    }
    return rows
  },
}

export default suite
