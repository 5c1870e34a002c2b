import type { ReportContent } from './report-content'

/** The PCA baseline's figures on the autoencoder's split, as `ReportContent.baseline` carries them (issue 18). */
export interface Baseline {
  architecture: string
  rocAuc: number | null
  averagePrecision: number | null
  f1: number
}

/**
 * The report's baseline, or null. Read defensively: `baseline` is being added to `ReportContent` on another
 * branch, and reports of detectors saved before it have none.
 */
export function baselineOf(content: ReportContent): Baseline | null {
  const baseline = (content as { baseline?: Baseline | null }).baseline
  return baseline !== null && typeof baseline === 'object' && typeof baseline.architecture === 'string' && typeof baseline.f1 === 'number' ? baseline : null
}
