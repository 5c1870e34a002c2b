// Scoring and reconstruction of a plain dense stack through the fused dense runner's forward pass (no tfjs
// op per layer): the same numbers as `model.predict` within float32 rounding (dense-fused-predict.test.ts).
// On cpu tfjs's per-op overhead and its allocating JS kernels, not arithmetic, bound predict (issue 7). The
// fused pass's products run through the float32 SIMD kernel the trainers use (simd-f32-matmul.ts of
// @aedetect/tfjs-kernels; the float64 one, bit-identical to the JS loops, ran at a third of its speed), bias +
// sigmoid through the SIMD pass: errors of 10,000 rows at batch 1,024 on cpu went from 130-190k to ~480k rows/s
// (the peers' twin, quiet machine, issue 22), and the same pass now beats predict on wasm too (FASTER_ON).
// Stacks of relu, linear and sigmoid layers (the default's) then moved to one WebAssembly memory for the whole
// pass and the row errors (simdDenseScorer): 1.5x again on both backends, the same scores to the bit.
import { getBackend, type LayersModel } from '@tensorflow/tfjs'
import type { Samples } from '@aedetect/core'
import { denseForward, prepareDense, releaseDense, type DenseTrace } from './dense-fused-forward'
import { denseStack, readDenseWeights, type DenseLayerShape, type DenseStack } from './dense-fused-parameters'
import { trainingMatmul } from '../fused-common/training-matmul'
import { perBatchSize } from '../fused-common/fused-runs'
import { densePasses, type DenseActivation } from './dense-activations'
import { simdDenseScorer, vectorSigmoidForBackend, type DenseScorer, type RowErrorMetric, type ScorerActivation, type ScorerLayer } from '@aedetect/tfjs-kernels'

// Backends where the fused pass scores faster than tf.layers' predict. Rows per CPU-second, the peers'
// 140-32-16-8-16-32-140 model, 4,096 rows at the backend's default batch, one process, interleaved rounds,
// medians (2026-11-30, load 5-6): cpu (batch 1,024) errors 26k with predict vs 134k fused (3.7-5.5x per
// round), reconstructions 32k vs 122k (2.8-4.1x). wasm then kept predict (750k against 240k fused: XNNPACK's
// products, and the fused pass copied every layer through the heap). Issue 22 moved the fused pass to the
// float32 SIMD products and sigmoid, passes of at most PASS_ROWS rows and the deferred finiteness check; on
// wasm (2026-12-07, 4,096 rows a call at the default batch, median of 55 calls, two alternating rounds, load
// ~1) errors ran at 610k and 677k rows/s fused against 377k and 509k with predict, so both backends fuse.
const FASTER_ON = new Set(['cpu', 'wasm'])

// Rows per forward pass, whatever the batch size asked for (which then only bounds the call's memory): a pass's
// activations stay in cache. On wasm at the default batch of 8,192 the fused pass ran 380-530k rows/s in one
// pass against 610-680k in passes of 512 (same A/B as above); on cpu 512 and the old 1,024 were within noise.
const PASS_ROWS = 512

/**
 * The plain dense stack of `model` when reconstructions and scores should take the fused forward pass on
 * `backend` (default: the current one); `undefined` when `model` is not a plain stack of dense layers (seeded
 * dropout between them is fine: it is the identity when scoring; batch normalisation is not: see
 * dense-fused-parameters.ts) or the backend's own path is faster.
 */
export function denseScoringStack(model: LayersModel, backend: string = getBackend()): DenseStack | undefined {
  return FASTER_ON.has(backend) ? denseStack(model) : undefined
}

// A forward-only trace: each layer's pre-activation and output share one buffer (the activation pass reads
// each value before it overwrites it), half the memory the training trace keeps, so more of it stays in cache.
function forwardTrace(layers: DenseLayerShape[], batch: number): DenseTrace {
  const y = layers.map((l) => new Float32Array(batch * l.units))
  return { batch, z: y, y }
}

/**
 * The stack as one WebAssembly memory's forward pass and errors (simdDenseScorer of @aedetect/tfjs-kernels:
 * no copies between layers, the row errors in SIMD), for passes of up to `rows` samples; `undefined` where
 * WebAssembly SIMD cannot compile or a layer's activation has no SIMD pass (tanh, elu, selu, swish).
 */
