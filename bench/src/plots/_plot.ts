// Observable Plot, reached through @aedetect/charts (its dependency): bench has no direct dependency on
// @observablehq/plot, and pnpm's strict node_modules do not let bench import it by name. When bench depends on
// it directly, this file becomes `export * as Plot from '@observablehq/plot'` and the types below go.
import { createRequire } from 'node:module'
import { pathToFileURL } from 'node:url'
import { parseHTML } from 'linkedom'

/** The channels and options of Plot's marks this folder uses (Plot's own types are not reachable from bench). */
type Channel<T> = string | number | ((d: T) => unknown)
interface MarkOptions<T> {
  x?: Channel<T>
  y?: Channel<T>
  fill?: Channel<T>
  stroke?: Channel<T>
  r?: number
  text?: Channel<T>
  title?: Channel<T>
  dx?: number
  textAnchor?: 'start' | 'middle' | 'end'
  fontSize?: number
  strokeWidth?: number
  strokeDasharray?: string
  frameAnchor?: string
  dy?: number
}
type Mark = object
export interface PlotModule {
  plot(options: Record<string, unknown> & { marks: Mark[]; document: unknown }): { outerHTML: string; setAttribute(name: string, value: string): void }
  dot<T>(data: T[], options: MarkOptions<T>): Mark
  tickX<T>(data: T[], options: MarkOptions<T>): Mark
  ruleX<T>(data: T[], options?: MarkOptions<T>): Mark
  text<T>(data: T[], options: MarkOptions<T>): Mark
}

let loaded: PlotModule | undefined

/** Loads Plot once from the copy @aedetect/charts resolves. */
export async function loadPlot(): Promise<PlotModule> {
  if (loaded !== undefined) return loaded
  const require = createRequire(import.meta.url)
  const plotEntry = createRequire(require.resolve('@aedetect/charts')).resolve('@observablehq/plot')
  loaded = (await import(pathToFileURL(plotEntry).href)) as PlotModule
  return loaded
}

/** A fresh linkedom document for Plot to draw into (Node has no DOM). */
export function newDocument(): unknown {
  return parseHTML('<!doctype html><html><body></body></html>').document
}
