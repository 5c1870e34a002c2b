// Where the fused conv1d runner keeps each sequence in its one WebAssembly memory. Every convolution runs as a
// product over strided windows of a padded buffer (see @aedetect/tfjs-kernels' window products), so each buffer is
// laid out for the product that reads it: R rows per sample, the data in consecutive rows from row P on (strided
// windows and phase-by-phase products read it compact: no stride-spread copies), zeros everywhere else. Rows never written
// stay zero, and the products' extra rows (past a sample's outputs, or rounding a block up) only produce values
// nobody reads.
import type { ConvOp, Conv1dOp } from './conv1d-fused-parameters'

/** A sequence buffer: value (b, t, c) at `off + (b·R + P + t)·rowFloats + c`. */
export interface SeqLayout {
  R: number
  P: number
  rowFloats: number
}

export interface SeqBuffer extends SeqLayout {
  off: number
}

/** Rows of one convolution's buffers: its input (`input`) and its output gradient (`gradient`), R rows per sample each. */
export interface ConvLayouts {
  input: SeqLayout
  gradient: SeqLayout
  /** Rows per sample of the forward product's output (R or R / stride) and of the input-gradient product's. */
  forwardRows: number
  backwardRows: number
}

/**
 * One output phase of a transposed convolution with stride s: outputs t = s·t′ + r read `taps` consecutive input
 * steps from t′ + `first`, with the kernel taps ρ + s·(taps − 1 − i) (i = 0 … taps − 1, in that order). Every
 * output then multiplies only real inputs, not the zeros a stride-s spread of the input would put between them.
 */
export interface ConvPhase {
  first: number
  taps: number
  /** The kernel tap the last input of the window meets (ρ = (r + padLeft) mod s). */
  rho: number
}

/** The s phases of a transposed convolution (for a convolution, one phase: every output). */
export function convTPhases(op: ConvOp): ConvPhase[] {
  const { k, stride: s, padLeft: p } = op
  return Array.from({ length: s }, (_, r) => {
    const rho = (r + p) % s
    const taps = Math.max(0, Math.ceil((k - rho) / s))
    return { first: Math.floor((r + p) / s) - taps + 1, taps, rho }
  })
}

/**
 * Rows per sample and pads for a convolution. conv: the input from row padLeft (a window of output t starts at
 * row t·stride), its output gradient compact (R / stride rows a sample): the input gradient is the transposed
 * convolution of it, run phase by phase (convTPhases). convT: the input compact, read phase by phase forward,
 * the output gradient from row padLeft (the input gradient is a strided convolution). R is the smallest multiple of
 * the stride that keeps every window of a sample's outputs clear of the next sample's data; one R for both buffers (the input's R /
 * stride rows against the gradient's R) lets the weight-gradient product step through both with one row index.
 */
export function convLayouts(op: ConvOp): ConvLayouts {
  const { k, stride: s, padLeft: p, lin, lout, cin, cout } = op
  // The compact buffer read phase by phase (conv: the output gradient, for the input gradient; convT: the input,
  // forward): data from row `lead`, the windows of its last valid output ending before the next sample's data.
  const phases = convTPhases(op)
  const lead = Math.max(0, ...phases.map((phase) => -phase.first))
  const reach = Math.max(...phases.map((phase) => phase.first + phase.taps - 1))
  const phased = (R: number, dataRows: number, outputs: number): boolean => lead + dataRows <= R / s && Math.floor((outputs - 1) / s) + reach < R / s
  if (op.kind === 'conv') {
    const fits = (R: number): boolean => p + lin <= R && R / s >= lout && R >= lin && (lout - 1) * s + k <= R + p && phased(R, lout, lin)
    let R = s
    while (!fits(R)) R += s
    return {
      input: { R, P: p, rowFloats: cin },
      gradient: { R: R / s, P: lead, rowFloats: cout },
      forwardRows: R / s,
      backwardRows: R,
    }
  }
  const fits = (R: number): boolean => phased(R, lin, lout) && p + lout <= R && R >= lout && (lin - 1) * s + k <= R + p
  let R = s
  while (!fits(R)) R += s
  return {
    input: { R: R / s, P: lead, rowFloats: cin },
    gradient: { R, P: p, rowFloats: cout },
    forwardRows: R,
    backwardRows: R / s,
  }
}

/** The layout an op reads its input in: a convolution's own, or plain rows for an upsampling. */
export function inputLayout(op: Conv1dOp): SeqLayout {
  return op.kind === 'upsample' ? { R: op.lin, P: 0, rowFloats: op.channels } : convLayouts(op).input
}

/** Floats past a buffer's last sample that a product may read (a block of rows rounded up, a last window). */
export function slackFloats(layout: SeqLayout, k: number, stride: number): number {
  return (4 * stride + 2 * k + 8) * layout.rowFloats + 64
}

export const roundUp = (value: number, block: number): number => Math.ceil(value / block) * block
