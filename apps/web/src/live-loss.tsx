import type { EpochProgress } from '@aedetect/models'
import { useEffect, useMemo, useState } from 'preact/hooks'
import { ChartFigure } from './chart-figure'
import { loadCharts, type Charts } from './charts-loader'

/** Props of {@link LiveLoss}. */
export interface LiveLossProps {
  /** The epochs finished so far, in order. */
  epochs: EpochProgress[]
  /** Width to draw at, px. */
  width: number
}

/** The loss and validation-loss curves of the training under way, redrawn after each epoch. */
export function LiveLoss({ epochs, width }: LiveLossProps) {
  const [lib, setLib] = useState<Charts | null>(null)
  useEffect(() => void loadCharts().then(setLib, () => undefined), [])
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
