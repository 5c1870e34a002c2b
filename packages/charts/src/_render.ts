import { AedetectError } from '@aedetect/core'
import * as Plot from '@observablehq/plot'
import type { ChartOptions } from './chart-options'

/**
 * Draws a Plot specification into the caller's document (or the global one) and serialises it. The DOM
 * serializer escapes every text and attribute, so names taken from the data cannot inject markup.
 */
export function renderSvg(where: string, options: ChartOptions, spec: Plot.PlotOptions): string {
  const document = options.document ?? (globalThis as { document?: Document }).document
  if (document === undefined || typeof document.createElementNS !== 'function') {
    throw new AedetectError('E_OPTION', `${where}: no DOM document to draw into (Node has none). Pass { document } from linkedom: parseHTML('<!doctype html><html><body></body></html>').document.`)
  }
  const element = Plot.plot({ ...spec, document }) as unknown as { outerHTML: string }
  return element.outerHTML
}

/** Space above the frame that {@link legendMarks} draws into; pass it as the chart's `marginTop`. */
export const LEGEND_MARGIN = 34

/**
 * Legend entries drawn inside the SVG, in one row above the frame on the right (the y-axis label holds the
 * left), so every chart is one self-contained <svg> element and no entry covers data.
 * In a faceted chart, `facet: 'super'` draws the legend once over the whole figure instead of in every facet.
 */
export function legendMarks(entries: Array<{ label: string; color: string }>, { faceted = false }: { faceted?: boolean } = {}): Plot.Markish[] {
  // About 6.5 px per character at the 11 px font, plus the swatch and a gap.
  let right = 0
  return entries
    .slice()
    .reverse()
    .map((entry) => {
      const mark = Plot.text([entry.label], { frameAnchor: 'top-right', dx: -right, dy: -16, text: (d: string) => `■ ${d}`, fill: entry.color, fontSize: 11, textAnchor: 'end', ...(faceted ? { facet: 'super' as const } : {}) })
      right += 6.5 * (entry.label.length + 2) + 12
      return mark
    })
}
