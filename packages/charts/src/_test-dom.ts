// Test-only helpers: a linkedom document to draw into, and readers of the drawn SVG (never imported by the entry).
import { parseHTML } from 'linkedom'
import { readFixture } from '@aedetect/test-data'

export function newDocument(): Document {
  return parseHTML('<!doctype html><html><body></body></html>').document as unknown as Document
}

/** Parses an SVG string back into elements (as a browser would from the served page). */
export function parseSvg(svg: string): Element {
  const { document } = parseHTML(`<!doctype html><html><body>${svg}</body></html>`)
  const root = document.body.firstElementChild
  if (root === null) throw new Error(`no element parsed from ${svg.slice(0, 80)}`)
  return root as unknown as Element
}

/** The texts of one of Plot's groups, e.g. 'x-axis tick label'. */
export function texts(root: Element, group: string): string[] {
  return [...root.querySelectorAll(`g[aria-label="${group}"] text`)].map((t) => t.textContent ?? '')
}

/** `translate(x,y)` of each element of a group, e.g. the tick labels of an axis. */
export function translations(root: Element, group: string): Array<[number, number]> {
  return [...root.querySelectorAll(`g[aria-label="${group}"] > *`)].map((e) => {
    const m = /translate\(([-\d.e]+),([-\d.e]+)\)/.exec(e.getAttribute('transform') ?? '')
    if (m === null) throw new Error(`no translate() on ${e.outerHTML}`)
    return [Number(m[1]), Number(m[2])]
  })
}

/** The pixel position of a data value on a linear axis, read back from two of its tick labels. */
export function axisScale(root: Element, axis: 'x' | 'y'): (v: number) => number {
  const values = texts(root, `${axis}-axis tick label`).map(Number)
  const at = translations(root, `${axis}-axis tick label`).map(([x, y]) => (axis === 'x' ? x : y))
  const [i, j] = [0, values.length - 1]
  return (v) => at[i] + ((v - values[i]) / (values[j] - values[i])) * (at[j] - at[i])
}

/** A metrics case of fixtures/sklearn-reference.json: scores, labels and sklearn's counts at thresholds. */
export interface MetricsCase {
  name: string
  scores: number[]
  labels: number[]
  atThresholds: Array<{ threshold: number; tp: number; fp: number; tn: number; fn: number }>
}

export function metricsCase(name: 'small-continuous' | 'rare-anomalies-with-ties' | 'uninformative'): MetricsCase {
  const found = readFixture<{ metrics: MetricsCase[] }>('sklearn-reference.json').metrics.find((c) => c.name === name)
  if (found === undefined) throw new Error(`fixtures/sklearn-reference.json has no metrics case '${name}'`)
  return found
}
