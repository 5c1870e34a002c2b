// The forward and backward passes of the fused conv1d runner over one batch: every sequence in one WebAssembly
// memory (conv1d-fused-layout.ts), every convolution and both its gradients as window products (transposed ones,
// and strided convolutions' input gradients, phase by phase), bias + relu (or linear) and its gradient as SIMD
// passes over the same memory (@aedetect/tfjs-kernels' simdSeqPasses: the same bits as the JS loops, which cover
// the other activations). A nearest upsampling before a stride-1 convolution is folded into it
// (conv1d-fused-upsampling.ts); any other upsampling and its gradient run as JS passes. The products sum in float32
// in index order, so training follows model.fit within float32 rounding and is the same bits on every run.
import { createWindowGemv, simdSeqPasses, type SeqOperand, type SeqPasses, type WindowGemm, type WindowGemv } from '@aedetect/tfjs-kernels'
import { activationSlope, activationValue } from '../fused-dense/dense-activations'
import type { Conv1dChain, Conv1dOp, ConvOp, ConvWeights, UpsampleOp } from './conv1d-fused-parameters'
import { convLayouts, convTPhases, inputLayout, roundUp, slackFloats, type ConvLayouts, type ConvPhase, type SeqBuffer, type SeqLayout } from './conv1d-fused-layout'
import { foldedUpsampling, type FoldedUpsampling } from './conv1d-fused-upsampling'

interface ConvRun {
  op: ConvOp
  layouts: ConvLayouts
  /** The op's input, its pre-activations (forward product rows × n8out), its output gradient. */
  x: SeqBuffer
  z: number
  d: SeqBuffer
  n8out: number
  n8in: number
  /**
   * The packed forward kernel [k·cin, n8out] (convT: one block [taps·cin, n8out] per phase, phase after phase)
   * and, unless first, the kernel of the input gradient [k·cout, n8in].
   */
  forwardKernel: number
  /** The phases of the transposed convolution it runs: convT forward, conv its input gradient (convTPhases). */
  phases: ConvPhase[]
  /** An upsampling folded into this transposed convolution: the kernel it derives from the convolution's (else undefined). */
  folded: FoldedUpsampling | undefined
  backwardKernel: number
  /** The weight-gradient product's output [roundUp(k·cin or k·cout, 4), n8]. */
  dW: number
  /** The input gradient as the op before reads it (unless first). */
  dx: SeqBuffer
  /** The bias (cout floats) and the float64 bias-gradient sums (2 · cout floats) of the SIMD passes. */
  bias: number
  sums: number
  /** A convolution to one channel runs the one-column products: its kernel [k·cin] as a vector here (else −1). */
  vectorKernel: number
}

interface UpsampleRun {
  op: UpsampleOp
  x: SeqBuffer
  dx: SeqBuffer
}

type Run = ConvRun | UpsampleRun

/** One batch size's buffers in the memory of `gemm`. */
export interface Conv1dBatch {
  batch: number
  runs: Run[]
  /** Bias + activation and the output gradient in SIMD over the same memory; `undefined` without SIMD. */
  passes: SeqPasses | undefined
  /** The one-column products over the same memory. */
  gemv: WindowGemv | undefined
  out: SeqBuffer
  dOut: SeqBuffer
}

/** The gradients of every convolution, in its variables' layouts. */
export type ConvGradients = ConvWeights[]

const plain = (R: number, rowFloats: number): SeqLayout => ({ R, P: 0, rowFloats })

