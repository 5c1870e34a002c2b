// Training speed of the peers' autoencoder cases with stock tfjs 4.22 kernels against the same process after
// registerFastKernels(), per backend, interleaved, median of 3 rounds; printed beside the PyTorch one-thread
// figures of ../shared/peers/README.md. The models are plain tf.layers, written as ../shared/peers/tfjs_bench.mjs
// writes them, so this suite measures the kernels and nothing of aedetect's own architectures.
// The LSTM rows here are plain model.fit (kernels only); the fused LSTM runner, which carries issue 7's LSTM
// targets, is measured by the lstm and peers suites.
import { readFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { initBackend, registerFastKernels, unregisterFastKernels } from '@aedetect/models'
import * as tf from '@tensorflow/tfjs'
import type { BenchRow, BenchSuite } from '../harness'
import { referenceConv1d, referenceConv2d, referenceDense, referenceLstm } from '../_reference-models'


type Backend = 'cpu' | 'wasm'
type Variant = 'stock' | 'fast'
type CaseName = 'dense512' | 'dense64' | 'conv1d' | 'conv2d' | 'lstm'

const ROUNDS = 3

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
  dense512: { build: () => referenceDense(), sampleShape: [140], batch: 512, samples: { cpu: { stock: 2048, fast: 2048 }, wasm: { stock: 4096, fast: 4096 } }, peerLabel: 'dense 140-32-16-8-16-32-140, batch 512', targets: { wasm: 55_000 } },
  dense64: { build: () => referenceDense(), sampleShape: [140], batch: 64, samples: { cpu: { stock: 1024, fast: 1024 }, wasm: { stock: 2048, fast: 2048 } }, peerLabel: 'dense, batch 64', targets: {} },
  conv1d: { build: referenceConv1d, sampleShape: [140, 1], batch: 64, samples: { cpu: { stock: 64, fast: 320 }, wasm: { stock: 64, fast: 1280 } }, peerLabel: 'Conv1D AE on 140 steps', targets: { cpu: 200, wasm: 2_500 } },
  conv2d: { build: referenceConv2d, sampleShape: [28, 28, 1], batch: 64, samples: { cpu: { stock: 64, fast: 192 }, wasm: { stock: 64, fast: 640 } }, peerLabel: 'Conv2D denoiser on 28×28', targets: { cpu: 150, wasm: 1_700 } },
  lstm: { build: referenceLstm, sampleShape: [140, 1], batch: 32, samples: { cpu: { stock: 32, fast: 32 }, wasm: { stock: 64, fast: 64 } }, peerLabel: 'LSTM(64) seq2seq, 140 steps', targets: {} },
}

interface Measured {
  /** Samples per second of process CPU time (user + system): what the process gets from the cores it runs on. */
  rate: number
  /** Samples per second of wall time, which other processes on a shared machine slow down. */
  wallRate: number
  error?: string
}

