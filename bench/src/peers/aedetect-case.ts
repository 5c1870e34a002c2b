// The aedetect twin of ../shared/peers/tfjs_bench.mjs: the same cases (shapes, batch sizes, epochs, Adam 1e-3,
// MSE, a fresh shuffle every epoch), trained and scored through aedetect's public API instead of plain
// tf.layers: initBackend + registerFastKernels, buildAutoencoder + trainAutoencoder, and
// measureReconstructionErrors (the detector's score() path: errors on the backend, n floats read back) for inference. It prints one line `RESULT {json}` with
// the peer's fields, so the peers suite reads both the same way. Run as its own process (peak RSS is per
// process), compiled to plain JS first (see ./twin-script.ts: a TypeScript loader in the process would add
// ~70 MB to the peak RSS being compared).
//
// Usage: node aedetect-case.mjs <dense512|dense64|conv1d|conv2d|lstm|infer> <cpu|wasm> [n]
import { createRequire } from 'node:module'
import os from 'node:os'
import type { Samples } from '@aedetect/core'
import type { AutoencoderConfig } from '@aedetect/models'

// The packages load through their CommonJS entries because the peer loads tfjs with require(): an ESM import
// of tfjs (a CommonJS package) costs ~19 MB more peak RSS in either script (measured: 90 vs 71 MB for tfjs
// alone), which would be charged to aedetect here.
const require = createRequire(import.meta.url)
const { createRandom } = require('@aedetect/core') as typeof import('@aedetect/core')
const { buildAutoencoder, initBackend, measureReconstructionErrors, registerFastKernels, trainAutoencoder } = require('@aedetect/models') as typeof import('@aedetect/models')

// The peers' models written as aedetect configs (same layers, activations and parameter counts; the
// suite checks the counts against the plain tf.layers models of bench/src/_reference-models.ts).
// name: [config, sample shape, default n, batch, epochs] -- as CASES of tfjs_bench.mjs.
const CASES: Record<string, [AutoencoderConfig, number[], number, number, number]> = {
  dense512: [{ kind: 'dense', hiddenUnits: [32, 16, 8, 16, 32], outputActivation: 'sigmoid' }, [140], 2336, 512, 20],
  dense64: [{ kind: 'dense', hiddenUnits: [32, 16, 8, 16, 32], outputActivation: 'sigmoid' }, [140], 2336, 64, 20],
  conv1d: [{ kind: 'conv1d', filters: [32, 16], kernelSize: 7, upsampling: 'nearest', outputActivation: 'linear' }, [140, 1], 2000, 64, 3],
  lstm: [{ kind: 'lstm', units: 64 }, [140, 1], 256, 32, 2],
  conv2d: [{ kind: 'conv2d', filters: [16, 8], kernelSize: 3, outputActivation: 'sigmoid' }, [28, 28, 1], 2000, 64, 3],
}

/** The documented default batch of measureReconstructionErrors (and so detector.score) for this model, per backend. */
const DEFAULT_SCORING_BATCH: Record<string, number> = { cpu: 1024, wasm: 8192 }

const [caseName = 'dense512', backendArg = 'cpu', nArg] = process.argv.slice(2)
const backend = backendArg === 'wasm' ? 'wasm' : 'cpu'
const nOverride = nArg ? Number(nArg) : null

const now = (): number => performance.now() / 1000
const rate = (v: number): number => (v < 1000 ? Number(v.toFixed(2)) : Math.round(v))
const cpu0 = process.cpuUsage()
const wall0 = now()
const out: Record<string, unknown> = { case: caseName, backend, node: process.version, load1_start: os.loadavg()[0] }

function uniform(shape: number[], seed: number): Samples {
  let size = 1
  for (const d of shape) size *= d
  const data = new Float32Array(size)
  const random = createRandom(seed)
  for (let i = 0; i < size; i++) data[i] = random.next()
  return { data, shape }
}