/** Allocates the buffers of one batch size (zeroed; the zero rows stay zero). */
export function createConv1dBatch(gemm: WindowGemm, chain: Conv1dChain, batch: number): Conv1dBatch {
  const gemv = createWindowGemv(gemm.memory)
  // A convolution to one channel padded to the product's 8 columns would multiply 7 columns of zeros.
  const oneColumn = (op: ConvOp): boolean => gemv !== undefined && op.kind === 'conv' && op.cout === 1 && (op.k * op.cin) % 4 === 0
  const buffer = (layout: SeqLayout, slack: number): SeqBuffer => ({ ...layout, off: gemm.allocate(batch * layout.R * layout.rowFloats + slack) })
  const runs: Run[] = foldUpsampling(chain.ops).map(([op, folded], i) => {
    if (op.kind === 'upsample') {
      const layout = inputLayout(op)
      return { op, x: buffer(layout, 64), dx: buffer(layout, 64) }
    }
    const layouts = convLayouts(op)
    const n8out = roundUp(op.cout, 8)
    const n8in = roundUp(op.cin, 8)
    const slack = (layout: SeqLayout): number => slackFloats(layout, op.k, op.stride)
    const weightRows = roundUp(op.kind === 'conv' ? op.k * op.cin : op.k * op.cout, 4)
    const n8w = op.kind === 'conv' ? n8out : n8in
    // A convT's phase products write every stride-th row from their own first one, rows rounded up to 4 blocks.
    const zRowCount = roundUp(batch * layouts.forwardRows, 4) + 4 * op.stride
    return {
      op,
      layouts,
      phases: convTPhases(op),
      folded,
      x: buffer(layouts.input, slack(layouts.input)),
      z: gemm.allocate(zRowCount * n8out),
      d: buffer(layouts.gradient, slack(layouts.gradient)),
      n8out,
      n8in,
      forwardKernel: gemm.allocate(op.k * op.cin * n8out),
      backwardKernel: i === 0 ? -1 : gemm.allocate(op.k * op.cout * n8in),
      // conv: the input gradient's phase products write every stride-th row, rows rounded up to 4 blocks.
      dW: gemm.allocate(weightRows * n8w),
      dx: i === 0 ? { ...plain(0, n8in), off: -1 } : { ...plain(layouts.backwardRows, n8in), off: gemm.allocate((roundUp(batch * layouts.backwardRows, 4) + 4 * op.stride) * n8in) },
      bias: gemm.allocate(op.cout),
      sums: gemm.allocate(2 * op.cout),
      vectorKernel: oneColumn(op) ? gemm.allocate(op.k * op.cin) : -1,
    }
  })
  const outLayout = plain(chain.outSteps, chain.outChannels)
  return { batch, runs, passes: simdSeqPasses(gemm.memory), gemv, out: buffer(outLayout, 0), dOut: buffer(outLayout, 0) }
}

/** Creates zeroed gradient arrays shaped like the chain's weights. */
export function createConvGradients(weights: ConvWeights[]): ConvGradients {
  return weights.map((w) => ({ kernel: new Float32Array(w.kernel.length), bias: new Float32Array(w.bias.length) }))
}

const row = (b: SeqBuffer, sample: number, t: number): number => b.off + (sample * b.R + b.P + t) * b.rowFloats

// The forward kernel: conv, its kernel [k, cin, cout] as rows [k·cin, n8out]; convT (kernel [k, 1, cout, cin]),
// per phase the taps ρ + s·(taps − 1 − i) in window order, cin and cout swapped. The input-gradient kernel
// [k·cout, n8in]: conv, per phase the same taps, swapped; convT, its kernel as rows of cin.
function packKernels(heap: Float32Array, run: ConvRun, kernel: Float32Array, backward: boolean): void {
  const { k, cin, cout, stride } = run.op
  const conv = run.op.kind === 'conv'
  if (run.vectorKernel >= 0) heap.set(kernel.subarray(0, k * cin), run.vectorKernel)
  if (conv) {
    for (let j = 0; j < k; j++) {
      for (let ci = 0; ci < cin; ci++) {
        const to = run.forwardKernel + (j * cin + ci) * run.n8out
        for (let co = 0; co < cout; co++) heap[to + co] = kernel[(j * cin + ci) * cout + co]
      }
    }
  } else {
    let to = run.forwardKernel
    for (const phase of run.phases) {
      for (let i = 0; i < phase.taps; i++) {
        const tap = phase.rho + stride * (phase.taps - 1 - i)
        for (let ci = 0; ci < cin; ci++, to += run.n8out) for (let co = 0; co < cout; co++) heap[to + co] = kernel[(tap * cout + co) * cin + ci]
      }
    }
  }
  if (!backward || run.backwardKernel < 0) return
  if (conv) {
    // The input gradient's kernel, per phase: taps ρ + s·(taps − 1 − i) in window order, rows of cout.
    let to = run.backwardKernel
    for (const phase of run.phases) {
      for (let i = 0; i < phase.taps; i++) {
        const tap = phase.rho + stride * (phase.taps - 1 - i)
        for (let co = 0; co < cout; co++, to += run.n8in) for (let ci = 0; ci < cin; ci++) heap[to + ci] = kernel[(tap * cin + ci) * cout + co]
      }
    }
    return
  }
  for (let j = 0; j < k; j++) {
    for (let co = 0; co < cout; co++) {
      const to = run.backwardKernel + (j * cout + co) * run.n8in
      for (let ci = 0; ci < cin; ci++) heap[to + ci] = kernel[(j * cout + co) * cin + ci]
    }
  }
}

