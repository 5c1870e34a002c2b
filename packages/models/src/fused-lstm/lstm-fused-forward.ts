// The forward pass of the LSTM sequence-to-sequence autoencoder (encoder LSTM → repeat → decoder LSTM →
// time-distributed dense) over Float32Arrays, with the same math as tf.layers (Keras weight layout, gate
// order i, f, c, o, recurrent activation sigmoid, activation tanh, zero initial state), keeping every
// activation the hand-written backward pass needs. Gates are fused: one product per step gives all four
// gates' recurrent parts, the encoder's input projections for all steps are computed before the loop, and
// the decoder's (its input, the repeated code, is the same at every step) once.
import { simdLstmCell, transposeInto, type FusedMatmul, type LstmCellPass, type PreparedMatrix } from '@aedetect/tfjs-kernels'

/** The trainable weights of the seq2seq LSTM autoencoder, in tf.layers (Keras) layout. */
export interface LstmParameters {
  /** Encoder input kernel [channels, 4 · units]. */
  encoderKernel: Float32Array
  /** Encoder recurrent kernel [units, 4 · units]. */
  encoderRecurrent: Float32Array
  /** Encoder bias [4 · units]. */
  encoderBias: Float32Array
  /** Decoder input kernel [units, 4 · units] (its input is the repeated code). */
  decoderKernel: Float32Array
  decoderRecurrent: Float32Array
  decoderBias: Float32Array
  /** Time-distributed dense kernel [units, channels]. */
  denseKernel: Float32Array
  denseBias: Float32Array
}

/** Sizes of the model. */
export interface LstmDimensions {
  steps: number
  channels: number
  units: number
  /** Output activation of the dense layer. */
  sigmoidOutput: boolean
}

/** Activations of one LSTM layer over a batch, time-major. */
export interface LstmLayerTrace {
  /** Hidden states [steps + 1, batch, units]; entry 0 is the zero initial state. */
  h: Float32Array
  /** Cell states [steps + 1, batch, units]; entry 0 is zero. */
  c: Float32Array
  /** tanh of the cell state [steps, batch, units]. */
  tanhC: Float32Array
  /** Gate activations [steps, batch, 4 · units], order i, f, g, o. */
  gates: Float32Array
}

/** Everything the forward pass of one batch keeps for the backward pass. */
export interface LstmTrace {
  batch: number
  /** Encoder input projections x·W + b, [steps, batch, 4 · units]. */
  encoderInput: Float32Array
  encoder: LstmLayerTrace
  /** Decoder input projection code·W + b, [batch, 4 · units] (the same at every step). */
  decoderInput: Float32Array
  decoder: LstmLayerTrace
  /** Reconstruction [batch, steps, channels] (after the output activation). */
  output: Float32Array
  /** Scratch [batch, 4 · units]. */
  z: Float32Array
}

/** The right operands of one batch's products, prepared from the current weights. */
export interface PreparedLstm {
  encoderRecurrent: PreparedMatrix
  /** Transposed recurrent kernels, for the backward pass. */
  encoderRecurrentT: PreparedMatrix
  decoderKernel: PreparedMatrix
  decoderRecurrent: PreparedMatrix
  decoderRecurrentT: PreparedMatrix
}

function layerTrace(steps: number, batch: number, units: number): LstmLayerTrace {
  const bh = batch * units
  return { h: new Float32Array((steps + 1) * bh), c: new Float32Array((steps + 1) * bh), tanhC: new Float32Array(steps * bh), gates: new Float32Array(steps * bh * 4) }
}

/** Allocates the activations of a batch of `batch` samples. */
export function createLstmTrace(dims: LstmDimensions, batch: number): LstmTrace {
  const { steps, channels, units } = dims
  const g = 4 * units
  return {
    batch,
    encoderInput: new Float32Array(steps * batch * g),
    encoder: layerTrace(steps, batch, units),
    decoderInput: new Float32Array(batch * g),
    decoder: layerTrace(steps, batch, units),
    output: new Float32Array(batch * steps * channels),
    z: new Float32Array(batch * g),
  }
}

function transpose(a: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(a.length)
  transposeInto(a, rows, cols, out)
  return out
}

/** Prepares the products of one batch (call again after every weight update, then release the old ones). */
export function prepareLstm(mm: FusedMatmul, p: LstmParameters, dims: LstmDimensions): PreparedLstm {
  const h = dims.units
  const g = 4 * h
  return {
    encoderRecurrent: mm.prepare(p.encoderRecurrent, h, g),
    encoderRecurrentT: mm.prepare(transpose(p.encoderRecurrent, h, g), g, h),
    decoderKernel: mm.prepare(p.decoderKernel, h, g),
    decoderRecurrent: mm.prepare(p.decoderRecurrent, h, g),
    decoderRecurrentT: mm.prepare(transpose(p.decoderRecurrent, h, g), g, h),
  }
}

