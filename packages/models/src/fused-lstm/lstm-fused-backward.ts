// The hand-written backward pass through time of the LSTM sequence-to-sequence autoencoder, from the
// activations kept by lstmForward. Per step: one fused elementwise pass over all four gates and one product
// (dz · Uᵀ) for the previous hidden state's gradient. The recurrent-kernel gradients Σ_t h_{t-1}ᵀ dz_t of
// all steps are one product after the loop.
import { lstmCell, type LstmDimensions, type LstmLayerTrace, type LstmParameters, type LstmTrace, type PreparedLstm } from './lstm-fused-forward'
import { transposeInto, type FusedMatmul, type PreparedMatrix } from '@aedetect/tfjs-kernels'

/** Scratch buffers of the backward pass for one batch size. */
export interface LstmBackwardScratch {
  batch: number
  /** Pre-activation gate gradients [steps, batch, 4 · units], reused by both layers. */
  dz: Float32Array
  /** Hidden-state gradients from the dense layer [steps, batch, units]. */
  dhOut: Float32Array
  dh: Float32Array
  dc: Float32Array
  /** Sum over steps of the decoder's dz [batch, 4 · units]. */
  dzSum: Float32Array
  /** Code gradient [batch, units]. */
  dCode: Float32Array
  /** h_{t-1} of all steps, transposed [units, steps · batch]. */
  hT: Float32Array
}

/** Allocates the backward scratch of a batch of `batch` samples. */
export function createLstmBackwardScratch(dims: LstmDimensions, batch: number): LstmBackwardScratch {
  const { steps, units } = dims
  const bh = batch * units
  return {
    batch,
    dz: new Float32Array(steps * bh * 4),
    dhOut: new Float32Array(steps * bh),
    dh: new Float32Array(bh),
    dc: new Float32Array(bh),
    dzSum: new Float32Array(batch * 4 * units),
    dCode: new Float32Array(bh),
    hT: new Float32Array(steps * bh),
  }
}

/** Gradients of the loss, one array per entry of {@link LstmParameters}, same layout. */
export type LstmGradients = LstmParameters

/** Zero gradients for the given sizes. */
export function createLstmGradients(dims: LstmDimensions): LstmGradients {
  const { channels, units } = dims
  const g4 = 4 * units
  return {
    encoderKernel: new Float32Array(channels * g4),
    encoderRecurrent: new Float32Array(units * g4),
    encoderBias: new Float32Array(g4),
    decoderKernel: new Float32Array(units * g4),
    decoderRecurrent: new Float32Array(units * g4),
    decoderBias: new Float32Array(g4),
    denseKernel: new Float32Array(units * channels),
    denseBias: new Float32Array(channels),
  }
}

/**
 * BPTT through one layer. The hidden-state gradient of step t is `perStep[t]` (when given) plus, at the
 * last step, `last` (when given). Leaves the pre-activation gate gradients in `dz` and writes the recurrent
 * kernel and bias gradients.
 */
function lstmLayerBackward(
  trace: LstmLayerTrace,
  perStep: Float32Array | undefined,
  last: Float32Array | undefined,
  recurrentT: PreparedMatrix,
  mm: FusedMatmul,
  dims: LstmDimensions,
  s: LstmBackwardScratch,
  dRecurrent: Float32Array,
  dBias: Float32Array,
): void {
  const { steps, units } = dims
  const batch = s.batch
  const bh = batch * units
  const g4 = 4 * units
  const bg = batch * g4
  const { h, c, tanhC, gates } = trace
  const { dz, dh, dc } = s
  dh.fill(0)
  dc.fill(0)
  if (last) dh.set(last)
  const cell = units % 4 === 0 ? lstmCell() : undefined
  for (let t = steps - 1; t >= 0; t--) {
    const so = t * bh
    const go = t * bg
    if (cell !== undefined) {
      cell.backStep(dh, perStep?.subarray(so, so + bh), gates.subarray(go), tanhC.subarray(so), c.subarray(so), dc, dz.subarray(go), batch, units)
      if (t > 0) mm.multiply(dz.subarray(go, go + bg), batch, recurrentT, dh)
      continue
    }
    for (let b = 0; b < batch; b++) {
      const hb = b * units
      const zb = go + b * g4
      for (let j = 0; j < units; j++) {
        const e = hb + j
        const k = zb + j
        const dhv = perStep ? dh[e] + perStep[so + e] : dh[e]
        const i = gates[k]
        const f = gates[k + units]
        const gg = gates[k + 2 * units]
        const o = gates[k + 3 * units]
        const tc = tanhC[so + e]
        const dcv = dhv * o * (1 - tc * tc) + dc[e]
        dc[e] = dcv * f
        dz[k] = dcv * gg * i * (1 - i)
        dz[k + units] = dcv * c[so + e] * f * (1 - f)
        dz[k + 2 * units] = dcv * i * (1 - gg * gg)
        dz[k + 3 * units] = dhv * tc * o * (1 - o)
      }
    }
    if (t > 0) mm.multiply(dz.subarray(go, go + bg), batch, recurrentT, dh)
  }
  // dU = Σ_t h_{t-1}ᵀ dz_t: one [units, steps·batch] × [steps·batch, 4·units] product.
  const rows = steps * batch
  transposeInto(h.subarray(0, rows * units), rows, units, s.hT)
  const dzm = mm.prepare(dz.subarray(0, rows * g4), rows, g4)
  mm.multiply(s.hT, units, dzm, dRecurrent)
  mm.release(dzm)
  dBias.fill(0)
  for (let r = 0; r < rows; r++) {
    const o = r * g4
    for (let q = 0; q < g4; q++) dBias[q] += dz[o + q]
  }
}