/** Training speed of one model.fit epoch after a one-batch warm-up fit; NaN and the reason when it cannot train. */
async function measure(spec: CaseSpec, n: number): Promise<Measured> {
  const model = spec.build()
  const optimizer = tf.train.adam(1e-3)
  model.compile({ optimizer, loss: 'meanSquaredError' })
  const x = tf.randomUniform([n, ...spec.sampleShape], 0, 1, 'float32', 7)
  const warm = tf.slice(x, 0, spec.batch)
  try {
    await model.fit(warm, warm, { batchSize: spec.batch, epochs: 1, shuffle: false, verbose: 0 })
    const started = performance.now()
    const cpu = process.cpuUsage()
    await model.fit(x, x, { batchSize: spec.batch, epochs: 1, shuffle: false, verbose: 0 })
    const used = process.cpuUsage(cpu)
    return { rate: n / ((used.user + used.system) / 1e6), wallRate: n / ((performance.now() - started) / 1000) }
  } catch (error) {
    return { rate: Number.NaN, wallRate: Number.NaN, error: String((error as Error).message ?? error).split('\n')[0] }
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

interface KernelCase {
  backend: Backend
  kernel: string
  /** The layer it comes from, for the row name. */
  layer: string
  inputs: Record<string, number[]>
  attrs: Record<string, unknown>
}

// The kernels' own speed on layer shapes of the cases above, batch 16 (the stock cpu gradient loops take
// seconds at batch 64). wasm Conv2DBackpropFilter has no stock kernel to compare with.
const conv = (stride: number, filterShape: number[]) => ({ strides: stride, pad: 'same', dataFormat: 'NHWC', dimRoundingMode: undefined, filterShape })
const KERNEL_CASES: KernelCase[] = [
  { backend: 'cpu', kernel: 'Conv2DBackpropFilter', layer: 'conv1d 16->32 k7 on 140', inputs: { x: [16, 1, 140, 16], dy: [16, 1, 140, 32] }, attrs: conv(1, [1, 7, 16, 32]) },
  { backend: 'cpu', kernel: 'Conv2DBackpropFilter', layer: 'conv2d 1->16 3x3 stride 2 on 28x28', inputs: { x: [16, 28, 28, 1], dy: [16, 14, 14, 16] }, attrs: conv(2, [3, 3, 1, 16]) },
  { backend: 'cpu', kernel: 'Conv2DBackpropInput', layer: 'conv2dTranspose 8->16 3x3 stride 2 to 28x28', inputs: { dy: [16, 14, 14, 8], filter: [3, 3, 16, 8] }, attrs: { ...conv(2, []), inputShape: [16, 28, 28, 16] } },
  { backend: 'cpu', kernel: 'Conv2D', layer: 'conv1d 16->32 k7 on 140', inputs: { x: [16, 1, 140, 16], filter: [1, 7, 16, 32] }, attrs: { ...conv(1, []), dilations: 1 } },
  { backend: 'cpu', kernel: 'ResizeNearestNeighborGrad', layer: 'UpSampling2D x2 of [70, 1, 16]', inputs: { images: [16, 70, 1, 16], dy: [16, 140, 1, 16] }, attrs: { alignCorners: false, halfPixelCenters: false } },
  { backend: 'cpu', kernel: 'Add', layer: 'bias of conv1d 32 channels on 140', inputs: { a: [16, 1, 140, 32], b: [1, 1, 1, 32] }, attrs: {} },
  { backend: 'cpu', kernel: 'Sum', layer: 'bias gradient of conv1d 32 channels on 140', inputs: { x: [16, 1, 140, 32] }, attrs: { axis: [0, 1, 2], keepDims: false } },
  { backend: 'wasm', kernel: 'Conv2DBackpropInput', layer: 'conv2dTranspose 8->16 3x3 stride 2 to 28x28', inputs: { dy: [16, 14, 14, 8], filter: [3, 3, 16, 8] }, attrs: { ...conv(2, []), inputShape: [16, 28, 28, 16] } },
  { backend: 'wasm', kernel: 'Conv2DBackpropInput', layer: 'conv1d 32->16 k7 input gradient on 140', inputs: { dy: [16, 1, 140, 16], filter: [1, 7, 32, 16] }, attrs: { ...conv(1, []), inputShape: [16, 1, 140, 32] } },
  { backend: 'wasm', kernel: 'BatchMatMul', layer: 'dense 140->32 weight gradient, batch 512 (transposeA)', inputs: { a: [1, 512, 140], b: [1, 512, 32] }, attrs: { transposeA: true, transposeB: false } },
  { backend: 'wasm', kernel: 'BatchMatMul', layer: 'dense 32->140 input gradient, batch 512 (transposeB)', inputs: { a: [1, 512, 140], b: [1, 32, 140] }, attrs: { transposeA: false, transposeB: true } },
]

/** Kernel calls per second, best of 7 after one warm-up call. */
function callsPerSecond(c: KernelCase): number {
  const inputs = Object.fromEntries(Object.entries(c.inputs).map(([name, shape], i) => [name, tf.randomUniform(shape, -1, 1, 'float32', i + 1)]))
  const once = () => {
    const out = tf.engine().runKernel(c.kernel, inputs, c.attrs as tf.NamedAttrMap) as tf.Tensor
    out.dataSync()
    out.dispose()
  }
  once()
  let best = Number.POSITIVE_INFINITY
  for (let r = 0; r < 7; r++) {
    const started = performance.now()
    once()
    best = Math.min(best, performance.now() - started)
  }
  tf.dispose(Object.values(inputs))
  return 1000 / best
}

async function kernelRows(): Promise<BenchRow[]> {
  const rows: BenchRow[] = []
  for (const c of KERNEL_CASES) {
    await useVariant(c.backend, 'stock')
    const stock = callsPerSecond(c)
    await useVariant(c.backend, 'fast')
    const fast = callsPerSecond(c)
    rows.push({ name: `kernel ${c.backend} ${c.kernel}: ${c.layer}`, value: fast, unit: 'calls/s', reference: stock, ratio: fast / stock, note: 'reference: stock kernel, same process' })
  }
  return rows
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]
}

const suite: BenchSuite = {
  name: 'kernels',
  description: `Training samples per CPU-second (process.cpuUsage, so other load on a shared machine does not count; wall-clock rates in the notes) of the peers' cases (plain tf.layers, Adam 1e-3, MSE, model.fit) with stock tfjs 4.22 kernels vs after registerFastKernels(), per backend, same process, interleaved, median of ${ROUNDS} rounds; one timed epoch after a one-batch warm-up; ratios against stock and against PyTorch one thread (../shared/peers/README.md); then each replaced kernel alone on a layer shape (batch 16), best of 7 calls, fast vs stock.`,
  async run(): Promise<BenchRow[]> {
    const torch = await pytorchFigures()
    const rates = new Map<string, number[]>()
    const wallRates = new Map<string, number[]>()
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
            else {
              rates.set(key, [...(rates.get(key) ?? []), result.rate])
              wallRates.set(key, [...(wallRates.get(key) ?? []), result.wallRate])
            }
          }
        }
      }
    }
    const rows: BenchRow[] = []
    for (const name of names) {
      const spec = CASES[name]
      for (const backend of ['cpu', 'wasm'] as const) {
        const fast = rates.has(`${name}/${backend}/fast`) ? median(rates.get(`${name}/${backend}/fast`) as number[]) : Number.NaN
        const stockKey = `${name}/${backend}/stock`
        const stock = rates.has(stockKey) ? median(rates.get(stockKey) as number[]) : undefined
        const fastError = errors.get(`${name}/${backend}/fast`)
        const wall = (key: string) => (wallRates.has(key) ? Math.round(median(wallRates.get(key) as number[])) : 'n/a')
        const wallNote = `wall-clock: fast ${wall(`${name}/${backend}/fast`)}, stock ${wall(stockKey)} samples/s`
        rows.push({
          name: `${name} train (${backend}): fast kernels vs stock tfjs`,
          value: fast,
          unit: 'samples/s',
          ...(stock === undefined ? {} : { reference: stock, ratio: fast / stock }),
          target: '>= 0.95 x stock',
          met: stock === undefined ? Number.isFinite(fast) : fast >= 0.95 * stock,
          note: fastError ?? (stock === undefined ? `stock cannot train: ${errors.get(stockKey) ?? 'not measured'}; ${wallNote}` : wallNote),
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
    rows.push(...(await kernelRows()))
    unregisterFastKernels()
    return rows
  },
}

export default suite
