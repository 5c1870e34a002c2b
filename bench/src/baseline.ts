// The benchmark record that CI compares with a committed baseline (bench/baseline.json), and the comparison.
// Quality figures are deterministic per seed and backend, so they get an absolute tolerance; speed is only ever
// a same-run ratio (aedetect against a reference measured in the same process), with a relative margin, since the
// machine is shared and absolute speeds move with its load.

/** One gated figure of a run. */
export interface Figure {
  /** Stable id, e.g. 'main-job/seed 0 ROC-AUC'. */
  id: string
  value: number
  /** '' for a unitless quality figure, '×' for a same-run ratio. */
  unit: string
  /** Which way is better. */
  direction: 'higher' | 'lower'
  /**
   * 'quality': may worsen by at most `tolerance` (absolute); 'ratio' (a same-run speed ratio) and 'size' (bytes,
   * deterministic for a commit): by at most `tolerance` of the baseline (relative).
   */
  kind: 'quality' | 'ratio' | 'size'
  tolerance: number
}

/** A run or a baseline: the figures and where they were measured (schema 1, documented in bench/README.md). */
export interface BenchRecord {
  schema: 1
  profile: string
  machine: string
  date: string
  commit: string
  backend: string
  figures: Figure[]
}

/** One line of the comparison table. */
export interface ComparisonRow {
  id: string
  baseline: number | undefined
  now: number | undefined
  /** now − baseline for quality, now / baseline − 1 for ratios. */
  change: number | undefined
  /** 'ok', 'REGRESSION' (fails the run), 'new' (not in the baseline) or 'missing' (in the baseline, not measured: fails). */
  verdict: 'ok' | 'REGRESSION' | 'new' | 'missing'
  /** The allowed change, written out: '≥ 0.9870 − 0.005'. */
  rule: string
}

/** Compares a run with the baseline figure by figure, using the baseline's directions and tolerances. */
export function compareWithBaseline(baseline: BenchRecord, now: BenchRecord): ComparisonRow[] {
  const measured = new Map(now.figures.map((f) => [f.id, f]))
  const rows: ComparisonRow[] = baseline.figures.map((base) => {
    const current = measured.get(base.id)
    if (current === undefined || !Number.isFinite(current.value)) {
      return { id: base.id, baseline: base.value, now: current?.value, change: undefined, verdict: 'missing', rule: 'must be measured' }
    }
    const sign = base.direction === 'higher' ? 1 : -1
    const allowed = base.kind === 'quality' ? base.tolerance : base.tolerance * Math.abs(base.value)
    const change = base.kind === 'quality' ? current.value - base.value : current.value / base.value - 1
    const ok = sign * (current.value - base.value) >= -allowed
    const bound = base.value - sign * allowed
    const rule = `${base.direction === 'higher' ? '≥' : '≤'} ${Math.abs(bound) >= 1000 ? bound.toFixed(0) : bound.toPrecision(4)} (${base.kind === 'quality' ? `±${base.tolerance}` : `${(100 * base.tolerance).toFixed(0)} % margin`})`
    return { id: base.id, baseline: base.value, now: current.value, change, verdict: ok ? 'ok' : 'REGRESSION', rule }
  })
  const known = new Set(baseline.figures.map((f) => f.id))
  for (const f of now.figures) if (!known.has(f.id)) rows.push({ id: f.id, baseline: undefined, now: f.value, change: undefined, verdict: 'new', rule: 'not gated until the baseline is updated' })
  return rows
}

/** True when no row regressed or went missing. */
export function comparisonPasses(rows: ComparisonRow[]): boolean {
  return rows.every((r) => r.verdict === 'ok' || r.verdict === 'new')
}

function cell(v: number | undefined): string {
  if (v === undefined || !Number.isFinite(v)) return '–'
  return Math.abs(v) >= 100 ? v.toFixed(0) : v.toFixed(4)
}

/** The comparison as a fixed-width table: figure, baseline, now, change, verdict, rule. */
export function formatComparison(rows: ComparisonRow[]): string {
  const cells = rows.map((r) => [r.id, cell(r.baseline), cell(r.now), r.change === undefined ? '–' : `${r.change >= 0 ? '+' : ''}${r.change.toFixed(4)}`, r.verdict, r.rule])
  const header = ['figure', 'baseline', 'now', 'change', 'verdict', 'allowed']
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)))
  const line = (c: string[]): string => `| ${c.map((v, i) => v.padEnd(widths[i])).join(' | ')} |`
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...cells.map(line)].join('\n')
}

/** Two runs side by side (e.g. two machines, or tfjs-node against wasm): every figure of either, with now / then. */
export function formatRatios(a: BenchRecord, b: BenchRecord): string {
  const ids = [...new Set([...a.figures.map((f) => f.id), ...b.figures.map((f) => f.id)])]
  const of = (r: BenchRecord, id: string): number | undefined => r.figures.find((f) => f.id === id)?.value
  const cells = ids.map((id) => {
    const x = of(a, id)
    const y = of(b, id)
    return [id, cell(x), cell(y), x !== undefined && y !== undefined && x !== 0 ? (y / x).toFixed(3) : '–']
  })
  const header = ['figure', `A (${a.machine}, ${a.backend})`, `B (${b.machine}, ${b.backend})`, 'B / A']
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)))
  const line = (c: string[]): string => `| ${c.map((v, i) => v.padEnd(widths[i])).join(' | ')} |`
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...cells.map(line)].join('\n')
}