/**
 * Runs the chain on `x` ([batch, steps, channels]) and returns the output view ([batch, outSteps, outChannels],
 * valid until the memory grows: the caller's next batch of a new size). `backward` also packs the kernels of
 * the input gradients.
 */
export function conv1dForward(gemm: WindowGemm, batch: Conv1dBatch, weights: ConvWeights[], x: Float32Array, backward: boolean): Float32Array {
  const h = gemm.heap()
  const { runs } = batch
  const n = batch.batch
  let w = 0
  for (const run of runs) {
    if (run.op.kind === 'upsample') continue
    const r = run as ConvRun
    const kernel = weights[w++].kernel
    packKernels(h, r, r.folded === undefined ? kernel : r.folded.kernelOf(kernel), backward)
  }
  // The input into the first op's data rows.
  const first = runs[0].x
  const [steps, channels] = [runs[0].op.lin, first.rowFloats]
  // A sample's steps are contiguous rows there (the first op reads its input undilated): one copy per sample (a
  // copy per step of one channel was 6 % of the peers' conv1d case).
  for (let b = 0; b < n; b++) h.set(x.subarray(b * steps * channels, (b + 1) * steps * channels), row(first, b, 0))
  w = 0
  runs.forEach((run, i) => {
    const dest = i + 1 < runs.length ? runs[i + 1].x : batch.out
    if (run.op.kind === 'upsample') return upsample(h, run as UpsampleRun, dest, n)
    const r = run as ConvRun
    const { op } = r
    if (op.kind === 'convT') phaseProducts(gemm, r, r.x, r.forwardKernel, r.z, r.n8out, n)
    else {
      const [lda, m4, k] = [op.stride * op.cin, roundUp(n * r.layouts.forwardRows, 4), op.k * op.cin]
      if (r.vectorKernel >= 0 && batch.gemv !== undefined) batch.gemv.nv({ a: r.x.off, lda, w: r.vectorKernel, out: r.z, ldo: r.n8out, m: m4, k })
      else gemm.nn({ a: r.x.off, lda, b: r.forwardKernel, ldb: r.n8out, out: r.z, ldo: r.n8out, m4, n8: r.n8out, k })
    }
    activateInto(h, r, weights[w++].bias, dest, n, batch.passes)
  })
  return h.subarray(batch.out.off, batch.out.off + n * batch.out.R * batch.out.rowFloats)
}

// A transposed convolution phase by phase: outputs s·t′ + r (every stride-th row of `out` from row r) as the
// window product of the compact buffer's windows from step t′ + first with that phase's packed taps. It is a
// convT's forward pass (input x, n8out columns) and a conv's input gradient (input its gradient d, n8in).
function phaseProducts(gemm: WindowGemm, r: ConvRun, input: SeqBuffer, kernel: number, out: number, n8: number, n: number): void {
  const { stride } = r.op
  const floats = input.rowFloats
  const m4 = roundUp(n * input.R, 4)
  r.phases.forEach((phase, parity) => {
    const to = out + parity * n8
    if (phase.taps === 0) {
      // No tap reaches this phase: its outputs are zero (the bias alone, forward).
      const h = gemm.heap()
      for (let t = 0; t < m4; t++) h.fill(0, to + t * stride * n8, to + t * stride * n8 + n8)
      return
    }
    gemm.nn({ a: input.off + (input.P + phase.first) * floats, lda: floats, b: kernel, ldb: n8, out: to, ldo: stride * n8, m4, n8, k: phase.taps * floats })
    kernel += phase.taps * floats * n8
  })
}

// The pre-activation rows of a convolution and a sequence buffer's data rows as operands of the SIMD passes.
const zRows = (r: ConvRun): SeqOperand => ({ off: r.z, sampleStride: r.layouts.forwardRows * r.n8out, rowStride: r.n8out })
const dataRows = (b: SeqBuffer): SeqOperand => ({ off: b.off + b.P * b.rowFloats, sampleStride: b.R * b.rowFloats, rowStride: b.rowFloats })
// The SIMD passes cover relu and linear over rows of a multiple of 4 channels (the same bits as the loops below).
const simdActivation = (r: ConvRun, passes: SeqPasses | undefined): passes is SeqPasses => passes !== undefined && r.op.cout % 4 === 0 && (r.op.activation === 'relu' || r.op.activation === 'linear')

