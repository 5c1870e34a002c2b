import type { ThresholdComparisonRow } from '@aedetect/metrics'

/** The threshold comparison as an aligned text table (the detector's own strategy marked with *). */
export function formatThresholdTable(rows: ThresholdComparisonRow[], chosen: string): string {
  const f = (v: number | null) => (v === null ? '—' : Number.isFinite(v) ? (Math.abs(v) >= 1e4 || (Math.abs(v) < 1e-3 && v !== 0) ? v.toExponential(3) : v.toFixed(4)) : String(v))
  const lines = [`  ${'strategy'.padEnd(22)}${'threshold'.padStart(12)}${'precision'.padStart(11)}${'recall'.padStart(9)}${'F1'.padStart(9)}${'FPR'.padStart(9)}${'flagged'.padStart(9)}`]
  for (const r of rows) {
    const param = ['k', 'q', 'maxFpr'].map((k) => (r.params[k] === undefined ? '' : ` ${k}=${r.params[k]}`)).join('')
    const name = `${r.strategy === chosen ? '*' : ' '}${r.strategy}${param}`.padEnd(22)
    lines.push(r.skipped !== null ? `  ${name} skipped: ${r.skipped}` : `  ${name}${f(r.threshold).padStart(12)}${f(r.precision).padStart(11)}${f(r.recall).padStart(9)}${f(r.f1).padStart(9)}${f(r.fpr).padStart(9)}${String(r.flagged).padStart(9)}`)
  }
  return lines.join('\n')
}
