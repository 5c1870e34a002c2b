// Library overhead of @aedetect/models: training and scoring samples/s of each architecture through
// trainAutoencoder / reconstruct, against a plain hand-written tfjs loop of the same model on the same data
// in the same process (model.fit with shuffle: true, model.predict; for the VAE a plain optimizer.minimize
// loop), interleaved rounds, medians. The fast kernels (registerFastKernels) are on for both sides, so the
// ratio measures aedetect's own cost, not the kernels (the kernels suite measures those).
import * as tf from '@tensorflow/tfjs'
import {
  buildAutoencoder,
  initBackend,
  reconstruct,
  registerFastKernels,
  trainAutoencoder,
  type AutoencoderConfig,
} from '@aedetect/models'
import type { Samples } from '@aedetect/core'
import type { BenchRow, BenchSuite } from '../harness'
import { referenceConv1d, referenceConv2d, referenceDense, referenceLstm } from '../_reference-models'


type Backend = 'cpu' | 'wasm'

interface Case {
  name: string
  config: AutoencoderConfig
  sampleShape: number[]
  n: number
  batch: number
  epochs: number
  rounds: number
  raw: () => tf.LayersModel
}

// The VAE's plain loop: the same layers as buildAutoencoder({ kind: 'variational' }), trained by hand.
interface RawVae {
  encoder: tf.LayersModel
  decoder: tf.LayersModel
}
const vae = (): RawVae => {
  const input = tf.input({ shape: [140] })
  let h = tf.layers.dense({ units: 32, activation: 'relu' }).apply(input) as tf.SymbolicTensor
  h = tf.layers.dense({ units: 16, activation: 'relu' }).apply(h) as tf.SymbolicTensor
  const mean = tf.layers.dense({ units: 8 }).apply(h) as tf.SymbolicTensor
  const logVar = tf.layers.dense({ units: 8, kernelInitializer: 'zeros' }).apply(h) as tf.SymbolicTensor
  const z = tf.input({ shape: [8] })
  let d = tf.layers.dense({ units: 16, activation: 'relu' }).apply(z) as tf.SymbolicTensor
  d = tf.layers.dense({ units: 32, activation: 'relu' }).apply(d) as tf.SymbolicTensor
  d = tf.layers.dense({ units: 140, activation: 'sigmoid' }).apply(d) as tf.SymbolicTensor
  return { encoder: tf.model({ inputs: input, outputs: [mean, logVar] }), decoder: tf.model({ inputs: z, outputs: d }) }
}

const CASES: Case[] = [
  { name: 'dense batch 512', config: { kind: 'dense' }, sampleShape: [140], n: 2336, batch: 512, epochs: 20, rounds: 3, raw: () => referenceDense() },
  { name: 'dense batch 64', config: { kind: 'dense' }, sampleShape: [140], n: 2336, batch: 64, epochs: 20, rounds: 3, raw: () => referenceDense() },
  { name: 'conv1d', config: { kind: 'conv1d', upsampling: 'nearest' }, sampleShape: [140, 1], n: 512, batch: 64, epochs: 3, rounds: 2, raw: referenceConv1d },
  { name: 'conv2d', config: { kind: 'conv2d' }, sampleShape: [28, 28, 1], n: 512, batch: 64, epochs: 3, rounds: 2, raw: referenceConv2d },
  { name: 'lstm 140 steps', config: { kind: 'lstm' }, sampleShape: [140, 1], n: 64, batch: 32, epochs: 2, rounds: 2, raw: referenceLstm },
  { name: 'variational', config: { kind: 'variational' }, sampleShape: [140], n: 2336, batch: 64, epochs: 6, rounds: 2, raw: () => referenceDense() },
]

// AEDETECT_BENCH_MODELS_CASES (comma-separated case names, e.g. 'dense batch 512') and
// AEDETECT_BENCH_MODELS_BACKENDS ('wasm,cpu') narrow a run; all cases on both backends by default.
const wantedCases = process.env.AEDETECT_BENCH_MODELS_CASES?.split(',').map((s) => s.trim())
const wantedBackends = (process.env.AEDETECT_BENCH_MODELS_BACKENDS?.split(',').map((s) => s.trim()) ?? ['wasm', 'cpu']) as Backend[]

const median = (values: number[]): number => {
  const s = values.slice().sort((a, b) => a - b)
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2
}

function randomSamples(shape: number[], seed: number): Samples {
  const t = tf.randomUniform(shape, 0, 1, 'float32', seed)
  const data = t.dataSync() as Float32Array
  t.dispose()
  return { data, shape }
}

// On a shared machine a whole run is at the mercy of other processes; the fastest steady epoch (epoch 1
// excluded) of each side is the figure least disturbed by them, so the ratio compares those.
const bestRate = (c: Case, epochMs: number[]): number => c.n / (Math.min(...epochMs.slice(1)) / 1000)

