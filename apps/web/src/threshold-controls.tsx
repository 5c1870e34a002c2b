import { useMemo } from 'preact/hooks'

/** Props of {@link ThresholdControls}. */
export interface ThresholdControlsProps {
  /** Test scores (higher = more anomalous). */
  scores: ArrayLike<number>
  value: number
  /** The detector's own threshold, for the reset button. */
  detectorValue: number
  onChange: (value: number) => void
}

/**
 * A range input over the sorted test scores (each step flags one test sample more or less, so the control is as
 * fine where the scores are dense as where they are sparse) and a numeric input for any value, in score units.
 */
export function ThresholdControls({ scores, value, detectorValue, onChange }: ThresholdControlsProps) {
  const sorted = useMemo(() => Float64Array.from(scores).sort(), [scores])
  // Position i = threshold at the i-th smallest score: i samples below it are normal; n flags none.
  const position = useMemo(() => {
    let lo = 0
    let hi = sorted.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (sorted[mid] < value) lo = mid + 1
      else hi = mid
    }
    return lo
  }, [sorted, value])
  const atPosition = (i: number): number => (i < sorted.length ? sorted[i] : sorted[sorted.length - 1] * (1 + 1e-6) + 1e-12)
  return (
    <div class="threshold-controls row">
      <label class="grow">
        threshold
        <input
          type="range"
          min={0}
          max={sorted.length}
          step={1}
          value={position}
          data-testid="threshold-range"
          aria-valuetext={`threshold ${value.toPrecision(4)}`}
          onInput={(e) => onChange(atPosition(Number(e.currentTarget.value)))}
        />
      </label>
      <label>
        value
        <input
          type="number"
          step="any"
          value={Number(value.toPrecision(6))}
          data-testid="threshold-value"
          onChange={(e) => {
            const v = Number(e.currentTarget.value)
            if (Number.isFinite(v)) onChange(v)
          }}
        />
      </label>
      <button type="button" onClick={() => onChange(detectorValue)} disabled={value === detectorValue}>detector's threshold</button>
    </div>
  )
}
