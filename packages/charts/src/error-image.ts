import { AedetectError } from '@aedetect/core'
import * as Plot from '@observablehq/plot'
import { formatNumber } from './format-number'
import type { ReconstructionExample, ReconstructionImageOptions } from './reconstruction'
import { GREY } from './_palette'
import { renderSvg } from './_render'
import { chartSize } from './_size'

/**
 * Where an image reconstructs badly: the squared difference `(input − reconstruction)²` of each pixel as a heat map
 * (white = 0, dark red = the largest difference of this image), for one-channel images. Returns one `<svg>` element
 * as a string (240 × 240 by default) whose description names the largest difference.
 * @throws `E_LENGTH_MISMATCH` when the values do not fill `shape`, `E_OPTION` without a document (pass `options.document` in Node).
 */
export function errorImageSvg(example: ReconstructionExample, options: ReconstructionImageOptions): string {
  const where = 'errorImageSvg()'
  const [height, width] = options.shape
  const size = height * width
  if (example.input.length !== size || example.reconstruction.length !== size) {
    throw new AedetectError('E_LENGTH_MISMATCH', `${where}: input has ${example.input.length} values and reconstruction ${example.reconstruction.length}; expected ${size} each (a ${height} × ${width} image before and after the autoencoder).`)
  }
  const cells: Array<{ x: number; y: number; error: number }> = new Array(size)
  let hi = 0
  for (let i = 0; i < size; i++) {
    const d = example.input[i] - example.reconstruction[i]
    cells[i] = { x: i % width, y: Math.floor(i / width), error: d * d }
    hi = Math.max(hi, d * d)
  }
  return renderSvg(where, options, {
    ...chartSize(where, options, { width: 240, height: 240 }),
    axis: null,
    // No axes: a thin margin, so the frame hugs the image.
    margin: 2,
    ariaLabel: 'reconstruction error heat map',
    ariaDescription: `Squared reconstruction error of each pixel of a ${height} × ${width} image; largest ${formatNumber(hi)}.`,
    x: { domain: Array.from({ length: width }, (_, i) => i), padding: 0 },
    y: { domain: Array.from({ length: height }, (_, i) => i), padding: 0 },
    color: { type: 'linear', domain: [0, hi > 0 ? hi : 1], range: ['white', '#8b0000'] },
    // A frame: where the error is 0 the heat map is as white as the page.
    marks: [Plot.cell(cells, { x: 'x', y: 'y', fill: 'error' }), Plot.frame({ stroke: GREY })],
  })
}
