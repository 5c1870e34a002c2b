/** The chart module of `@aedetect/charts` (the CLI report's code). */
export type Charts = typeof import('@aedetect/charts')

// Observable Plot brings d3 (about 270 kB, 90 kB gzip): load the chart module with the first chart, in its own
// chunk, not with the page.
let chartsModule: Promise<Charts> | null = null

/** Loads `@aedetect/charts` once (its own chunk). */
export function loadCharts(): Promise<Charts> {
  chartsModule ??= import('@aedetect/charts')
  return chartsModule
}

/**
 * Loads the chart module and draws one small loss chart into nothing: the first draw of Observable Plot runs
 * cold code (measured: a 133 ms frame at the first epoch of training); drawn once at load, the live chart's
 * first frame during training is as short as the others.
 */
export async function warmCharts(): Promise<void> {
  const lib = await loadCharts()
  lib.lossCurvesSvg({ loss: [1, 0.5], valLoss: [1, 0.6], bestEpoch: 2 }, { width: 300 })
}