/** Frees what {@link prepareLstm} made. */
export function releaseLstm(mm: FusedMatmul, prepared: PreparedLstm): void {
  for (const m of Object.values(prepared)) mm.release(m)
}

const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z))

// @aedetect/tfjs-kernels' SIMD step and its gradients (gates, cell and hidden state in float32 lanes; the JS
// loops took ~40 % of LSTM training, most of it in Math.tanh and Math.exp), looked up on first use;
// `undefined` without WebAssembly SIMD (the JS loops run).
let cellPass: LstmCellPass | undefined | null = null
export function lstmCell(): LstmCellPass | undefined {
  if (cellPass === null) cellPass = simdLstmCell()
  return cellPass
}

/**
 * Runs one LSTM layer over `steps` steps. `input` holds x·W + b per step at `inputStride` floats apart
 * (0: the same projection every step). One product per step for the four gates' recurrent parts.
 */
export function lstmLayerForward(trace: LstmLayerTrace, input: Float32Array, inputStride: number, recurrent: PreparedMatrix, mm: FusedMatmul, steps: number, batch: number, units: number, z: Float32Array): void {
  const bh = batch * units
  const g4 = 4 * units
  const bg = batch * g4
  const { h, c, tanhC, gates } = trace
  h.fill(0, 0, bh)
  c.fill(0, 0, bh)
  const cell = units % 4 === 0 ? lstmCell() : undefined
  for (let t = 0; t < steps; t++) {
    mm.multiply(h.subarray(t * bh, (t + 1) * bh), batch, recurrent, z)
    const xo = t * inputStride
    const prev = t * bh
    const next = prev + bh
    const go = t * bg
    if (cell !== undefined) {
      cell.step(z, input.subarray(xo, xo + bg), c.subarray(prev), c.subarray(next), tanhC.subarray(prev), h.subarray(next), gates.subarray(go), batch, units)
      continue
    }
    for (let b = 0; b < batch; b++) {
      const zb = b * g4
      const hb = b * units
      for (let j = 0; j < units; j++) {
        const k = zb + j
        const i = sigmoid(z[k] + input[xo + k])
        const f = sigmoid(z[k + units] + input[xo + k + units])
        const gg = Math.tanh(z[k + 2 * units] + input[xo + k + 2 * units])
        const o = sigmoid(z[k + 3 * units] + input[xo + k + 3 * units])
        // Rounded to float32 where tfjs stores a tensor, so the state carried to the next step is tfjs's.
        const cc = Math.fround(f * c[prev + hb + j] + i * gg)
        const tc = Math.tanh(cc)
        c[next + hb + j] = cc
        tanhC[prev + hb + j] = tc
        h[next + hb + j] = o * tc
        gates[go + k] = i
        gates[go + k + units] = f
        gates[go + k + 2 * units] = gg
        gates[go + k + 3 * units] = o
      }
    }
  }
}

/**
 * The forward pass of `batch` samples `x` ([batch, steps, channels]) into `trace` (its `output` is the
 * reconstruction). `trace` must come from {@link createLstmTrace} with the same batch size.
 */
export function lstmForward(x: Float32Array, p: LstmParameters, prepared: PreparedLstm, dims: LstmDimensions, mm: FusedMatmul, trace: LstmTrace): void {
  const { steps, channels, units } = dims
  const batch = trace.batch
  const g4 = 4 * units
  const bg = batch * g4
  // Encoder input projections for all steps at once, time-major.
  const ein = trace.encoderInput
  for (let t = 0; t < steps; t++) {
    for (let b = 0; b < batch; b++) {
      const row = t * bg + b * g4
      const xr = (b * steps + t) * channels
      for (let q = 0; q < g4; q++) {
        let s = p.encoderBias[q]
        for (let ch = 0; ch < channels; ch++) s += x[xr + ch] * p.encoderKernel[ch * g4 + q]
        ein[row + q] = s
      }
    }
  }
  lstmLayerForward(trace.encoder, ein, bg, prepared.encoderRecurrent, mm, steps, batch, units, trace.z)
  const bh = batch * units
  const code = trace.encoder.h.subarray(steps * bh, (steps + 1) * bh)
  const din = trace.decoderInput
  mm.multiply(code, batch, prepared.decoderKernel, din)
  for (let b = 0; b < batch; b++) for (let q = 0; q < g4; q++) din[b * g4 + q] += p.decoderBias[q]
  lstmLayerForward(trace.decoder, din, 0, prepared.decoderRecurrent, mm, steps, batch, units, trace.z)
  const hd = trace.decoder.h
  const out = trace.output
  for (let t = 0; t < steps; t++) {
    for (let b = 0; b < batch; b++) {
      const hr = (t + 1) * bh + b * units
      const or = (b * steps + t) * channels
      for (let ch = 0; ch < channels; ch++) {
        let s = p.denseBias[ch]
        for (let j = 0; j < units; j++) s += hd[hr + j] * p.denseKernel[j * channels + ch]
        out[or + ch] = dims.sigmoidOutput ? sigmoid(s) : s
      }
    }
  }
}