async function train(): Promise<void> {
  const spec = CASES[caseName]
  if (!spec) throw new Error(`unknown case '${caseName}'; expected one of ${Object.keys(CASES).join(', ')}, infer`)
  const [config, sampleShape, defaultN, batch, epochs] = spec
  const n = nOverride ?? defaultN
  const autoencoder = buildAutoencoder(config, { sampleShape, seed: 7 })
  const x = uniform([n, ...sampleShape], 7)
  const epochMs: number[] = []
  let previous = 0
  const t0 = now()
  const history = await trainAutoencoder(autoencoder, x, {
    epochs,
    batchSize: batch,
    learningRate: 1e-3,
    loss: 'mse',
    seed: 7,
    onEpochEnd: (p) => {
      epochMs.push(p.elapsedMs - previous)
      previous = p.elapsedMs
    },
  })
  const total = now() - t0
  // Which path trained: model.fit compiles the model (tfjs sets its optimizer); aedetect's own runners
  // (the fused LSTM, the variational loop) train the weight variables without compiling it.
  out.training_path = autoencoder.model.optimizer ? 'model.fit' : 'aedetect runner (no model.fit)'
  const steady = epochMs.slice(1).reduce((s, v) => s + v, 0) / 1000
  // Anything trainAutoencoder reports beyond the fields of TrainingHistory (e.g. which runner trained).
  const known = new Set(['loss', 'valLoss', 'bestEpoch', 'stoppedEarly', 'epochsRun', 'samplesPerSecond'])
  const extra = Object.fromEntries(Object.entries(history).filter(([k]) => !known.has(k)))
  Object.assign(out, {
    params: autoencoder.model.countParams(),
    n,
    batch,
    epochs,
    total_s: Number(total.toFixed(3)),
    samples_per_s: rate((n * epochs) / total),
    steady_samples_per_s: epochs > 1 ? rate((n * (epochs - 1)) / steady) : null,
    epoch_s: epochMs.map((e) => Number((e / 1000).toFixed(3))),
    loss: Number(history.loss[history.loss.length - 1].toFixed(5)),
    ...(Object.keys(extra).length > 0 ? { history_extra: extra } : {}),
  })
  if (caseName === 'lstm') out.steps = sampleShape[0]
  autoencoder.dispose()
}

// The peer times model.predict + a per-row MSE at batch 32, 1024 and 8192 (median of 3 after a warm-up).
// Here: measureReconstructionErrors (MSE) at those batch sizes, and without a batch size, which is what
// detector.score() runs per chunk (up to 24,576 rows of 140 values) at its per-backend default batch. The
// detector itself is not built: fitting it would train in this process and put training memory into the
// scoring peak RSS.
async function infer(): Promise<void> {
  const n = nOverride ?? 10000
  const x = uniform([n, 140], 11)
  const config: AutoencoderConfig = { kind: 'dense', hiddenUnits: [32, 16, 8, 16, 32], outputActivation: 'sigmoid' }
  const time = async (work: () => Promise<Float32Array>): Promise<number> => {
    const t = now()
    const scores = await work()
    if (scores.length !== n) throw new Error(`expected ${n} scores, got ${scores.length}`)
    return now() - t
  }
  const median3 = async (work: () => Promise<Float32Array>): Promise<number> => {
    const ts = [await time(work), await time(work), await time(work)].sort((a, b) => a - b)
    return ts[1]
  }
  const autoencoder = buildAutoencoder(config, { sampleShape: [140], seed: 3 })
  const at = (batchSize?: number) => () => measureReconstructionErrors(autoencoder, x, batchSize === undefined ? {} : { batchSize })
  // The peer's order: one warm-up pass at 8192, then 32, 1024, 8192; the default comes last, after its own
  // warm-up (the first passes of a process run up to 3x slower, so order matters).
  await time(at(8192))
  for (const bs of [32, 1024, 8192]) out[`rows_per_s_bs${bs}`] = Math.round(n / (await median3(at(bs))))
  await time(at())
  out.rows_per_s_default = Math.round(n / (await median3(at())))
  out.default_batch = DEFAULT_SCORING_BATCH[backend]
  autoencoder.dispose()
  out.n = n
}

try {
  const report = await initBackend({ backend })
  const fast = registerFastKernels({ backends: [backend] })
  out.backend = report.name
  out.fast_kernels = fast.registered.filter((k) => k.backend === backend).length
  if (report.simd !== undefined) out.wasm_simd = report.simd
  if (caseName === 'infer') await infer()
  else await train()
} catch (error) {
  out.error = String((error as Error)?.message ?? error).split('\n')[0]
}
{
  const c = process.cpuUsage(cpu0)
  out.cpu_per_wall = Number(((c.user + c.system) / 1e6 / (now() - wall0)).toFixed(2))
}
out.load1_end = os.loadavg()[0]
out.peak_rss_mb = Math.round(process.resourceUsage().maxRSS / 1024)
process.stdout.write(`RESULT ${JSON.stringify(out)}\n`)
