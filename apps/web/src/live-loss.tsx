import type { EpochProgress } from '@aedetect/models'
import { useEffect, useMemo, useRef, useState } from 'preact/hooks'
import { ChartFigure } from './chart-figure'
import { loadCharts, type Charts } from './charts-loader'

const REDRAW_MS = 300

/** Props of {@link LiveLoss}. */
export interface LiveLossProps {
  /** The epochs finished so far, in order. */
  epochs: EpochProgress[]
  /** Width to draw at, px. */
  width: number
}

/** The loss and validation-loss curves of the training under way, redrawn after each epoch. */
export function LiveLoss({ epochs: latest, width }: LiveLossProps) {
  const [lib, setLib] = useState<Charts | null>(null)
  useEffect(() => void loadCharts().then(setLib, () => undefined), [])
  // ECG5000's epochs take ~0.1 s in the worker: redraw the chart at most every 300 ms, the last epoch always.
  const [epochs, setEpochs] = useState(latest)
  const drawnAt = useRef(0)
  useEffect(() => {
    const wait = drawnAt.current + REDRAW_MS - performance.now()
    const draw = (): void => {
      drawnAt.current = performance.now()
      setEpochs(latest)
    }
    if (wait <= 0) return void draw()
    const timer = setTimeout(draw, wait)
    return () => clearTimeout(timer)
  }, [latest])
  const svg = useMemo(() => {
    if (lib === null || epochs.length === 0) return ''
    const loss = epochs.map((p) => p.loss)
    const valLoss = epochs.flatMap((p) => (p.valLoss === undefined ? [] : [p.valLoss]))
    const monitored = valLoss.length === loss.length ? valLoss : loss
    const bestEpoch = monitored.indexOf(Math.min(...monitored)) + 1
    return lib.lossCurvesSvg({ loss, valLoss, bestEpoch }, { width: Math.max(200, width) })
  }, [lib, epochs, width])
  if (epochs.length === 0) return null
  return <ChartFigure name="live-loss" caption={`Loss per epoch so far (${epochs.length} of ${epochs[0].epochs}); dashed: the best epoch yet`} svg={svg} />
}
