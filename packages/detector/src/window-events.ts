import { AedetectError, type Samples } from '@aedetect/core'

/** An event: a maximal run of anomalous points, `start` and `end` both inclusive (0-based time steps). */
export interface PointEvent {
  start: number
  end: number
}

/** One variable's share of an event. */
export interface EventVariable {
  /** 0-based channel index. */
  channel: number
  /** Sum over the event's points of the channel's point contribution (scaled units). */
  contribution: number
  /** `contribution` divided by the sum over all channels, in [0, 1]. */
  share: number
}

/** An event with the variables that contributed most to it, largest first. */
export interface EventExplanation extends PointEvent {
  variables: EventVariable[]
}

/**
 * The events of a 0/1 point series (1 = anomaly): every maximal run of 1s as `{ start, end }`, both inclusive,
 * in order. `[0, 1, 1, 0, 1]` gives `[{ start: 1, end: 2 }, { start: 4, end: 4 }]`.
 */
export function pointEvents(labels: ArrayLike<number>): PointEvent[] {
  const events: PointEvent[] = []
  let start = -1
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] === 1 && start < 0) start = i
    if (labels[i] !== 1 && start >= 0) {
      events.push({ start, end: i - 1 })
      start = -1
    }
  }
  if (start >= 0) events.push({ start, end: labels.length - 1 })
  return events
}

/**
 * For each event, the `k` channels with the largest summed point contributions over the event's points
 * (`pointFeatures` is `[t, channels]`, as `WindowDetector.scorePointFeatures` returns), largest first; ties
 * keep the lower channel first. Throws 'E_OPTION' for an event outside the series or a `k` that is not a
 * positive integer.
 */
export function explainEvents(pointFeatures: Samples<Float32Array | Float64Array>, events: PointEvent[], options: { k?: number } = {}): EventExplanation[] {
  const [t, channels] = pointFeatures.shape
  const k = options.k ?? 3
  if (!Number.isInteger(k) || k < 1) {
    throw new AedetectError('E_OPTION', `explainEvents(): k must be a positive integer, got ${String(k)}.`)
  }
  return events.map(({ start, end }) => {
    if (!(Number.isInteger(start) && Number.isInteger(end) && start >= 0 && start <= end && end < t)) {
      throw new AedetectError('E_OPTION', `explainEvents(): event [${start}, ${end}] is not inside the series of ${t} points. Pass events with 0 ≤ start ≤ end < ${t}.`)
    }
    const sums = new Float64Array(channels)
    let total = 0
    for (let i = start; i <= end; i++) {
      for (let c = 0; c < channels; c++) sums[c] += pointFeatures.data[i * channels + c]
    }
    for (let c = 0; c < channels; c++) total += sums[c]
    const order = Array.from({ length: channels }, (_, c) => c).sort((a, b) => sums[b] - sums[a] || a - b)
    const variables = order.slice(0, Math.min(k, channels)).map((channel) => ({ channel, contribution: sums[channel], share: total > 0 ? sums[channel] / total : 0 }))
    return { start, end, variables }
  })
}
