// Training speed of the peers' LSTM case (LSTM(64) seq2seq, 140 steps, 1 channel, batch 32, Adam 1e-3, MSE):
// stock tf.layers model.fit (../shared/peers/tfjs_bench.mjs's model, _reference-models.ts) against
// trainAutoencoder on buildAutoencoder({ kind: 'lstm', units: 64 }), which trains the same stock topology with
// the fused LSTM runner (packages/models/src/_lstm-runner.ts). Same process, per backend, 3 interleaved
// rounds after a warm-up, medians; per CPU-second of this process (process.cpuUsage, which other processes
// on the shared machine do not eat) and per wall second. registerFastKernels() is on for both sides (its wasm
// BatchMatMul makes stock model.fit 1.7× faster: the stock side is the best tfjs does).
import { buildAutoencoder, initBackend, registerFastKernels, trainAutoencoder } from '@aedetect/models'
import type { Samples } from '@aedetect/core'
import * as tf from '@tensorflow/tfjs'
import type { BenchRow, BenchSuite } from '../harness'
import { median } from '../_shared'
import { referenceLstm } from '../_reference-models'

type Backend = 'cpu' | 'wasm'
type Side = 'stock' | 'fused'

const ROUNDS = 3
const BATCH = 32
/** Samples per timed epoch: about 2-6 s each on this machine. */
const SAMPLES: Record<Backend, Record<Side, number>> = { cpu: { stock: 32, fused: 192 }, wasm: { stock: 96, fused: 512 } }
/** Issue 7's targets, samples/s on this machine. */
const TARGETS: Record<Backend, number> = { cpu: 30, wasm: 120 }

interface Rate {
  cpu: number
  wall: number
}

function sines(n: number, seed: number): Samples {
  const data = new Float32Array(n * 140)
  for (let i = 0; i < n; i++) for (let t = 0; t < 140; t++) data[i * 140 + t] = 0.5 + 0.4 * Math.sin((2 * Math.PI * t) / (20 + ((i * 7 + seed) % 13)))
  return { data, shape: [n, 140, 1] }
}

async function timed(n: number, run: () => Promise<unknown>): Promise<Rate> {
  const started = performance.now()
  const cpu = process.cpuUsage()
  await run()
  const used = process.cpuUsage(cpu)
  return { cpu: n / ((used.user + used.system) / 1e6), wall: n / ((performance.now() - started) / 1000) }
}

/** One stock model.fit epoch of `x` (after a one-batch warm-up fit). */
async function stock(x: Samples): Promise<Rate> {
  const model = referenceLstm()
  const optimizer = tf.train.adam(1e-3)
  model.compile({ optimizer, loss: 'meanSquaredError' })
  const xs = tf.tensor(x.data, x.shape)
  const warm = tf.slice(xs, 0, BATCH)
  try {
    await model.fit(warm, warm, { batchSize: BATCH, epochs: 1, shuffle: false, verbose: 0 })
    return await timed(x.shape[0], () => model.fit(xs, xs, { batchSize: BATCH, epochs: 1, shuffle: false, verbose: 0 }))
  } finally {
    tf.dispose([xs, warm])
    model.dispose()
    optimizer.dispose()
  }
}

/** One trainAutoencoder epoch of `x` (after a one-batch warm-up run on a fresh model). */
async function fused(x: Samples): Promise<Rate> {
  const ae = buildAutoencoder({ kind: 'lstm', units: 64 }, { sampleShape: [140, 1], seed: 1 })
  try {
    const warm: Samples = { data: x.data.subarray(0, BATCH * 140), shape: [BATCH, 140, 1] }
    await trainAutoencoder(ae, warm, { epochs: 1, batchSize: BATCH, seed: 1 })
    return await timed(x.shape[0], () => trainAutoencoder(ae, x, { epochs: 1, batchSize: BATCH, seed: 1 }))
  } finally {
    ae.dispose()
  }
}

const suite: BenchSuite = {
  name: 'lstm',
  description: `LSTM(64) seq2seq on [140, 1], batch ${BATCH}, Adam 1e-3, MSE: stock tf.layers model.fit against trainAutoencoder's fused LSTM runner (same topology), same process, ${ROUNDS} interleaved rounds, medians, per CPU-second and per wall second; fast kernels on for both.`,
  async run() {
    const rows: BenchRow[] = []
    for (const backend of ['wasm', 'cpu'] as Backend[]) {
      await initBackend({ backend })
      registerFastKernels({ backends: [backend] })
      const rates: Record<Side, Rate[]> = { stock: [], fused: [] }
      for (let round = 0; round < ROUNDS; round++) {
        rates.stock.push(await stock(sines(SAMPLES[backend].stock, round)))
        rates.fused.push(await fused(sines(SAMPLES[backend].fused, round)))
      }
      for (const measure of ['cpu', 'wall'] as const) {
        const s = median(rates.stock.map((r) => r[measure]))
        const f = median(rates.fused.map((r) => r[measure]))
        const per = measure === 'cpu' ? 'CPU-second' : 'wall second'
        rows.push({
          name: `lstm 140 steps train (${backend}), per ${per}`,
          value: f,
          unit: 'samples/s',
          reference: s,
          ratio: f / s,
          target: `>= ${TARGETS[backend]}`,
          met: f >= TARGETS[backend],
          note: `reference: stock model.fit, same process; rounds fused ${rates.fused.map((r) => r[measure].toFixed(1)).join(' ')}, stock ${rates.stock.map((r) => r[measure].toFixed(1)).join(' ')}`,
        })
      }
    }
    return rows
  },
}
export default suite