/**
 * Gradients of a loss with respect to every weight, given `dOutput` = ∂loss/∂reconstruction
 * ([batch, steps, channels], after the output activation) and the forward activations in `trace`.
 * Overwrites `grads`.
 */
export function lstmBackward(
  x: Float32Array,
  dOutput: Float32Array,
  p: LstmParameters,
  prepared: PreparedLstm,
  dims: LstmDimensions,
  mm: FusedMatmul,
  trace: LstmTrace,
  s: LstmBackwardScratch,
  grads: LstmGradients,
): void {
  const { steps, channels, units } = dims
  const batch = trace.batch
  const bh = batch * units
  const g4 = 4 * units
  const bg = batch * g4
  // Dense layer (and the output activation).
  const hd = trace.decoder.h
  const out = trace.output
  grads.denseKernel.fill(0)
  grads.denseBias.fill(0)
  for (let t = 0; t < steps; t++) {
    for (let b = 0; b < batch; b++) {
      const hr = (t + 1) * bh + b * units
      const dr = t * bh + b * units
      const or = (b * steps + t) * channels
      for (let j = 0; j < units; j++) s.dhOut[dr + j] = 0
      for (let ch = 0; ch < channels; ch++) {
        const y = out[or + ch]
        const d = dims.sigmoidOutput ? dOutput[or + ch] * y * (1 - y) : dOutput[or + ch]
        grads.denseBias[ch] += d
        for (let j = 0; j < units; j++) {
          grads.denseKernel[j * channels + ch] += hd[hr + j] * d
          s.dhOut[dr + j] += d * p.denseKernel[j * channels + ch]
        }
      }
    }
  }
  lstmLayerBackward(trace.decoder, s.dhOut, undefined, prepared.decoderRecurrentT, mm, dims, s, grads.decoderRecurrent, grads.decoderBias)
  // The decoder's input (the code) is the same at every step: its projection's gradient is Σ_t dz_t.
  const dzSum = s.dzSum
  dzSum.fill(0)
  for (let t = 0; t < steps; t++) {
    const go = t * bg
    for (let q = 0; q < bg; q++) dzSum[q] += s.dz[go + q]
  }
  const code = trace.encoder.h.subarray(steps * bh, (steps + 1) * bh)
  grads.decoderKernel.fill(0)
  for (let b = 0; b < batch; b++) {
    for (let j = 0; j < units; j++) {
      const cv = code[b * units + j]
      const row = j * g4
      const zr = b * g4
      let dcode = 0
      for (let q = 0; q < g4; q++) {
        grads.decoderKernel[row + q] += cv * dzSum[zr + q]
        dcode += dzSum[zr + q] * p.decoderKernel[row + q]
      }
      s.dCode[b * units + j] = dcode
    }
  }
  lstmLayerBackward(trace.encoder, undefined, s.dCode, prepared.encoderRecurrentT, mm, dims, s, grads.encoderRecurrent, grads.encoderBias)
  grads.encoderKernel.fill(0)
  for (let t = 0; t < steps; t++) {
    for (let b = 0; b < batch; b++) {
      const zr = t * bg + b * g4
      const xr = (b * steps + t) * channels
      for (let ch = 0; ch < channels; ch++) {
        const xv = x[xr + ch]
        const row = ch * g4
        for (let q = 0; q < g4; q++) grads.encoderKernel[row + q] += xv * s.dz[zr + q]
      }
    }
  }
}
