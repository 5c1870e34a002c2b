// Where the fused conv1d runner keeps each sequence in its one WebAssembly memory. Every convolution runs as a
// product over strided windows of a padded buffer (see @aedetect/tfjs-kernels' window products), so each buffer is
// laid out for the product that reads it: R rows per sample, the data from row P on, every `dilation`-th row
// (a transposed convolution reads its input spread out by its stride), zeros everywhere else. Rows never written
// stay zero, and the products' extra rows (past a sample's outputs, or rounding a block up) only produce values
// nobody reads.
import type { ConvOp, Conv1dOp } from './conv1d-fused-parameters'

/** A sequence buffer: value (b, t, c) at `off + (b·R + P + t·dilation)·rowFloats + c`. */
export interface SeqLayout {
  R: number
  P: number
  dilation: number
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
 * Rows per sample and pads for a convolution. conv: the input from row padLeft (a window of output t starts at
 * row t·stride), its output gradient spread out by the stride from row k − 1 − padLeft (the input gradient is
 * then a stride-1 correlation with the flipped kernel). convT: the input spread out by the stride from row
 * k − 1 − padLeft (its forward pass is that correlation), the output gradient from row padLeft (the input
 * gradient is a strided convolution). R is the smallest multiple of the stride that keeps every window of a
 * sample's outputs clear of the next sample's data; one R for both buffers lets the weight-gradient product
 * step through both with one row index.
 */
export function convLayouts(op: ConvOp): ConvLayouts {
  const { k, stride: s, padLeft: p, lin, lout, cin, cout } = op
  const flipped = k - 1 - p
  const [inputP, inputDilation, gradP, gradDilation] = op.kind === 'conv' ? [p, 1, flipped, s] : [flipped, s, p, 1]
  const fits = (R: number): boolean =>
    op.kind === 'conv'
      ? p + lin <= R && flipped + (lout - 1) * s + 1 <= R && R / s >= lout && R >= lin && (lout - 1) * s + k <= R + p && lin + k - 1 <= R + flipped
      : flipped + (lin - 1) * s + 1 <= R && p + lout <= R && R >= lout && R / s >= lin && lout + k - 1 <= R + flipped && (lin - 1) * s + k <= R + p
  let R = s
  while (!fits(R)) R += s
  return {
    input: { R, P: inputP, dilation: inputDilation, rowFloats: cin },
    gradient: { R, P: gradP, dilation: gradDilation, rowFloats: cout },
    forwardRows: op.kind === 'conv' ? R / s : R,
    backwardRows: op.kind === 'conv' ? R : R / s,
  }
}

/** The layout an op reads its input in: a convolution's own, or plain rows for an upsampling. */
export function inputLayout(op: Conv1dOp): SeqLayout {
  return op.kind === 'upsample' ? { R: op.lin, P: 0, dilation: 1, rowFloats: op.channels } : convLayouts(op).input
}

/** Floats past a buffer's last sample that a product may read (a block of rows rounded up, a last window). */
export function slackFloats(layout: SeqLayout, k: number, stride: number): number {
  return (4 * stride + 2 * k + 8) * layout.rowFloats + 64
}

export const roundUp = (value: number, block: number): number => Math.ceil(value / block) * block