function stackScorer(stack: DenseStack, rows: number): DenseScorer | undefined {
  if (!stack.layers.every((l) => isScorerActivation(l.activation))) return undefined
  const weights = readDenseWeights(stack)
  const layers: ScorerLayer[] = stack.layers.map((l, i) => ({ inputs: l.inputs, units: l.units, activation: l.activation as ScorerActivation, kernel: weights[i].kernel, bias: weights[i].bias }))
  return simdDenseScorer(layers, rows)
}

function isScorerActivation(name: DenseActivation): name is ScorerActivation {
  return name === 'relu' || name === 'linear' || name === 'sigmoid'
}

/**
 * Runs `stack` over `x` through the one-memory scorer, passes of at most `batchSize` (and 512) samples, and
 * calls `each(scorer, start)` after the pass of samples `start…`; false, with nothing called, where the scorer
 * cannot run (the callers then take {@link denseFusedBatches}: the same numbers, through copies).
 */
function scorerPasses(stack: DenseStack, x: Samples, batchSize: number, each: (scorer: DenseScorer, start: number) => void): boolean {
  const n = x.shape[0]
  const pass = Math.min(batchSize, PASS_ROWS, Math.max(1, n))
  const scorer = stackScorer(stack, pass)
  if (scorer === undefined) return false
  try {
    const inputs = stack.layers[0].inputs
    for (let start = 0; start < n; start += pass) {
      const rows = Math.min(pass, n - start)
      scorer.forward(x.data.subarray(start * inputs, (start + rows) * inputs), rows)
      each(scorer, start)
    }
  } finally {
    scorer.dispose()
  }
  return true
}

/**
 * The `metric` error of every sample of `x` under `stack` into `out` through the one-memory scorer (errors
 * summed in SIMD, the reconstructions never leave its memory); false, with nothing written, where it cannot run.
 */
export function denseFusedErrors(stack: DenseStack, x: Samples, batchSize: number, metric: RowErrorMetric, out: Float32Array): boolean {
  return scorerPasses(stack, x, batchSize, (scorer, start) => scorer.errors(metric, out, start))
}

/**
 * Runs the forward pass of `stack` over `x` ([n, inputs of the first layer], any sample shape that flattens
 * to it), at most `batchSize` (and at most 512) samples per pass, on the fused products. Calls `onBatch(start,
 * reconstruction)` per pass with the reconstructions of samples `start…` ([rows, outputs], row-major): a view
 * into a buffer the next pass overwrites. The weights are read once per call; buffers are made once per
 * batch size. Creates no tensors that outlive the call.
 */
export function denseFusedBatches(stack: DenseStack, x: Samples, batchSize: number, onBatch: (start: number, reconstruction: Float32Array) => void): void {
  const { layers } = stack
  const weights = readDenseWeights(stack)
  const mm = trainingMatmul()
  // A sigmoid output layer of rows of a multiple of 4 values takes the SIMD bias + sigmoid pass (activate());
  // the wasm backend's own sigmoid only where that pass cannot run: through the heap it was the slower of the two.
  const last = layers[layers.length - 1]
  const sigmoid = last.units % 4 === 0 && densePasses() !== undefined ? undefined : vectorSigmoidForBackend()
  const traceFor = perBatchSize((batch) => forwardTrace(layers, batch))
  const inputs = layers[0].inputs
  const n = x.shape[0]
  try {
    const prepared = prepareDense(mm, layers, weights, { backward: false })
    try {
      const pass = Math.min(batchSize, PASS_ROWS)
      for (let start = 0; start < n; start += pass) {
        const end = Math.min(start + pass, n)
        const trace = traceFor(end - start)
        denseForward(x.data.subarray(start * inputs, end * inputs), layers, weights, prepared, mm, trace, sigmoid)
        onBatch(start, trace.y[layers.length - 1])
      }
    } finally {
      releaseDense(mm, prepared)
    }
  } finally {
    mm.dispose()
    sigmoid?.dispose()
  }
}

/**
 * The reconstructions of `x` under `stack` as new Samples of shape `[n, ...outputShape]` (`outputShape`: the
 * model's output shape without the batch axis), `batchSize` samples per forward pass.
 */
export function denseFusedPredict(stack: DenseStack, x: Samples, batchSize: number, outputShape: number[]): Samples {
  const outputs = stack.layers[stack.layers.length - 1].units
  const out = new Float32Array(x.shape[0] * outputs)
  if (!scorerPasses(stack, x, batchSize, (scorer, start) => scorer.readOutputs(out, start))) {
    denseFusedBatches(stack, x, batchSize, (start, reconstruction) => out.set(reconstruction, start * outputs))
  }
  return { data: out, shape: [x.shape[0], ...outputShape] }
}
