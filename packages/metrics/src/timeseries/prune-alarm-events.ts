import { AedetectError } from '@aedetect/core'
import type { AlarmEvent } from './alarm-events'

/** Options of {@link pruneAlarmEvents}. */
export interface PruneAlarmEventsOptions {
  /** Smallest relative drop from one event's peak to the next lower one for the higher to be kept. Default 0.13 (Telemanom's p). */
  p?: number
}

/**
 * Telemanom's pruning (Hundman et al., KDD 2018, §3.3): the events' peaks are sorted from the highest down,
 * followed by `normalMax`, the highest score that raised no alarm. Walking down, a peak whose relative drop to
 * the next value, (peak − next) / peak, is below `p` is marked for removal; a drop of at least `p` clears the
 * marks above it (those peaks stand out from what follows). The marked events are dropped: what remains are
 * the peaks that stand clearly above the normal scores. Events keep their order in time.
 * `normalMax` = −Infinity (every point flagged, see `normalMaxOf`) keeps the lowest peak.
 * @throws `E_OPTION` for `p` outside [0, 1], a NaN or +Infinity `normalMax`.
 */
export function pruneAlarmEvents(events: readonly AlarmEvent[], normalMax: number, options: PruneAlarmEventsOptions = {}): AlarmEvent[] {
  const p = options.p ?? 0.13
  if (typeof p !== 'number' || !(p >= 0 && p <= 1)) {
    throw new AedetectError('E_OPTION', `pruneAlarmEvents(): p must be in [0, 1] (a relative drop, e.g. 0.13), got ${String(p)}.`)
  }
  if (Number.isNaN(normalMax) || normalMax === Infinity) {
    throw new AedetectError('E_OPTION', `pruneAlarmEvents(): normalMax must be a score (the highest score that raised no alarm; -Infinity when every point raised one), got ${String(normalMax)}.`)
  }
  const order = events.map((_, k) => k).sort((a, b) => events[b].peak - events[a].peak || a - b)
  let marked: number[] = []
  for (let i = 0; i < order.length; i++) {
    const peak = events[order[i]].peak
    const next = i + 1 < order.length ? events[order[i + 1]].peak : normalMax
    if ((peak - next) / peak < p) marked.push(order[i])
    else marked = []
  }
  const drop = new Set(marked)
  return events.filter((_, k) => !drop.has(k))
}

/** The highest score at an unflagged point (flag 0), or −Infinity when every point is flagged. */
export function normalMaxOf(flags: ArrayLike<number>, scores: ArrayLike<number>): number {
  let max = -Infinity
  for (let i = 0; i < scores.length; i++) if (flags[i] === 0 && scores[i] > max) max = scores[i]
  return max
}
