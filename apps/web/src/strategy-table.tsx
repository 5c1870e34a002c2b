import type { ThresholdComparisonRow } from '@aedetect/metrics'

/** Props of {@link StrategyTable}. */
export interface StrategyTableProps {
  rows: ThresholdComparisonRow[]
  /** The threshold the page shows now (score units). */
  current: number
  onApply: (value: number) => void
}

const f3 = (v: number | null): string => (v === null ? '–' : v.toFixed(3))

function label(row: ThresholdComparisonRow): string {
  const params = Object.entries(row.params).filter(([key]) => ['k', 'q', 'maxFpr'].includes(key))
  return params.length === 0 ? row.strategy : `${row.strategy} (${params.map(([k, v]) => `${k} ${v}`).join(', ')})`
}

/**
 * Every threshold strategy of the evaluation (chosen on the calibration scores, never the test rows), with its
 * figures on the test rows and a button that moves the page's threshold to it.
 */
export function StrategyTable({ rows, current, onApply }: StrategyTableProps) {
  if (rows.length === 0) return null
  return (
    <div class="scroll">
      <table data-testid="strategies">
        <caption>Threshold strategies (chosen without the test rows, measured on them)</caption>
        <thead>
          <tr><th>strategy</th><th>threshold</th><th>precision</th><th>recall</th><th>F1</th><th>FPR</th><th>flagged</th><th /></tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr data-strategy={row.strategy} class={row.threshold === current ? 'applied' : undefined}>
              <td>{label(row)}</td>
              <td>{row.threshold === null ? '–' : row.threshold.toPrecision(4)}</td>
              <td>{f3(row.precision)}</td>
              <td>{f3(row.recall)}</td>
              <td>{f3(row.f1)}</td>
              <td>{f3(row.fpr)}</td>
              <td>{row.flagged ?? '–'}</td>
              <td>
                {row.threshold === null ? (
                  <span class="muted" title={row.skipped ?? ''}>skipped</span>
                ) : (
                  <button type="button" aria-label={`apply ${label(row)}`} onClick={() => onApply(row.threshold as number)}>apply</button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