/** Best steady training samples/s of the plain loop. */
async function rawTrain(c: Case, x: Samples): Promise<number> {
  const xs = tf.tensor(x.data, x.shape)
  const times: number[] = []
  let t0 = 0
  if (c.config.kind === 'variational') {
    const { encoder, decoder } = vae()
    const optimizer = tf.train.adam(1e-3)
    for (let epoch = 0; epoch < c.epochs; epoch++) {
      t0 = performance.now()
      const order = tf.util.createShuffledIndices(c.n)
      const shuffled = tf.gather(xs, tf.tensor1d(Int32Array.from(order), 'int32'))
      for (let start = 0; start < c.n; start += c.batch) {
        const size = Math.min(c.batch, c.n - start)
        const cost = optimizer.minimize(() => tf.tidy(() => {
          const xb = tf.slice(shuffled, start, size)
          const [mean, logVar] = encoder.apply(xb, { training: true }) as tf.Tensor[]
          const zb = tf.add(mean, tf.mul(tf.exp(tf.mul(logVar, 0.5)), tf.randomNormal(mean.shape)))
          const y = decoder.apply(zb, { training: true }) as tf.Tensor
          const rec = tf.sum(tf.square(tf.sub(y, xb)), 1)
          const kl = tf.mul(-0.5, tf.sum(tf.sub(tf.sub(tf.add(1, logVar), tf.square(mean)), tf.exp(logVar)), 1))
          return tf.mean(tf.add(rec, kl)) as tf.Scalar
        }), true)
        if (cost) {
          await cost.data()
          cost.dispose()
        }
      }
      shuffled.dispose()
      times.push(performance.now() - t0)
    }
    encoder.dispose()
    decoder.dispose()
    optimizer.dispose()
  } else {
    const model = c.raw()
    const optimizer = tf.train.adam(1e-3)
    model.compile({ optimizer, loss: 'meanSquaredError' })
    await model.fit(xs, xs, {
      batchSize: c.batch,
      epochs: c.epochs,
      shuffle: true,
      verbose: 0,
      callbacks: { onEpochBegin: async () => { t0 = performance.now() }, onEpochEnd: async () => { times.push(performance.now() - t0) } },
    })
    model.dispose()
    optimizer.dispose()
  }
  xs.dispose()
  return bestRate(c, times)
}

async function oursTrain(c: Case, x: Samples): Promise<number> {
  const ae = buildAutoencoder(c.config, { sampleShape: c.sampleShape, seed: 1 })
  // Epoch times from the elapsed clock include aedetect's per-epoch work (seeded shuffle, tensor creation).
  const ends = [0]
  await trainAutoencoder(ae, x, { epochs: c.epochs, batchSize: c.batch, seed: 1, onEpochEnd: (p) => ends.push(p.elapsedMs) })
  ae.dispose()
  return bestRate(c, ends.slice(1).map((end, i) => end - ends[i]))
}

const SCORE_BATCH = 1024

async function rawScore(c: Case, x: Samples): Promise<number> {
  const model = c.config.kind === 'variational' ? referenceDense() : c.raw()
  const xs = tf.tensor(x.data, x.shape)
  ;(model.predict(xs, { batchSize: SCORE_BATCH }) as tf.Tensor).dispose()
  let best = Infinity
  for (let r = 0; r < 3; r++) {
    const t0 = performance.now()
    const y = model.predict(xs, { batchSize: SCORE_BATCH }) as tf.Tensor
    await y.data()
    best = Math.min(best, performance.now() - t0)
    y.dispose()
  }
  const rate = x.shape[0] / (best / 1000)
  xs.dispose()
  model.dispose()
  return rate
}

async function oursScore(c: Case, x: Samples): Promise<number> {
  const ae = buildAutoencoder(c.config, { sampleShape: c.sampleShape, seed: 1 })
  await reconstruct(ae, x, { batchSize: SCORE_BATCH })
  let best = Infinity
  for (let r = 0; r < 3; r++) {
    const t0 = performance.now()
    await reconstruct(ae, x, { batchSize: SCORE_BATCH })
    best = Math.min(best, performance.now() - t0)
  }
  const rate = x.shape[0] / (best / 1000)
  ae.dispose()
  return rate
}

const suite: BenchSuite = {
  name: 'models',
  description:
    'Training samples/s (fastest epoch after the first) and scoring samples/s (fastest pass, batch 1024) of every @aedetect/models architecture vs a plain tfjs loop of the same model, same random data, same process, interleaved rounds (median), cpu and wasm, fast kernels registered.',
  async run(): Promise<BenchRow[]> {
    const rows: BenchRow[] = []
    for (const backend of wantedBackends) {
      await initBackend({ backend })
      registerFastKernels()
      for (const c of CASES.filter((k) => !wantedCases || wantedCases.includes(k.name))) {
        const x = randomSamples([c.n, ...c.sampleShape], 7)
        const raw: number[] = []
        const ours: number[] = []
        for (let round = 0; round < c.rounds; round++) {
          raw.push(await rawTrain(c, x))
          ours.push(await oursTrain(c, x))
        }
        const trainRatio = median(ours) / median(raw)
        rows.push({ name: `${c.name} train (${backend})`, value: median(ours), unit: 'samples/s', reference: median(raw), ratio: trainRatio, target: '≥ 0.95 × plain tfjs', met: trainRatio >= 0.95, note: `n ${c.n}, batch ${c.batch}, ${c.epochs} epochs, ${c.rounds} rounds` })
        // Scoring is fast: measure on 4× the rows, best of 3 passes, 3 interleaved rounds.
        const xScore = randomSamples([c.n * 4, ...c.sampleShape], 8)
        const rawScores: number[] = []
        const oursScores: number[] = []
        for (let round = 0; round < 3; round++) {
          rawScores.push(await rawScore(c, xScore))
          oursScores.push(await oursScore(c, xScore))
        }
        const scoreRatio = median(oursScores) / median(rawScores)
        process.stderr.write(`models: ${c.name} (${backend}) train ${median(ours).toFixed(1)} vs ${median(raw).toFixed(1)} samples/s, score ${median(oursScores).toFixed(0)} vs ${median(rawScores).toFixed(0)}\n`)
        rows.push({ name: `${c.name} score (${backend})`, value: median(oursScores), unit: 'samples/s', reference: median(rawScores), ratio: scoreRatio, target: '≥ 0.95 × plain tfjs', met: scoreRatio >= 0.95, note: `reconstruct vs model.predict, ${xScore.shape[0]} rows, batch ${SCORE_BATCH}, best pass, 3 rounds` })
      }
    }
    return rows
  },
}

export default suite
