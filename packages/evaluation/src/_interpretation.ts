import type { Samples } from '@aedetect/core'
import { explainEvents } from '@aedetect/detector'
import type { SegmentCause } from './labelled-data'

/** SMD's interpretation labels against the detector's per-variable contributions over each true segment. */
export interface InterpretationAgreement {
  segments: number
  /** Mean over segments of |top-k ∩ true| / |true| with k = |true| (OmniAnomaly's HitRate@100%). */
  hitRate100: number
  /** The same with k = ⌈1.5 · |true|⌉ (HitRate@150%). */
  hitRate150: number
  /** Share of segments with at least one true variable among the top 3 (the `smd` bench's hit@3). */
  hitAt3: number
}

// Rank the variables by their summed contribution over each true segment (threshold-free, as OmniAnomaly's
// HitRate@P%), then count the true dimensions among the top ⌈P · |true|⌉.
export function interpretationAgreement(pointFeatures: Samples<Float64Array>, causes: SegmentCause[]): InterpretationAgreement | null {
  const t = pointFeatures.shape[0]
  const segments = causes.filter((s) => s.dimensions.length > 0 && s.end > s.start && s.start < t)
  if (segments.length === 0) return null
  const channels = pointFeatures.shape[1]
  const ranked = explainEvents(pointFeatures, segments.map((s) => ({ start: s.start, end: Math.min(s.end, t) - 1 })), { k: channels })
  let hit100 = 0
  let hit150 = 0
  let hit3 = 0
  segments.forEach((s, i) => {
    const order = ranked[i].variables.map((v) => v.channel)
    const truth = new Set(s.dimensions)
    const hits = (k: number): number => order.slice(0, k).filter((c) => truth.has(c)).length / truth.size
    hit100 += hits(truth.size)
    hit150 += hits(Math.ceil(1.5 * truth.size))
    hit3 += order.slice(0, 3).some((c) => truth.has(c)) ? 1 : 0
  })
  return { segments: segments.length, hitRate100: hit100 / segments.length, hitRate150: hit150 / segments.length, hitAt3: hit3 / segments.length }
}
