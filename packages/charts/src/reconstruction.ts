import { AedetectError } from '@aedetect/core'
import * as Plot from '@observablehq/plot'
import type { ChartOptions } from './chart-options'
import { formatNumber } from './format-number'
import { INK, RED } from './_palette'
import { LEGEND_MARGIN, legendMarks, renderSvg } from './_render'
import { chartSize } from './_size'

/** One sample and its reconstruction, in the same units (original units for the reports). */
export interface ReconstructionExample {
  /** Caption text, e.g. 'A normal test sample (data row 12, score 0.0123)'; the charts do not draw it. */
  title: string
  /** The sample's values, row-major (a row, a window's steps, or an image's pixels). */
  input: ArrayLike<number>
  /** The autoencoder's output for it, same length. */
  reconstruction: ArrayLike<number>
}

/** Options of {@link reconstructionImageSvg}. */
export interface ReconstructionImageOptions extends ChartOptions {
  /** `[height, width]` of the image in pixels; `height · width` must equal the sample's length (one channel). */
  shape: [number, number]
}

function expectSameLength(example: ReconstructionExample, where: string, expected: number): void {
  if (example.input.length !== expected || example.reconstruction.length !== expected) {
    throw new AedetectError('E_LENGTH_MISMATCH', `${where}: input has ${example.input.length} values and reconstruction ${example.reconstruction.length}; expected ${expected} each (the same sample before and after the autoencoder).`)
  }
}

/**
 * A sample against its reconstruction as two lines over the feature (or time-step) index: for rows and
 * sequences. Returns one `<svg>` element as a string (420 × 220 by default).
 * @throws `E_LENGTH_MISMATCH` when input and reconstruction differ in length, `E_OPTION` without a document (pass `options.document` in Node).
 */
export function reconstructionLinesSvg(example: ReconstructionExample, options: ChartOptions = {}): string {
  const where = 'reconstructionLinesSvg()'
  expectSameLength(example, where, example.input.length)
  const rows: Array<{ i: number; value: number; series: string }> = []
  for (let i = 0; i < example.input.length; i++) {
    rows.push({ i, value: example.input[i], series: 'input' })
    rows.push({ i, value: example.reconstruction[i], series: 'reconstruction' })
  }
  return renderSvg(where, options, {
    ...chartSize(where, options, { width: 420, height: 220, minHeight: 180 }),
    marginTop: LEGEND_MARGIN,
    ariaLabel: 'input and reconstruction',
    ariaDescription: `${example.input.length} values of the input and of its reconstruction.`,
    x: { label: 'feature / time step', tickFormat: (d: number) => (Number.isInteger(d) ? String(d) : '') },
    y: { grid: true, label: 'value', tickFormat: formatNumber },
    color: { domain: ['input', 'reconstruction'], range: [INK, RED] },
    marks: [Plot.line(rows, { x: 'i', y: 'value', stroke: 'series', z: 'series', strokeWidth: 1.5 }), ...legendMarks([{ label: 'input', color: INK }, { label: 'reconstruction', color: RED }])],
  })
}

/**
 * An image and its reconstruction side by side as grey pixels (black = the lowest value of either, white =
 * the highest), for one-channel images. Returns one `<svg>` element as a string (420 × 240 by default).
 * @throws `E_LENGTH_MISMATCH` when the values do not fill `shape`, `E_OPTION` without a document (pass `options.document` in Node).
 */
export function reconstructionImageSvg(example: ReconstructionExample, options: ReconstructionImageOptions): string {
  const where = 'reconstructionImageSvg()'
  const [height, width] = options.shape
  expectSameLength(example, where, height * width)
  const cells: Array<{ x: number; y: number; value: number; panel: string }> = []
  let lo = Number.POSITIVE_INFINITY
  let hi = Number.NEGATIVE_INFINITY
  for (const [panel, values] of [['input', example.input], ['reconstruction', example.reconstruction]] as const) {
    for (let i = 0; i < height * width; i++) {
      cells.push({ x: i % width, y: Math.floor(i / width), value: values[i], panel })
      lo = Math.min(lo, values[i])
      hi = Math.max(hi, values[i])
    }
  }
  return renderSvg(where, options, {
    ...chartSize(where, options, { width: 420, height: 240 }),
    axis: null,
    ariaLabel: 'input and reconstruction images',
    ariaDescription: `A ${height} × ${width} image and its reconstruction.`,
    x: { domain: Array.from({ length: width }, (_, i) => i), padding: 0 },
    y: { domain: Array.from({ length: height }, (_, i) => i), padding: 0 },
    fx: { domain: ['input', 'reconstruction'], padding: 0.1 },
    color: { type: 'linear', domain: [lo, hi > lo ? hi : lo + 1], range: ['black', 'white'] },
    marks: [Plot.cell(cells, { x: 'x', y: 'y', fx: 'panel', fill: 'value' }), Plot.axisFx({ label: null, anchor: 'top' })],
  })
}