// z += bias (kept, rounded to float32, for the gradient) and f(z) into the next op's input rows.
function activateInto(h: Float32Array, r: ConvRun, bias: Float32Array, dest: SeqBuffer, n: number, passes: SeqPasses | undefined): void {
  const { lout, cout, activation } = r.op
  if (simdActivation(r, passes)) {
    h.set(bias.subarray(0, cout), r.bias)
    return passes.biasActivation(zRows(r), dataRows(dest), r.bias, { samples: n, rows: lout, cols: cout }, activation === 'relu')
  }
  for (let b = 0; b < n; b++) {
    for (let t = 0; t < lout; t++) {
      const zRow = r.z + (b * r.layouts.forwardRows + t) * r.n8out
      const to = row(dest, b, t)
      if (activation === 'relu') {
        for (let c = 0; c < cout; c++) {
          const z = (h[zRow + c] = Math.fround(h[zRow + c] + bias[c]))
          h[to + c] = (z + Math.abs(z)) * 0.5
        }
      } else if (activation === 'linear') {
        for (let c = 0; c < cout; c++) h[to + c] = h[zRow + c] = h[zRow + c] + bias[c]
      } else {
        for (let c = 0; c < cout; c++) h[to + c] = activationValue(activation, (h[zRow + c] = Math.fround(h[zRow + c] + bias[c])))
      }
    }
  }
}

function upsample(h: Float32Array, r: UpsampleRun, dest: SeqBuffer, n: number): void {
  const { factor, channels, lout } = r.op
  for (let b = 0; b < n; b++) {
    for (let t = 0; t < lout; t++) h.copyWithin(row(dest, b, t), row(r.x, b, Math.floor(t / factor)), row(r.x, b, Math.floor(t / factor)) + channels)
  }
}

// Rows per weight-gradient product: the peers' conv1d case (batch 64, 140 steps) ran its largest one at 13-15
// GFLOP/s over the whole batch at once and 19-23 in chunks of 128-512 rows (2026-12-07, load ~2, 3 runs).
const WEIGHT_GRADIENT_ROWS = 256

/**
 * The gradients of the loss, given ∂loss/∂output already in `batch.dOut`, into `grads` (overwritten), after
 * {@link conv1dForward} of the same batch with `backward` set.
 */
export function conv1dBackward(gemm: WindowGemm, batch: Conv1dBatch, grads: ConvGradients): void {
  const h = gemm.heap()
  const { runs } = batch
  const n = batch.batch
  let w = grads.length
  for (let i = runs.length - 1; i >= 0; i--) {
    const run = runs[i]
    const dy = i + 1 < runs.length ? runs[i + 1].dx : batch.dOut
    if (run.op.kind === 'upsample') {
      upsampleGradient(h, run as UpsampleRun, dy, n)
      continue
    }
    const r = run as ConvRun
    const { op } = r
    const g = grads[--w]
    outputGradient(h, r, dy, g.bias, n, batch.passes)
    // dW: the windows of one buffer against the rows of the other, summed over every row of the batch.
    const conv = op.kind === 'conv'
    const [windows, windowFloats, rows, rowFloats] = conv ? [r.x, op.cin, r.d, op.cout] : [r.d, op.cout, r.x, op.cin]
    const weightRows = op.k * windowFloats
    const n8w = conv ? r.n8out : r.n8in
    // In chunks of rows: each 4 × 8 block of dW streams through all of them, and a chunk of both operands
    // stays in cache where the whole batch (~1.8 MB for a 16 → 32 convolution of 140 steps) did not; the
    // chunks accumulate from the output, so the sums keep their order and bits.
    // The rows operand is compact (conv: the gradient; convT: the input), one row per window.
    const [lda, ldb, K] = [op.stride * windowFloats, rowFloats, n * rows.R]
    const vector = r.vectorKernel >= 0 ? batch.gemv : undefined
    for (let k0 = 0; k0 < K; k0 += WEIGHT_GRADIENT_ROWS) {
      const [a, b, chunk, accumulate] = [windows.off + k0 * lda, rows.off + rows.P * rowFloats + k0 * ldb, Math.min(WEIGHT_GRADIENT_ROWS, K - k0), k0 > 0]
      // One channel: the same sums as the product's first column, written as one row.
      if (vector !== undefined) vector.tv({ a, lda, d: b, ldd: ldb, out: r.dW, rows: chunk, k: weightRows, accumulate })
      else gemm.tn({ a, lda, b, ldb, out: r.dW, ldo: n8w, m4: roundUp(weightRows, 4), n8: n8w, k: chunk, accumulate })
    }
    const columns = conv ? op.cout : op.cin
    const dKernel = r.folded === undefined ? g.kernel : r.folded.gradient
    if (vector !== undefined) dKernel.set(h.subarray(r.dW, r.dW + weightRows))
    else for (let m = 0; m < weightRows; m++) dKernel.set(h.subarray(r.dW + m * n8w, r.dW + m * n8w + columns), m * columns)
    if (r.folded !== undefined) r.folded.foldGradient(g.kernel)
    if (i === 0) continue
    if (conv) phaseProducts(gemm, r, r.d, r.backwardKernel, r.dx.off, r.n8in, n)
    else gemm.nn({ a: r.d.off, lda: op.stride * op.cout, b: r.backwardKernel, ldb: r.n8in, out: r.dx.off, ldo: r.n8in, m4: roundUp(n * r.layouts.backwardRows, 4), n8: r.n8in, k: op.k * op.cout })
  }
}

// dz = dy · f′(z) into the output-gradient rows, and the bias gradient (the sum of dz over every step).
function outputGradient(h: Float32Array, r: ConvRun, dy: SeqBuffer, dBias: Float32Array, n: number, passes: SeqPasses | undefined): void {
  const { lout, cout, activation } = r.op
  if (simdActivation(r, passes)) {
    passes.outputGradient(zRows(r), dataRows(dy), dataRows(r.d), r.sums, { samples: n, rows: lout, cols: cout }, activation === 'relu')
    const sums = new Float64Array(h.buffer, 4 * r.sums, cout)
    for (let c = 0; c < cout; c++) dBias[c] = sums[c]
    return
  }
  const sums = new Float64Array(cout)
  for (let b = 0; b < n; b++) {
    for (let t = 0; t < lout; t++) {
      const zRow = r.z + (b * r.layouts.forwardRows + t) * r.n8out
      const from = row(dy, b, t)
      const to = row(r.d, b, t)
      for (let c = 0; c < cout; c++) {
        const z = h[zRow + c]
        const slope = activation === 'relu' ? +(z > 0) : activation === 'linear' ? 1 : activationSlope(activation, z, Math.fround(activationValue(activation, z)))
        const g = (h[to + c] = Math.fround(h[from + c] * slope))
        sums[c] += g
      }
    }
  }
  for (let c = 0; c < cout; c++) dBias[c] = sums[c]
}

function upsampleGradient(h: Float32Array, r: UpsampleRun, dy: SeqBuffer, n: number): void {
  const { factor, channels, lin, lout } = r.op
  for (let b = 0; b < n; b++) {
    for (let t = 0; t < lin; t++) {
      const to = row(r.dx, b, t)
      for (let c = 0; c < channels; c++) h[to + c] = 0
      for (let u = 0; u < factor && t * factor + u < lout; u++) {
        const from = row(dy, b, t * factor + u)
        for (let c = 0; c < channels; c++) h[to + c] += h[from + c]
      }
    }
  }
}

// The ops to run: each nearest upsampling followed by a stride-1 convolution becomes the one transposed
// convolution they equal (conv1d-fused-upsampling.ts), which multiplies no repeated inputs; other ops as they are.
function foldUpsampling(ops: Conv1dOp[]): Array<[Conv1dOp, FoldedUpsampling | undefined]> {
  const out: Array<[Conv1dOp, FoldedUpsampling | undefined]> = []
  for (let i = 0; i < ops.length; i++) {
    const op = ops[i]
    const next = ops[i + 1]
    const folded = op.kind === 'upsample' && next !== undefined && next.kind === 'conv' ? foldedUpsampling(op, next) : undefined
    if (folded === undefined) out.push([op, undefined])
    else {
      out.push([folded.op, folded])
      i++
    }
  }
  return out
}
